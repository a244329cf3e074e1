"""The worker heartbeat: written by a periodic Celery task, read by /healthz.

Beat schedules `coworking_region.tasks.heartbeat` every
HEARTBEAT_INTERVAL_SECONDS; a worker runs it and stores the time in Redis. A
heartbeat older than three intervals means the worker or beat is down.
"""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

CACHE_KEY = "celery:heartbeat"


def heartbeat_record(*, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    cache.set(CACHE_KEY, now.isoformat(), timeout=None)
    return now


def heartbeat_last() -> datetime | None:
    value = cache.get(CACHE_KEY)
    return datetime.fromisoformat(value) if value else None


def heartbeat_max_age_seconds() -> float:
    return 3 * settings.HEARTBEAT_INTERVAL_SECONDS
