# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv and install everything on first use; no exported variables.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup browser lint format messages check bench clean help

help:
	@echo "make run    - serve the portal with demo data at http://127.0.0.1:$(PORT)"
	@echo "make test   - run the whole test suite (embedded PostgreSQL and Redis)"
	@echo "make lint   - ruff check + format check"
	@echo "make check  - lint, migrations check, tests"
	@echo "make messages - refresh locale/*.po from the code"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check ".[embedded,dev]"
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	PORT=$(PORT) $(PY) -m coworking_region.stack run

# Browser tests use Debian's /usr/bin/chromium; without it we try Playwright's
# own download (works only where the internet is reachable).
browser: setup
	@if [ -x /usr/bin/chromium ]; then \
	  echo "browser tests: using /usr/bin/chromium"; \
	else \
	  echo "browser tests: /usr/bin/chromium not found, trying 'playwright install chromium'"; \
	  timeout 300 $(VENV)/bin/playwright install chromium \
	    || echo "browser tests: no browser available, they will be skipped"; \
	fi

test: setup browser
	$(PY) -m coworking_region.stack test $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup
	DEBUG=true $(PY) manage.py makemessages -l sv -l en --no-obsolete --add-location file \
	  --ignore '.venv/*' --ignore 'var/*' --ignore 'static/*' --ignore 'tests/*'

check: lint test
	DEBUG=true $(PY) -m coworking_region.stack services $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var/test-pg-* var/redis-test var/staticfiles
