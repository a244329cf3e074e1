"""Django's Redis cache backend, made safe for a Redis outage.

The portal's cache holds nothing that must survive: rate-limit counters
(allauth, meeting sign-ups) and the worker heartbeat. Django's own RedisCache
raises on every call while Redis is unreachable, which turns a login or a
sign-up into a 500. `ResilientRedisCache` instead behaves like Django's
DummyCache while Redis is unreachable (a read is a miss, a write is dropped,
`add` succeeds, `incr` finds no key), and logs one warning per outage.

So that an unreachable Redis (a timeout, not a refused connection) does not
cost every request `socket_connect_timeout` seconds per call, the first
failure opens a circuit: for RETRY_SECONDS (OPTIONS "retry_seconds", default
5) this process does not try Redis at all. /healthz checks Redis on its own
connection and closes the circuit as soon as Redis answers (`circuit_close`).

Consequence: while Redis is down the rate limits are not enforced (the login
lockout of django-axes is in the database and still is). README, "Resilience".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SECONDS = 5.0

# Per process and Redis location: until when (time.monotonic()) Redis is not tried.
_open_until: dict[str, float] = {}
_lock = threading.Lock()


def circuit_close(location: str | None = None) -> None:
    """Try Redis again on the next call (all locations if None)."""
    with _lock:
        if location is None:
            _open_until.clear()
        else:
            _open_until.pop(location, None)


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        self.retry_seconds = float(params["OPTIONS"].pop("retry_seconds", RETRY_SECONDS))
        super().__init__(server, params)
        self.location = server if isinstance(server, str) else ",".join(server)

    def _call(self, operation: Callable[[], T], fallback: T) -> T:
        now = time.monotonic()
        if _open_until.get(self.location, 0.0) > now:
            return fallback
        try:
            result = operation()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            with _lock:
                first = self.location not in _open_until
                _open_until[self.location] = time.monotonic() + self.retry_seconds
            if first:
                logger.warning(
                    "cache: Redis unreachable (%s: %s); going on without a cache",
                    type(exc).__name__,
                    exc,
                )
            return fallback
        if self.location in _open_until:
            with _lock:
                if _open_until.pop(self.location, None) is not None:
                    logger.warning("cache: Redis reachable again")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: RedisCache.add(self, key, value, timeout, version), True)

    def get(self, key, default=None, version=None):
        return self._call(lambda: RedisCache.get(self, key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key, version=None):
        return self._call(lambda: RedisCache.delete(self, key, version), False)

    def get_many(self, keys, version=None):
        return self._call(lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key, version=None):
        return self._call(lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(lambda: RedisCache.incr(self, key, delta, version), missing)
        if result is missing:
            # As DummyCache: the key is not there.
            raise ValueError(f"Key '{key}' not found.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: RedisCache.set_many(self, data, timeout, version), [])

    def delete_many(self, keys, version=None):
        return self._call(lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self):
        return self._call(lambda: RedisCache.clear(self), False)
