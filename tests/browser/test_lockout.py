"""The login lockout page in the browser: after five wrong passwords the
page says until when and links to the password reset; accessible in Swedish
and English."""

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.factories import UserFactory


def fail_login(page: Page, live: str, email: str) -> None:
    page.goto(live + "/konto/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("not-the-password-1")
    page.locator("main form button[type=submit]").click()


def test_lockout_page_after_five_failures(page: Page, live):
    UserFactory(email="browser.lockout@example.org")
    for _ in range(4):
        fail_login(page, live, "browser.lockout@example.org")
        expect(page.locator("main").get_by_role("alert")).to_be_visible()

    fail_login(page, live, "browser.lockout@example.org")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#lockout-retry")).to_contain_text(re.compile(r"\d\d:\d\d"))
    expect(page.locator("input[name=password]")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    fail_login(page, live, "browser.lockout@example.org")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_role("heading", level=1, name="Too many failed login attempts")
    ).to_be_visible()
    assert_accessible(page)

    page.locator("#lockout-reset-password").click()
    expect(page).to_have_url(re.compile(r"/konto/password/reset/$"))
