"""Staff single sign-on: an identity provider that does not answer is an error
page, not a server error.

allauth's OpenID Connect views fetch the provider's discovery document
(/.well-known/openid-configuration) outside their own error handling, so a
provider that is down, unreachable or answering garbage would raise
requests' exception out of the view (a 500). This middleware turns exactly that
case, on exactly those two views, into allauth's "third-party login failure"
page with 503 Service Unavailable; anything else is left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import requests
from allauth.account import app_settings as account_settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

SSO_VIEWS = frozenset({"openid_connect_login", "openid_connect_callback"})


class IdentityProviderErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = request.resolver_match
        if not isinstance(exception, requests.RequestException) or (
            match is None or match.url_name not in SSO_VIEWS
        ):
            return None
        logger.warning(
            "Staff single sign-on: the identity provider did not answer (%s): %s",
            match.url_name,
            exception,
        )
        return render(
            request,
            f"socialaccount/authentication_error.{account_settings.TEMPLATE_EXTENSION}",
            status=503,
        )
