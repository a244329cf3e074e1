# The production image: gunicorn for the web, the same image runs Celery.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# pg_dump / pg_restore for `manage.py backup` / `restore` (coworking_region/backup.py).
# Their major version must match the server's (postgres:16 in docker-compose.yml;
# a newer pg_dump writes settings an older server refuses). Debian's own package
# is another major, so the client comes from the PostgreSQL project's apt repository
# (its key fetched over HTTPS with the image's Python; no curl or gnupg needed).
ARG POSTGRES_MAJOR=16
ENV PG_BIN_DIR=/usr/lib/postgresql/${POSTGRES_MAJOR}/bin
RUN set -eux; \
    install -d /usr/share/postgresql-common/pgdg; \
    python -c "import urllib.request as u; u.urlretrieve('https://www.postgresql.org/media/keys/ACCC4CF8.asc', '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc')"; \
    . /etc/os-release; \
    echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list; \
    apt-get update; \
    apt-get install -y --no-install-recommends "postgresql-client-${POSTGRES_MAJOR}"; \
    rm -rf /var/lib/apt/lists/*; \
    "${PG_BIN_DIR}/pg_dump" --version
RUN useradd --system --create-home portal
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# Compile translations and collect static files at build time. Settings need
# production values to load; these are placeholders used only for this step.
RUN python -m coworking_region.stack compilemessages \
 && DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build DATABASE_URL=postgres://build@build/build \
    REDIS_URL=redis://build:6379/0 EMAIL_URL=smtp://build:25 \
    python manage.py collectstatic --no-input \
 && mkdir -p /app/media \
 && chown -R portal /app/var /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "coworking_region.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
