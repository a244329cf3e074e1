"""Staff single sign-on: Region staff sign in with their organisation's account.

The Region's identity provider (e.g. Microsoft Entra ID) is an OpenID Connect
provider of allauth, configured from the environment only and OFF unless
STAFF_SSO_SERVER_URL, STAFF_SSO_CLIENT_ID and STAFF_SSO_CLIENT_SECRET are all
set (see README, "Staff single sign-on"). This module has two halves:

* Configuration (`parse_email_domains`, `staff_sso_providers`): pure functions
  that coworking_region/settings.py calls while settings load, so they must not
  import models or Django settings.
* The role (`staff_role_for`, `apply_staff_role`): on every sign-in through the
  staff provider the Region staff flag (accounts.User.is_region_staff) is set
  to what the identity provider says *now*: True when an email address the
  provider marks as verified is in an allow-listed domain (STAFF_EMAIL_DOMAINS,
  exact domain, case-insensitive), False otherwise. So a person whose domain
  was removed from the list, or who left the Region, loses the role at their
  next SSO sign-in. A role change is written to the audit trail.

What SSO never does: a password login never grants (or re-checks) the role;
only the staff provider counts (a provider added some other way never grants
it); an address the provider does not mark as verified never grants it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

DEFAULT_PROVIDER_NAME = "Region Jämtland Härjedalen"
MAX_DOMAIN_LENGTH = 253
# One DNS label: letters, digits and inner hyphens (IDN domains in their
# "xn--" form), at most 63 characters.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^{_LABEL}(\.{_LABEL})+$")


# --- Configuration (called from settings.py) ------------------------------------------


def parse_email_domains(raw: str) -> tuple[str, ...]:
    """ "regionjh.se, Example.ORG" -> ("regionjh.se", "example.org").

    Entries are exact domains: no wildcards, no addresses, no URLs. A stray
    leading "@" is accepted ("@regionjh.se"). Anything else raises
    ImproperlyConfigured, so a typo stops the start instead of silently
    granting (or never granting) the role.
    """
    domains: list[str] = []
    for part in raw.split(","):
        entry = part.strip().lower().removeprefix("@")
        if not entry:
            continue
        if len(entry) > MAX_DOMAIN_LENGTH or not _DOMAIN.match(entry):
            raise ImproperlyConfigured(
                f"STAFF_EMAIL_DOMAINS: {part.strip()!r} is not a domain name. Give exact "
                "domains separated by commas, e.g. regionjh.se,example.org (no wildcards)."
            )
        if entry not in domains:
            domains.append(entry)
    return tuple(domains)


def staff_sso_providers(
    *,
    server_url: str,
    client_id: str,
    secret: str,
    provider_id: str,
    name: str = DEFAULT_PROVIDER_NAME,
    trusted_email_domains: tuple[str, ...] = (),
) -> dict[str, Any]:
    """SOCIALACCOUNT_PROVIDERS for allauth: the staff provider when all of
    server URL, client id and secret are given, nothing when none is, and
    ImproperlyConfigured when only some are (a half-configured SSO is a mistake
    to report at start, not a login button that fails).

    `trusted_email_domains`: addresses in these domains are taken as verified
    even when the provider sends no `email_verified` claim (allauth's
    "verified_email" app setting). Only for a single-tenant provider whose
    addresses the organisation itself manages (STAFF_SSO_TRUST_EMAIL).
    """
    values = {
        "STAFF_SSO_SERVER_URL": server_url.strip(),
        "STAFF_SSO_CLIENT_ID": client_id.strip(),
        "STAFF_SSO_CLIENT_SECRET": secret.strip(),
    }
    given = [key for key, value in values.items() if value]
    if not given:
        return {}
    if len(given) != len(values):
        missing = ", ".join(key for key, value in values.items() if not value)
        raise ImproperlyConfigured(
            f"Staff single sign-on is half configured: {missing} missing. Set all of "
            "STAFF_SSO_SERVER_URL, STAFF_SSO_CLIENT_ID and STAFF_SSO_CLIENT_SECRET, or none."
        )
    url = values["STAFF_SSO_SERVER_URL"]
    if not url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        raise ImproperlyConfigured(
            "STAFF_SSO_SERVER_URL must be an https:// URL (the issuer, e.g. "
            "https://login.microsoftonline.com/<tenant id>/v2.0)."
        )
    app_settings: dict[str, Any] = {"server_url": url}
    if trusted_email_domains:
        app_settings["verified_email"] = list(trusted_email_domains)
    return {
        "openid_connect": {
            # PKCE on top of the client secret (Entra ID supports it for web apps).
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name.strip() or DEFAULT_PROVIDER_NAME,
                    "client_id": values["STAFF_SSO_CLIENT_ID"],
                    "secret": values["STAFF_SSO_CLIENT_SECRET"],
                    "settings": app_settings,
                }
            ],
        }
    }


# --- The staff role -----------------------------------------------------------------


def email_domain(email: str) -> str:
    """The domain of an address, lower case; "" when it has none."""
    local, at, domain = (email or "").strip().rpartition("@")
    if not at or not local:
        return ""
    return domain.lower()


def is_staff_email(email: str, domains: tuple[str, ...] | list[str] | None = None) -> bool:
    """True when the address's domain is exactly one of the allow-listed ones
    (a subdomain or a look-alike such as evil-regionjh.se or
    regionjh.se.evil.com is not)."""
    from django.conf import settings

    allowed = settings.STAFF_EMAIL_DOMAINS if domains is None else domains
    domain = email_domain(email)
    return bool(domain) and domain in {d.lower() for d in allowed}


def is_staff_provider(provider: Any) -> bool:
    """The staff identity provider configured from the environment (and no other)."""
    from django.conf import settings

    app = getattr(provider, "app", None)
    return (
        getattr(provider, "id", None) == "openid_connect"
        and app is not None
        and getattr(app, "provider_id", None) == settings.STAFF_SSO_PROVIDER_ID
        and getattr(app, "pk", None) is None  # from settings, not a database row
    )


def staff_role_for(sociallogin: Any) -> bool:
    """Whether this SSO sign-in makes its user Region staff: the staff provider
    and an allow-listed address it marks as verified."""
    if not is_staff_provider(sociallogin.provider):
        return False
    return any(
        address.verified and is_staff_email(address.email)
        for address in sociallogin.email_addresses
    )


def record_role_change(user: Any, before: bool, after: bool) -> None:
    """Write the change of the Region staff flag to the audit trail. The user
    model is not among the audited models (its saves are not recorded), so the
    entry is written here; the acting user is the person signing in."""
    from coworking_region.models import AuditEntry

    AuditEntry.objects.create(
        model=user._meta.label,
        object_pk=str(user.pk),
        action=AuditEntry.Action.UPDATE,
        changes={"is_region_staff": [before, after]},
        user=user,
    )
    logger.info(
        "Region staff role %s for user %s at single sign-on",
        "granted" if after else "removed",
        user.pk,
    )


def apply_staff_role(user: Any, sociallogin: Any) -> bool:
    """Set an existing user's Region staff flag from this SSO sign-in; saves
    and audits only when it changes. Returns whether it changed."""
    wanted = staff_role_for(sociallogin)
    before = bool(user.is_region_staff)
    if wanted == before:
        return False
    user.is_region_staff = wanted
    user.save(update_fields=["is_region_staff"])
    record_role_change(user, before, wanted)
    return True
