"""Login brute-force protection (django-axes), wired to the portal.

Settings (coworking_region/settings.py, "Login lockout"): after
AXES_FAILURE_LIMIT failed logins for one username from one IP address, that
combination is locked for AXES_COOLOFF_TIME. Locking the combination, not the
username, means an attacker elsewhere cannot lock a real user out from their
own network; locking it, not the IP, means a shared office address is not
locked for everyone.

This module holds what axes calls back:
- `login_username`: one key for the same person whichever form was used.
  allauth's login form calls authenticate(email=...), the admin's
  authenticate(username=...), and both POST the address under another name
  ("login", "username"); the address is compared case-insensitively.
- `LockoutBackend`: axes' backend, except that an authenticate() call without
  a request (the test client's login(), a shell) is left to the other backends:
  there is no client to count. Every login page of the portal (allauth's,
  the admin's, reauthentication) passes its request.
- `lockout_response`: the 429 page (templates/account/lockout.html) saying
  when to try again and how to reset the password.
- `clear_lockout_after_password_reset`: a password reset proves the person
  holds the address, so their lockout is lifted (connected in apps.py).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from allauth.account.signals import password_reset
from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

# Where a login's username may be, in order: allauth's authenticate(email=...),
# the admin's authenticate(username=...), allauth's form field.
USERNAME_KEYS = ("email", "username", "login")


def normalise_username(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    return value or None


def login_username(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the typed username (an email address), lower case."""
    for source in (credentials or {}, getattr(request, "POST", None) or {}):
        for key in USERNAME_KEYS:
            username = normalise_username(source.get(key))
            if username:
                return username
    return None


class LockoutBackend(AxesStandaloneBackend):
    """axes' lockout check; first in AUTHENTICATION_BACKENDS (it never logs anyone in)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_ends_at(request: HttpRequest, credentials: dict | None) -> datetime:
    """When the lock on this username and address ends: the cool-off after the
    last counted failure (failures during the lock are not counted, so the time
    does not move while someone keeps trying)."""
    cool_off = get_cool_off(request) or timedelta(0)
    last = AccessAttempt.objects.filter(
        username=login_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None) or get_client_ip_address(request),
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or getattr(request, "axes_attempt_time", None) or timezone.now()) + cool_off


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a portal page with status 429 and Retry-After."""
    ends_at = lockout_ends_at(request, credentials)
    seconds = max(1, math.ceil((ends_at - timezone.now()).total_seconds()))
    response = render(
        request,
        "account/lockout.html",
        {
            "ends_at": ends_at,
            "minutes": max(1, math.ceil(seconds / 60)),
            "failure_limit": get_failure_limit(request, credentials),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


@receiver(password_reset, dispatch_uid="coworking_region.lockout.password_reset")
def clear_lockout_after_password_reset(sender, request, user, **kwargs) -> None:
    username = normalise_username(user.get_username())
    if username:
        AxesProxyHandler.reset_attempts(username=username)
