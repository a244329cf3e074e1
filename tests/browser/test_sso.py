"""Staff single sign-on in a real browser, end to end: the portal's login page,
a local OpenID provider (oidc-provider-mock in a thread) where the person picks
who they are, and back. An allow-listed address becomes Region staff and opens
the audit trail; another address signs in as an ordinary user and is refused.
axe checks every portal page of the flow."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.sso_support import (
    IGNORE_MOCK_WARNINGS,
    PROVIDER_NAME,
    User,
    configure_sso,
    oidc_provider,
    staff_user,
)

pytestmark = IGNORE_MOCK_WARNINGS

PROVIDER_USERS = (
    staff_user("anna", "anna.berg@regionjh.se", name="Anna Berg"),
    staff_user("bo", "bo@evil-regionjh.se", name="Bo Ek"),
    User(sub="no-email", claims={"name": "Utan Adress"}),
)


@pytest.fixture(scope="module")
def idp():
    with oidc_provider(PROVIDER_USERS) as base_url:
        yield base_url


@pytest.fixture
def sso(live, settings, idp, page: Page):
    configure_sso(settings, idp)
    # The provider's pages load a stylesheet from a CDN; nothing leaves the machine.
    page.route(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda route: route.abort())
    return live


def _pick_at_provider(page: Page, idp: str, sub: str) -> None:
    expect(page).to_have_url(re.compile(rf"^{re.escape(idp)}/oauth2/authorize\?"))
    page.locator(f"button[name=sub][value='{sub}']").click()


def test_staff_signs_in_with_the_keyboard_and_opens_the_audit_trail(page: Page, sso, idp):
    page.goto(sso + "/konto/login/?next=/audit/")
    button = page.locator("#sso-login")
    expect(button).to_be_visible()
    expect(page.locator(".sso-login")).to_contain_text(PROVIDER_NAME)
    assert_accessible(page)

    # Keyboard only: Tab from the password login's button reaches the SSO button.
    page.locator("main form button[type=submit]").first.focus()
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "sso-login":
            break
        page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    _pick_at_provider(page, idp, "anna")
    expect(page).to_have_url(re.compile(r"/audit/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    user = get_user_model().objects.get(email="anna.berg@regionjh.se")
    assert user.is_region_staff
    assert user.name == "Anna Berg"

    # The linked accounts page (allauth's, in the portal layout).
    page.goto(sso + "/konto/3rdparty/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(PROVIDER_NAME)
    assert_accessible(page)


def test_other_domain_signs_in_without_the_staff_role(page: Page, sso, idp):
    page.goto(sso + "/konto/login/")
    page.locator("#sso-login").click()
    _pick_at_provider(page, idp, "bo")
    expect(page).not_to_have_url(re.compile(r"/konto/login/"))
    user = get_user_model().objects.get(email="bo@evil-regionjh.se")
    assert not user.is_region_staff
    response = page.goto(sso + "/audit/")
    assert response is not None and response.status == 403


def test_confirm_page_and_denying_at_the_provider(page: Page, sso, idp):
    # A link (GET) to the provider's login only asks to confirm.
    page.goto(sso + "/konto/oidc/region/login/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROVIDER_NAME)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(idp)}/oauth2/authorize\?"))
    # The mock sends "access_denied" back without the state: allauth's failure page.
    page.locator("button[value=deny]").click()
    expect(page).to_have_url(re.compile(r"/konto/oidc/region/login/callback/\?error=access_denied"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#sso-login")).to_have_count(0)
    assert not get_user_model().objects.exists()


def test_cancelled_page(page: Page, sso):
    page.goto(sso + "/konto/3rdparty/login/cancelled/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main a[href='/konto/login/']")).to_be_visible()
    assert_accessible(page)


def test_error_page(page: Page, sso):
    response = page.goto(sso + "/konto/oidc/region/login/callback/?code=x&state=made-up")
    assert response is not None and response.status == 401
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_provider_without_an_address_asks_for_one_and_grants_nothing(
    page: Page, sso, idp, mailoutbox
):
    page.goto(sso + "/konto/login/")
    page.locator("#sso-login").click()
    _pick_at_provider(page, idp, "no-email")
    expect(page).to_have_url(re.compile(r"/konto/3rdparty/signup/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    # Typing an allow-listed address is not the provider vouching for it.
    page.locator("input[name=email]").fill("utan.adress@regionjh.se")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/confirm-email/$"))
    user = get_user_model().objects.get(email="utan.adress@regionjh.se")
    assert not user.is_region_staff
    assert len(mailoutbox) == 1
