"""{% staff_sso as sso %}: the staff single sign-on button's data, or None when
SSO is not configured (then the login page shows no button)."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.utils import get_request_param
from django import template
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_sso(context) -> dict[str, str] | None:
    request = context.get("request")
    if not settings.SOCIALACCOUNT_PROVIDERS:  # off: no database look-up either
        return None
    try:
        provider = get_adapter(request).get_provider(request, settings.STAFF_SSO_PROVIDER_ID)
    except SocialApp.DoesNotExist:
        return None
    params = {}
    next_url = get_request_param(request, REDIRECT_FIELD_NAME)
    if next_url:
        params[REDIRECT_FIELD_NAME] = next_url  # allauth checks it is a safe URL
    return {"name": provider.name, "login_url": provider.get_login_url(request, **params)}
