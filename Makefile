# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv and install everything on first use; no exported variables.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup browser lint format messages check audit bench clean help

help:
	@echo "make run    - serve the portal with demo data at http://127.0.0.1:$(PORT)"
	@echo "make test   - run the whole test suite (embedded PostgreSQL and Redis)"
	@echo "make lint   - ruff check + format check"
	@echo "make check  - lint, migrations check, tests"
	@echo "make audit  - bandit (code) and known vulnerabilities of installed packages"
	@echo "make messages - refresh locale/*.po from the code"
	@echo "make bench  - county-scale benchmark: prints figures, writes bench/results.json"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools
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

# Bandit over our code (pyproject.toml [tool.bandit]); then the installed packages
# against PyPI's vulnerability data (.ci/audit_deps.py says why not plain pip-audit).
# County-scale figures (issue 8): a fresh database filled by generate_county,
# roll-up, pages and sign-up load; prints a Markdown table, writes bench/results.json.
# BENCH_ARGS="--scale 0.1 --load-seconds 10" for a quick run.
BENCH_ARGS ?=
bench: setup
	$(PY) -m coworking_region.stack services $(PY) -m bench.run $(BENCH_ARGS)

audit: setup
	$(VENV)/bin/bandit -c pyproject.toml -r . -q
	$(PY) .ci/audit_deps.py

check: lint test
	DEBUG=true $(PY) -m coworking_region.stack services $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var/test-pg-* var/redis-test var/staticfiles
