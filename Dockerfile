# The production image: gunicorn for the web, the same image runs Celery.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
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
 && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "coworking_region.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
