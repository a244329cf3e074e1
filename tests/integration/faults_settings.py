"""Settings of the portal processes that tests/integration/test_faults.py starts.

The production settings (DEBUG off: no debug pages, the real error handlers),
except what needs TLS in front (secure cookies, the HTTPS redirect) or a
`collectstatic` run (the manifest storage): the tests talk plain HTTP to
127.0.0.1 and never fetch static files.
"""

from coworking_region.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
