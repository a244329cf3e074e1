"""Retention: records that hold personal data are deleted when their purpose
has passed. Celery beat runs `purge_expired_data` daily
(coworking_region.tasks.purge_expired_data); each period is a setting from
the environment, and the privacy notice (/integritet/) shows the same values.

- Login records (django-axes: failed-login attempts and their log, and the
  log of successful logins if it is switched on): FAILED_LOGIN_RETENTION_DAYS.
- Audit trail entries: AUDIT_RETENTION_DAYS (coworking_region.audit.purge_before).
- Sessions past their expiry date (what `manage.py clearsessions` does).

Other periods live with their data: meeting registrations are anonymised
LEARNING_RETENTION_DAYS after the meeting (learning_journeys.services), sent
and failed emails are deleted OUTBOX_RETENTION_DAYS after they were written
(coworking_region.outbox.outbox_sweep).
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coworking_region import audit

log = logging.getLogger(__name__)

# axes' models, deleted by the time of the attempt or login.
LOGIN_RECORD_MODELS = ("AccessAttempt", "AccessFailureLog", "AccessLog")


def retention_periods() -> dict[str, int]:
    """The periods in force, in days (session lifetime rounded up), for the
    privacy notice and the purge."""
    return {
        "learning_days": settings.LEARNING_RETENTION_DAYS,
        "outbox_days": settings.OUTBOX_RETENTION_DAYS,
        "failed_login_days": settings.FAILED_LOGIN_RETENTION_DAYS,
        "audit_days": settings.AUDIT_RETENTION_DAYS,
        "session_days": max(1, math.ceil(settings.SESSION_COOKIE_AGE / 86400)),
    }


def purge_login_records(*, now: datetime) -> dict[str, int]:
    from django.apps import apps

    cutoff = now - timedelta(days=settings.FAILED_LOGIN_RETENTION_DAYS)
    counts = {}
    with transaction.atomic():
        for name in LOGIN_RECORD_MODELS:
            model = apps.get_model("axes", name)
            _total, per_model = model.objects.filter(attempt_time__lt=cutoff).delete()
            counts[name] = per_model.get(model._meta.label, 0)
    return counts


def purge_expired_sessions(*, now: datetime) -> int:
    """Delete sessions past their expiry date; for a session engine without a
    database table, its own clear_expired() (which reports no count)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):
        count, _ = store.get_model_class().objects.filter(expire_date__lt=now).delete()
        return count
    store.clear_expired()
    return 0


def purge_expired_data(*, now: datetime | None = None) -> dict[str, int]:
    """Delete what has outlived its retention period; returns the counts by kind."""
    now = now or timezone.now()
    counts = purge_login_records(now=now)
    with transaction.atomic():
        counts["AuditEntry"] = audit.purge_before(
            now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        )
    counts["Session"] = purge_expired_sessions(now=now)
    log.info(
        "Retention purge: %s",
        ", ".join(f"{name}={count}" for name, count in counts.items()),
    )
    return counts
