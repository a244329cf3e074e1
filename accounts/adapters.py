"""allauth adapters of the portal (settings.SOCIALACCOUNT_ADAPTER).

The social account adapter ties staff single sign-on to the Region staff role;
the rules themselves live in accounts.sso.
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.http import HttpRequest

from accounts import sso


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Staff SSO: the Region staff flag follows the identity provider at every
    SSO sign-in (new and existing users), and an existing portal account is
    signed in by its email address only for the staff provider and
    allow-listed, provider-verified addresses."""

    def can_authenticate_by_email(self, login: Any, email: str) -> bool:
        # allauth only asks about addresses the provider marked as verified.
        # SOCIALACCOUNT_EMAIL_AUTHENTICATION stays False for every other case:
        # a provider could otherwise sign in to anyone's portal account.
        return sso.is_staff_provider(login.provider) and sso.is_staff_email(email)

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """Runs at every sign-in through a provider, after the portal account
        was looked up. An existing account gets its role set now; a new one in
        save_user. Connecting a provider to an account that is already signed
        in (or allauth's "redirect" process) is not a sign-in: the role follows
        at the next SSO sign-in."""
        super().pre_social_login(request, sociallogin)
        if (sociallogin.state.get("process") or AuthProcess.LOGIN) != AuthProcess.LOGIN:
            return
        if sociallogin.is_existing:
            sso.apply_staff_role(sociallogin.user, sociallogin)

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict) -> Any:
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").strip().lower()
        full_name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.name = (full_name or "").strip()[: user._meta.get_field("name").max_length]
        # Never taken from the provider's data as such: set in save_user.
        user.is_region_staff = False
        return user

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        """A new portal account from an SSO sign-in (automatic, or after the
        sign-up form when the provider gave no usable address)."""
        user = sociallogin.user
        user.is_region_staff = sso.staff_role_for(sociallogin)
        user = super().save_user(request, sociallogin, form=form)
        if user.is_region_staff:
            sso.record_role_change(user, False, True)
        return user
