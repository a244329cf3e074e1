"""Staff single sign-on (accounts.sso, accounts.adapters).

Unit tests for the configuration and the domain rule, and end-to-end sign-ins
against a real OpenID provider (oidc-provider-mock in a thread): the Django test
client starts the sign-in, `requests` plays the browser at the provider, and
the client follows the provider's redirect back to the callback. The browser
version is tests/browser/test_sso.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from accounts import sso
from accounts.adapters import SocialAccountAdapter
from coworking_region.models import AuditEntry
from tests.factories import TEST_PASSWORD, UserFactory
from tests.sso_support import (
    CLIENT_ID,
    IGNORE_MOCK_WARNINGS,
    PROVIDER_NAME,
    configure_sso,
    oidc_provider,
    set_user,
)
from tests.test_settings import PRODUCTION

pytestmark = IGNORE_MOCK_WARNINGS

User = get_user_model()
ROOT = Path(__file__).resolve().parents[1]
LOGIN = "/konto/oidc/region/login/"
CALLBACK = "/konto/oidc/region/login/callback/"


# --- Configuration ------------------------------------------------------------------


def test_email_domains_are_parsed_exactly():
    assert sso.parse_email_domains("") == ()
    assert sso.parse_email_domains(" regionjh.se, Example.ORG ,@lime.regionjh.se,,") == (
        "regionjh.se",
        "example.org",
        "lime.regionjh.se",
    )
    assert sso.parse_email_domains("regionjh.se,REGIONJH.se") == ("regionjh.se",)
    assert sso.parse_email_domains("xn--hrjedalen-v2a.se") == ("xn--hrjedalen-v2a.se",)


@pytest.mark.parametrize(
    "raw",
    [
        "*.regionjh.se",
        "anna@regionjh.se",
        "https://regionjh.se",
        "regionjh",
        "region jh.se",
        "regionjh.se.",
        "-regionjh.se",
        "regionjh.se;evil.com",
    ],
)
def test_email_domains_refuse_anything_but_domains(raw):
    with pytest.raises(ImproperlyConfigured, match="STAFF_EMAIL_DOMAINS"):
        sso.parse_email_domains(f"example.org,{raw}")


def test_providers_are_off_unless_all_three_values_are_given():
    assert (
        sso.staff_sso_providers(server_url="", client_id="", secret="", provider_id="region") == {}
    )
    for missing in ("server_url", "client_id", "secret"):
        values = {"server_url": "https://idp.example/v2.0", "client_id": "c", "secret": "s"}
        values[missing] = "  "
        with pytest.raises(ImproperlyConfigured, match="half configured"):
            sso.staff_sso_providers(provider_id="region", **values)


def test_providers_when_configured():
    providers = sso.staff_sso_providers(
        server_url=" https://login.microsoftonline.com/tenant/v2.0 ",
        client_id="client",
        secret="secret",
        provider_id="region",
        name="",
    )
    (app,) = providers["openid_connect"]["APPS"]
    assert app == {
        "provider_id": "region",
        "name": "Region Jämtland Härjedalen",
        "client_id": "client",
        "secret": "secret",
        "settings": {"server_url": "https://login.microsoftonline.com/tenant/v2.0"},
    }
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True
    trusted = sso.staff_sso_providers(
        server_url="https://idp.example",
        client_id="c",
        secret="s",
        provider_id="region",
        name="Regionen",
        trusted_email_domains=("regionjh.se",),
    )
    (app,) = trusted["openid_connect"]["APPS"]
    assert app["name"] == "Regionen"
    assert app["settings"]["verified_email"] == ["regionjh.se"]


def test_provider_url_must_be_https():
    with pytest.raises(ImproperlyConfigured, match="https://"):
        sso.staff_sso_providers(
            server_url="http://idp.example", client_id="c", secret="s", provider_id="region"
        )


def _load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STAFF_")}
    environment.update(PRODUCTION)
    environment.update(env)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'providers': settings.SOCIALACCOUNT_PROVIDERS, "
        "'domains': settings.STAFF_EMAIL_DOMAINS}))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "coworking_region.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_from_the_environment():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {"providers": {}, "domains": []}

    result = _load_settings(
        STAFF_SSO_SERVER_URL="https://login.microsoftonline.com/tenant/v2.0",
        STAFF_SSO_CLIENT_ID="client",
        STAFF_SSO_CLIENT_SECRET="secret",
        STAFF_SSO_TRUST_EMAIL="true",
        STAFF_EMAIL_DOMAINS="RegionJH.se,lime.regionjh.se",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert loaded["domains"] == ["regionjh.se", "lime.regionjh.se"]
    (app,) = loaded["providers"]["openid_connect"]["APPS"]
    assert app["name"] == "Region Jämtland Härjedalen"
    assert app["provider_id"] == "region"
    assert app["settings"]["verified_email"] == ["regionjh.se", "lime.regionjh.se"]


def test_settings_refuse_half_configured_sso_and_bad_domains():
    result = _load_settings(STAFF_SSO_SERVER_URL="https://idp.example", STAFF_SSO_CLIENT_ID="c")
    assert result.returncode != 0
    assert "STAFF_SSO_CLIENT_SECRET missing" in result.stderr
    result = _load_settings(STAFF_EMAIL_DOMAINS="*.regionjh.se")
    assert result.returncode != 0
    assert "is not a domain name" in result.stderr


# --- The domain rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "staff"),
    [
        ("anna@regionjh.se", True),
        ("Anna.Berg@RegionJH.SE", True),
        (" anna@regionjh.se ", True),
        ("anna@evil-regionjh.se", False),
        ("anna@regionjh.se.evil.com", False),
        ("anna@sub.regionjh.se", False),
        ("anna@regionjh.se.", False),
        ("anna@regionjh", False),
        ("regionjh.se", False),
        ("@regionjh.se", False),
        ("anna@example.org", False),
        ("", False),
    ],
)
def test_staff_email_is_an_exact_domain_match(email, staff):
    assert sso.is_staff_email(email, ("regionjh.se",)) is staff


def test_staff_email_reads_the_setting(settings):
    settings.STAFF_EMAIL_DOMAINS = ()
    assert not sso.is_staff_email("anna@regionjh.se")
    settings.STAFF_EMAIL_DOMAINS = ("regionjh.se",)
    assert sso.is_staff_email("anna@regionjh.se")


# --- The provider as allauth sees it ---------------------------------------------------


@pytest.fixture
def configured(settings):
    """SSO on, against a provider that is never contacted (unit tests)."""
    configure_sso(settings, "https://idp.example")


def _sociallogin(claims: dict, *, db_app: bool = False):
    request = RequestFactory().get("/")
    provider = get_adapter(request).get_provider(request, "region")
    if db_app:
        provider.app.pk = 99  # as if the app came from the database
    return provider.sociallogin_from_response(request, {"userinfo": {"sub": "s-1", **claims}})


@pytest.mark.parametrize(
    ("claims", "staff"),
    [
        ({"email": "anna@regionjh.se", "email_verified": True}, True),
        ({"email": "Anna@RegionJH.se", "email_verified": "true"}, True),
        ({"email": "anna@regionjh.se", "email_verified": False}, False),
        ({"email": "anna@regionjh.se"}, False),  # no claim: not verified
        ({"email": "anna@evil-regionjh.se", "email_verified": True}, False),
        ({"email": "bo@example.org", "email_verified": True}, False),
        ({}, False),
    ],
)
def test_staff_role_follows_the_verified_address(db, configured, claims, staff):
    assert sso.staff_role_for(_sociallogin(claims)) is staff


def test_trusted_domains_count_as_verified_without_the_claim(db, settings):
    configure_sso(settings, "https://idp.example", trust_email=True)
    assert sso.staff_role_for(_sociallogin({"email": "anna@regionjh.se"}))
    assert not sso.staff_role_for(_sociallogin({"email": "bo@example.org"}))


def test_only_the_staff_provider_from_settings_grants_the_role(db, configured):
    claims = {"email": "anna@regionjh.se", "email_verified": True}
    assert not sso.staff_role_for(_sociallogin(claims, db_app=True))
    other = SimpleNamespace(
        provider=SimpleNamespace(
            id="openid_connect", app=SimpleNamespace(provider_id="x", pk=None)
        ),
        email_addresses=_sociallogin(claims).email_addresses,
    )
    assert not sso.staff_role_for(other)


def test_email_authentication_only_for_staff_addresses(db, configured):
    adapter = SocialAccountAdapter()
    login = _sociallogin({"email": "anna@regionjh.se", "email_verified": True})
    assert adapter.can_authenticate_by_email(login, "anna@regionjh.se")
    assert not adapter.can_authenticate_by_email(login, "bo@example.org")
    assert not adapter.can_authenticate_by_email(
        _sociallogin({"email": "anna@regionjh.se", "email_verified": True}, db_app=True),
        "anna@regionjh.se",
    )


def test_apply_staff_role_grants_removes_and_audits(db, configured):
    user = UserFactory(email="anna@regionjh.se")
    staff_login = _sociallogin({"email": "anna@regionjh.se", "email_verified": True})
    assert sso.apply_staff_role(user, staff_login)
    assert not sso.apply_staff_role(user, staff_login)  # no change, no entry
    other_login = _sociallogin({"email": "anna@example.org", "email_verified": True})
    assert sso.apply_staff_role(user, other_login)
    user.refresh_from_db()
    assert not user.is_region_staff
    entries = AuditEntry.objects.filter(model="accounts.User", object_pk=str(user.pk))
    assert [e.changes for e in entries.order_by("id")] == [
        {"is_region_staff": [False, True]},
        {"is_region_staff": [True, False]},
    ]
    assert {e.user_id for e in entries} == {user.pk}


# --- Off by default ----------------------------------------------------------------------


def test_sso_is_off_by_default(client, db, settings, django_assert_max_num_queries):
    assert settings.SOCIALACCOUNT_PROVIDERS == {}
    with django_assert_max_num_queries(2) as queries:  # measured: 0
        response = client.get(reverse("account_login"))
    assert not [q for q in queries.captured_queries if "socialaccount" in q["sql"]]
    assert response.status_code == 200
    assert b"sso-login" not in response.content
    assert b"/konto/oidc/" not in response.content
    for url in (LOGIN, CALLBACK, CALLBACK + "?code=x&state=y"):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert b"sso-login" not in client.get(reverse("account_signup")).content


def test_connections_page_without_sso(client, coworker):
    client.force_login(coworker)
    response = client.get(reverse("socialaccount_connections"))
    assert response.status_code == 200
    assert b"/konto/oidc/" not in response.content


# --- End to end against the local provider ------------------------------------------------


@pytest.fixture(scope="module")
def idp():
    with oidc_provider() as base_url:
        yield base_url


@pytest.fixture
def sso_on(db, settings, idp):
    configure_sso(settings, idp)
    return idp


def sign_in(client, idp: str, sub: str, next_path: str = ""):
    """Click the SSO button, sign in as `sub` at the provider, come back."""
    response = client.post(LOGIN + (f"?next={next_path}" if next_path else ""))
    assert response.status_code == 302, response.content[:500]
    authorize = response["Location"]
    assert authorize.startswith(f"{idp}/oauth2/authorize?"), authorize
    query = dict(part.split("=", 1) for part in urlsplit(authorize).query.split("&"))
    assert query["client_id"] == CLIENT_ID
    assert "code_challenge" in query  # PKCE
    at_idp = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert at_idp.status_code == 302, at_idp.text[:500]
    back = urlsplit(at_idp.headers["Location"])
    assert back.path == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_login_page_shows_the_button_when_configured(client, sso_on, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # measured: 1 (allauth looks for database apps)
        response = client.get(reverse("account_login") + "?next=/audit/")
    html = response.content.decode()
    assert 'id="sso-login"' in html
    assert f'action="{LOGIN}?next=%2Faudit%2F"' in html
    assert PROVIDER_NAME in html
    assert "Logga in med ditt regionkonto" in html or "Sign in with your Region account" in html


def test_get_on_the_login_url_only_asks_to_confirm(client, sso_on):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert "Location" not in response


def test_staff_address_signs_up_as_region_staff(client, sso_on):
    set_user(sso_on, "anna", email="Anna.Berg@regionjh.se", email_verified=True, name="Anna Berg")
    response = sign_in(client, sso_on, "anna", next_path="/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/audit/"
    user = signed_in_user(client)
    assert user is not None
    assert (user.email, user.name, user.is_region_staff) == (
        "anna.berg@regionjh.se",
        "Anna Berg",
        True,
    )
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).uid == "anna"
    assert client.get("/audit/").status_code == 200
    entry = AuditEntry.objects.get(model="accounts.User", object_pk=str(user.pk))
    assert entry.changes == {"is_region_staff": [False, True]}
    # Signing out and in again: the same account, no new entry.
    client.logout()
    sign_in(client, sso_on, "anna")
    assert signed_in_user(client) == user
    assert User.objects.filter(email__iexact="anna.berg@regionjh.se").count() == 1
    assert AuditEntry.objects.filter(model="accounts.User").count() == 1


@pytest.mark.parametrize(
    "email", ["bo@example.org", "bo@evil-regionjh.se", "bo@regionjh.se.evil.com"]
)
def test_other_domains_sign_in_without_the_role(client, sso_on, email):
    set_user(sso_on, "bo", email=email, email_verified=True)
    response = sign_in(client, sso_on, "bo")
    assert response.status_code == 302
    user = signed_in_user(client)
    assert user is not None and user.email == email
    assert not user.is_region_staff
    assert client.get("/audit/").status_code == 403
    assert not AuditEntry.objects.filter(model="accounts.User").exists()


def test_role_is_removed_at_next_sign_in_when_the_domain_leaves_the_list(client, settings, sso_on):
    set_user(sso_on, "cecilia", email="cecilia@regionjh.se", email_verified=True)
    sign_in(client, sso_on, "cecilia")
    user = signed_in_user(client)
    assert user.is_region_staff
    client.logout()

    settings.STAFF_EMAIL_DOMAINS = ("lime.regionjh.se",)
    sign_in(client, sso_on, "cecilia")
    user.refresh_from_db()
    assert signed_in_user(client) == user
    assert not user.is_region_staff
    assert client.get("/audit/").status_code == 403
    changes = AuditEntry.objects.filter(object_pk=str(user.pk)).order_by("id")
    assert [e.changes["is_region_staff"] for e in changes] == [[False, True], [True, False]]


def test_role_is_removed_when_the_provider_changes_the_address(client, sso_on):
    set_user(sso_on, "david", email="david@regionjh.se", email_verified=True)
    sign_in(client, sso_on, "david")
    user = signed_in_user(client)
    assert user.is_region_staff
    client.logout()
    set_user(sso_on, "david", email="david@example.org", email_verified=True)
    sign_in(client, sso_on, "david")
    user.refresh_from_db()
    assert signed_in_user(client) == user
    assert not user.is_region_staff


def test_unverified_address_gets_no_role_and_must_be_confirmed(client, sso_on, mailoutbox):
    set_user(sso_on, "erik", email="erik@regionjh.se", email_verified=False)
    response = sign_in(client, sso_on, "erik")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    user = User.objects.get(email="erik@regionjh.se")
    assert not user.is_region_staff
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["erik@regionjh.se"]


def test_trusted_provider_addresses_count_as_verified(client, db, settings, idp):
    configure_sso(settings, idp, trust_email=True)
    set_user(idp, "frida", email="frida@regionjh.se")  # no email_verified claim
    sign_in(client, idp, "frida")
    user = signed_in_user(client)
    assert user is not None and user.is_region_staff


def test_existing_staff_domain_account_is_linked_by_its_address(client, sso_on):
    existing = UserFactory(email="greta@regionjh.se")  # verified, has a password
    set_user(sso_on, "greta-sub", email="greta@regionjh.se", email_verified=True)
    sign_in(client, sso_on, "greta-sub")
    assert signed_in_user(client) == existing
    existing.refresh_from_db()
    assert existing.is_region_staff
    assert existing.has_usable_password()  # the portal had verified the address
    assert SocialAccount.objects.get(uid="greta-sub").user == existing
    assert User.objects.count() == 1


def test_unverified_squatter_account_loses_its_password(client, sso_on):
    squatter = UserFactory(email="hanna@regionjh.se", verified=False)
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False, primary=True)
    set_user(sso_on, "hanna", email="hanna@regionjh.se", email_verified=True)
    sign_in(client, sso_on, "hanna")
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()


def test_other_domain_address_never_signs_in_to_an_existing_account(client, sso_on, mailoutbox):
    existing = UserFactory(email="ivar@example.org")
    set_user(sso_on, "ivar-at-idp", email="ivar@example.org", email_verified=True)
    response = sign_in(client, sso_on, "ivar-at-idp")
    assert response.status_code in (200, 302)
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.filter(user=existing).exists()
    assert User.objects.count() == 1


def test_password_login_never_grants_the_role(client, settings, sso_on):
    user = UserFactory(email="jonas@regionjh.se")
    response = client.post(
        reverse("account_login"), {"login": "jonas@regionjh.se", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_user(client) == user
    user.refresh_from_db()
    assert not user.is_region_staff
    assert client.get("/audit/").status_code == 403


def test_provider_errors_are_pages_not_500(client, sso_on):
    # No state, an unknown state, a made-up code: allauth's error page (401).
    for query in ("", "?error=access_denied&state=nope", "?code=x&state=nope"):
        response = client.get(CALLBACK + query)
        assert response.status_code == 401, query
        assert response.templates[0].name == "socialaccount/authentication_error.html"
        assert signed_in_user(client) is None
    assert client.get("/konto/oidc/other/login/").status_code == 404


def test_provider_down_is_an_error_page_not_500(client, sso_on, settings):
    set_user(sso_on, "kim", email="kim@regionjh.se", email_verified=True)
    started = client.post(LOGIN)
    at_idp = requests.post(
        started["Location"], data={"sub": "kim"}, allow_redirects=False, timeout=10
    )
    back = urlsplit(at_idp.headers["Location"])
    # The provider stops answering between the sign-in and the way back.
    configure_sso(settings, "http://localhost:9")  # nothing listens on the discard port
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 503
    assert response.templates[0].name == "socialaccount/authentication_error.html"
    response = client.post(LOGIN)
    assert response.status_code == 503
    assert signed_in_user(client) is None
    assert not User.objects.filter(email="kim@regionjh.se").exists()


def test_gdpr_export_and_deletion_cover_the_linked_account(client, sso_on):
    from coworking_region import gdpr

    set_user(sso_on, "lisa", email="lisa.lind@regionjh.se", email_verified=True, name="Lisa Lind")
    sign_in(client, sso_on, "lisa")
    user = signed_in_user(client)
    export = gdpr.user_data_export(user)
    (linked,) = export["records"]["socialaccount.SocialAccount.user"]
    assert linked["uid"] == "lisa"
    assert "lisa.lind@regionjh.se" in json.dumps(linked["extra_data"])

    gdpr.account_delete(user)
    assert not SocialAccount.objects.filter(uid="lisa").exists()
    entry = AuditEntry.objects.get(model="accounts.User", object_pk=str(user.pk))
    assert entry.user_id is None  # the role change stays in the trail, without a name
    assert "lisa" not in json.dumps(entry.changes).lower()
