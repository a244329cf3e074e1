"""Liveness of the parts the portal needs: database, Redis, Celery worker + beat."""

from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from coworking_region.cache import circuit_close
from coworking_region.lib.heartbeat import heartbeat_last, heartbeat_max_age_seconds


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the detail says why
        return Check("database", False, type(exc).__name__)
    return Check("database", True, "ok")


def check_redis() -> Check:
    """Redis is both the cache and the Celery broker."""
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        return Check("redis", False, type(exc).__name__)
    finally:
        client.close()
    # Redis answers: the cache need not wait for its retry delay (coworking_region.cache).
    circuit_close()
    return Check("redis", True, "ok")


def check_celery(*, redis_ok: bool = True) -> Check:
    """The worker is alive when beat's heartbeat task ran recently. Without
    Redis no task reaches a worker, and the heartbeat cannot be read."""
    if not redis_ok:
        return Check("celery", False, "no heartbeat (Redis unavailable)")
    try:
        last = heartbeat_last()
    except redis.RedisError:
        return Check("celery", False, "no heartbeat (Redis unavailable)")
    if last is None:
        return Check("celery", False, "no heartbeat yet")
    age = (timezone.now() - last).total_seconds()
    if age > heartbeat_max_age_seconds():
        return Check("celery", False, f"last heartbeat {age:.0f} s ago")
    return Check("celery", True, f"last heartbeat {age:.0f} s ago")


def run_checks() -> list[Check]:
    redis_check = check_redis()
    return [check_database(), redis_check, check_celery(redis_ok=redis_check.ok)]
