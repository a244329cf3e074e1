"""GDPR in the browser: download my data, then delete my account."""

import json
import re

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from learning_journeys.models import Registration
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import TEST_PASSWORD, RegistrationFactory, UserFactory

EMAIL = "browser.gdpr.person@example.org"


def test_download_my_data_and_delete_my_account(page: Page, live):
    user = UserFactory(email=EMAIL, name="Vilgot Webbläsare")
    RegistrationFactory(user=user, name="Vilgot Webbläsare")
    log_in(page, live, EMAIL)

    page.goto(live + "/konto/profil/")
    page.locator("#profile-my-data").click()
    expect(page).to_have_url(re.compile(r"/konto/mina-uppgifter/$"))
    assert_accessible(page)

    with page.expect_download() as info:
        page.locator("#gdpr-download").click()
    download = info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["account"]["email"] == EMAIL
    assert len(data["registrations"]) == 1

    page.goto(live + "/konto/profil/")
    page.locator("#profile-delete-account").click()
    expect(page).to_have_url(re.compile(r"/konto/radera/$"))
    assert_accessible(page)

    # A wrong confirmation: errors on the page, nothing deleted.
    page.locator("#id_confirmation").fill("not my password")
    page.locator("#id_confirmation").press("Enter")
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.locator("#id_confirmation")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert get_user_model().objects.filter(email=EMAIL).exists()

    # Keyboard only: type the password, tab to the button, press Enter.
    page.locator("#id_confirmation").fill(TEST_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.locator("#delete-account")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/radera/klart/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    assert not get_user_model().objects.filter(email=EMAIL).exists()
    registration = Registration.objects.get()
    assert (registration.user, registration.name, registration.email) == (None, "", "")

    # Signed out: the account pages send to the login page.
    page.goto(live + "/konto/profil/")
    expect(page).to_have_url(re.compile(r"/konto/login/"))
