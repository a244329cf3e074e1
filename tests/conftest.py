"""Shared fixtures: settings for tests and the personas every view test uses.

Personas: `coworker`, `manager` (of `hub`), `other_manager` (of `other_hub`),
`staff` (Region JH) and `admin`.
"""

import os

import pytest

from tests.factories import HubFactory, HubManagerFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls in
# the same tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ACCOUNT_RATE_LIMITS = False
    settings.LANGUAGE_CODE = "sv"


@pytest.fixture
def hub(db):
    return HubFactory(name="Samverket", slug="samverket")


@pytest.fixture
def other_hub(db):
    return HubFactory(name="Kollektivet", slug="kollektivet")


@pytest.fixture
def coworker(db):
    return UserFactory(email="coworker@example.org")


@pytest.fixture
def manager(hub):
    return HubManagerFactory(hub=hub, user__email="manager@example.org").user


@pytest.fixture
def other_manager(other_hub):
    return HubManagerFactory(hub=other_hub, user__email="other.manager@example.org").user


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_region_staff=True)


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
