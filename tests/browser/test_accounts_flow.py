import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.factories import TEST_PASSWORD, UserFactory

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def test_sign_up_verify_log_in_and_switch_language(page: Page, live):
    page.goto(live + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Skapa konto").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("E-post").fill("ny.coworker@example.org")
    page.get_by_label("Lösenord", exact=True).fill(TEST_PASSWORD)
    page.get_by_label("Lösenord (igen)").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    expect(page).to_have_url(re.compile(r"/konto/confirm-email/$"))
    assert_accessible(page)

    assert len(mail.outbox) == 1
    confirm_path = LINK.search(mail.outbox[0].body).group(1)
    page.goto(live + confirm_path)
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta").click()

    # Log out (confirmation may have logged us in), then log in with the new account.
    if page.get_by_role("button", name="Logga ut").count():
        page.get_by_role("button", name="Logga ut").click()
    page.goto(live + "/konto/login/")
    assert_accessible(page)
    page.get_by_label("E-post").fill("ny.coworker@example.org")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("link", name="Mitt konto")).to_be_visible()

    page.get_by_role("link", name="Mitt konto").click()
    expect(page.get_by_role("heading", level=1, name="Mitt konto")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1, name="My account")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Learning journeys")
    assert_accessible(page)
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_sign_up_errors_are_announced_and_tied_to_the_field(page: Page, live):
    page.goto(live + "/konto/signup/")
    page.get_by_label("E-post").fill("fel@")
    page.get_by_label("Lösenord", exact=True).fill("kort")
    page.get_by_label("Lösenord (igen)").fill("kort")
    # Let the server validate (the browser would stop an invalid email itself).
    page.locator("form.stacked, form").last.evaluate("f => f.noValidate = true")
    page.get_by_role("button", name="Skapa konto").click()
    email = page.get_by_label("E-post")
    expect(email).to_have_attribute("aria-invalid", "true")
    described_by = email.get_attribute("aria-describedby")
    assert described_by
    error_text = " ".join(page.locator(f"#{ident}").inner_text() for ident in described_by.split())
    assert "giltig mejladress" in error_text
    assert_accessible(page)
    assert mail.outbox == []


@pytest.mark.parametrize(
    "path",
    [
        "/om/",
        "/tillganglighet/",
        "/hubbar/",
        "/laranderesor/",
        "/redovisning/",
        "/verktygslada/",
        "/konto/password/reset/",
    ],
)
def test_public_pages_have_no_axe_violations(page: Page, live, path):
    page.goto(live + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_account_pages_have_no_axe_violations(page: Page, live):
    UserFactory(email="kalle@example.org")
    page.goto(live + "/konto/login/")
    page.get_by_label("E-post").fill("kalle@example.org")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    for path in ("/konto/email/", "/konto/password/change/", "/konto/profil/"):
        page.goto(live + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_keyboard_skip_link_moves_focus_to_main(page: Page, live):
    page.goto(live + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_width_has_no_horizontal_scroll(page: Page, live):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/konto/signup/", "/redovisning/"):
        page.goto(live + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"


def test_profile_sets_organisation_with_errors_tied_to_fields(page: Page, live):
    from tests.factories import OrganisationFactory

    region = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    OrganisationFactory(name="Bolagsverket")
    UserFactory(email="profil@example.org")
    page.goto(live + "/konto/login/")
    page.locator("input[name=login]").fill("profil@example.org")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(live + "/konto/profil/")
    assert_accessible(page)

    # A name that is too long: the server's error is tied to the field.
    name = page.locator("#id_name")
    name.evaluate("el => el.removeAttribute('maxlength')")
    name.fill("x" * 151)
    page.locator("#profile-save").click()
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    described = page.locator("#id_name").get_attribute("aria-describedby").split()
    assert "id_name_error" in described
    expect(page.locator("#id_name_error")).to_be_visible()
    expect(page.locator("#profile-form-errors")).to_be_visible()
    assert_accessible(page)

    page.locator("#id_name").fill("Profil Personsson")
    page.locator("#id_organisation").select_option(str(region.pk))
    page.locator("#profile-save").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("#id_organisation")).to_have_value(str(region.pk))
    expect(page.locator("#id_name")).to_have_value("Profil Personsson")
    assert_accessible(page)
