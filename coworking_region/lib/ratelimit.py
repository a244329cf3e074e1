"""A small fixed-window rate limiter on the shared cache (Redis), for form
posts that allauth and DRF do not cover (meeting sign-ups). If the cache is
down, requests are let through: availability over strictness."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def too_many(key: str, *, limit: int, period_seconds: int) -> bool:
    """Count one attempt for `key`; True once more than `limit` happened in the window."""
    cache_key = f"ratelimit:{key}"
    try:
        if cache.add(cache_key, 1, timeout=period_seconds):
            return False
        return cache.incr(cache_key) > limit
    except Exception:  # noqa: BLE001 - a cache outage must not block sign-ups
        logger.warning("rate limiter: cache unavailable, letting %s through", key, exc_info=True)
        return False


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
