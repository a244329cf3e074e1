"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "portal.example",
    "DATABASE_URL": "postgres://portal@db.example:5432/portal",
    "REDIS_URL": "redis://redis.example:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example:587",
    "SITE_URL": "https://portal.example",
}


def load_settings(**overrides: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    env.update(PRODUCTION)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django; django.setup(); from django.conf import settings; "
                "print(settings.EMAIL_BACKEND, settings.DATABASES['default']['HOST'])"
            ),
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "coworking_region.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_load_from_the_environment():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert "smtp.EmailBackend db.example" in result.stdout


def test_production_without_secret_key_refuses_with_a_clear_message():
    result = load_settings(SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_without_allowed_hosts_refuses():
    result = load_settings(ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_without_site_url_or_smtp_refuses():
    result = load_settings(SITE_URL=None)
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr
    result = load_settings(EMAIL_URL=None)
    assert result.returncode != 0
    assert "EMAIL_URL must be set" in result.stderr


def test_only_postgresql_is_accepted():
    result = load_settings(DATABASE_URL="sqlite:///tmp/portal.db")
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_debug_has_development_defaults():
    result = load_settings(
        DEBUG="true", SECRET_KEY=None, ALLOWED_HOSTS=None, EMAIL_URL=None, REDIS_URL=None
    )
    assert result.returncode == 0, result.stderr
    assert "console.EmailBackend" in result.stdout
