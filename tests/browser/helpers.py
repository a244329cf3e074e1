"""Helpers shared by the browser tests."""

import re

from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD


def log_in(page: Page, live: str, email: str, next_path: str = "") -> None:
    """Log in through the login form as `email` (password TEST_PASSWORD)."""
    page.goto(live + "/konto/login/" + (f"?next={next_path}" if next_path else ""))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/konto/login/"))
