"""A local OpenID Connect provider for the staff single sign-on tests.

oidc-provider-mock (a Flask app) runs in a thread on a free port. Any client id
and secret are accepted; the people who may sign in are set with `set_user`
(the provider's PUT /users/<sub>), and its authorisation page signs one in by
posting their subject id ("sub"), which a browser does by clicking the button
of a predefined user or typing the sub.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests

from accounts.sso import staff_sso_providers

with warnings.catch_warnings():
    # authlib (which the mock uses) warns about its own deprecated modules at
    # import, through a filter of its own that this one has to follow.
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore")
    from oidc_provider_mock import User, run_server_in_thread

# The mock calls an authlib hook that authlib deprecates; the warning is raised in
# the provider's thread, where the test suite's "error" filter would turn it into
# a 500 of the provider. Test modules that run the provider carry this mark.
IGNORE_MOCK_WARNINGS = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

CLIENT_ID = "coworking-portal"
CLIENT_SECRET = "test-client-secret"  # noqa: S105 - the mock accepts any secret
PROVIDER_NAME = "Region Jämtland Härjedalen"
STAFF_DOMAIN = "regionjh.se"


@contextmanager
def oidc_provider(users: tuple[User, ...] = ()) -> Iterator[str]:
    """Run the provider; yields its base URL (the issuer), http://localhost:<port>."""
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def set_user(base_url: str, sub: str, **claims: Any) -> None:
    """Create or replace the provider's user `sub` with these claims."""
    response = requests.put(f"{base_url}/users/{sub}", json=claims, timeout=5)
    response.raise_for_status()


def staff_user(sub: str, email: str, *, verified: bool | None = True, name: str = "") -> User:
    claims: dict[str, Any] = {"email": email, "name": name or sub}
    if verified is not None:
        claims["email_verified"] = verified
    return User(sub=sub, claims=claims)


def configure_sso(settings, base_url: str, *, trust_email: bool = False) -> None:
    """Turn staff SSO on for this test (pytest-django's `settings` fixture), as
    coworking_region/settings.py would with STAFF_SSO_* set."""
    domains = (STAFF_DOMAIN,)
    settings.STAFF_EMAIL_DOMAINS = domains
    settings.SOCIALACCOUNT_PROVIDERS = staff_sso_providers(
        server_url=base_url,
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        provider_id=settings.STAFF_SSO_PROVIDER_ID,
        name=PROVIDER_NAME,
        trusted_email_domains=domains if trust_email else (),
    )
