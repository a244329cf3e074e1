"""The privacy notice in the browser: reached from the footer, accessible in
Swedish and English, signed out and signed in."""

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import UserFactory


def test_privacy_notice_from_the_footer_in_swedish_and_english(page: Page, live):
    page.goto(live + "/")
    page.locator('footer a[href="/integritet/"]').click()
    expect(page).to_have_url(re.compile(r"/integritet/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#retention-failed-logins")).to_contain_text("30")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/integritet/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1, name="Privacy notice")).to_be_visible()
    expect(page.locator("#retention-audit")).to_contain_text("730 days")
    assert_accessible(page)


def test_privacy_notice_signed_in_links_to_my_data(page: Page, live):
    UserFactory(email="browser.privacy@example.org")
    log_in(page, live, "browser.privacy@example.org")
    page.goto(live + "/integritet/")
    assert_accessible(page)
    page.locator('main a[href="/konto/mina-uppgifter/"]').click()
    expect(page).to_have_url(re.compile(r"/konto/mina-uppgifter/$"))
