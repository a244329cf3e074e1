"""The audit trail page in a real browser: Region staff filter it with the
keyboard, open an entry's before/after table, and axe finds no violations
(also with filter errors shown)."""

import re

import pytest
from playwright.sync_api import Page, expect

from coworking_region import audit
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import ActivityFactory, HubFactory, HubManagerFactory, UserFactory


@pytest.fixture
def trail(live):
    UserFactory(email="staff@example.org", is_region_staff=True)
    hub = HubFactory(name="Samverket", slug="samverket")
    manager = HubManagerFactory(hub=hub, user__email="manager@example.org").user
    with audit.acting_as(manager):
        activity = ActivityFactory(hub=hub, title="Frukost")
        activity.title = "Lunch"
        activity.save()
    return {"activity": activity}


def test_staff_filters_and_reads_the_trail(page: Page, live, trail):
    activity = trail["activity"]
    log_in(page, live, "staff@example.org")
    page.goto(live + "/audit/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("tr[data-model='hubs.Activity']")).to_have_count(2)
    assert_accessible(page)

    page.locator("select[name=model]").select_option("hubs.Activity")
    page.locator("input[name=object_pk]").fill(str(activity.pk))
    page.locator("input[name=user]").fill("manager@")
    page.locator("input[name=user]").press("Enter")
    expect(page).to_have_url(re.compile(r"/audit/\?.*object_pk="))
    rows = page.locator("#audit-table > tbody > tr")
    expect(rows).to_have_count(2)
    update = page.locator("tr[data-action='update']")
    expect(update.locator(".audit-user")).to_have_text("manager@example.org")

    summary = update.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    title = update.locator("tr[data-field='title']")
    expect(title.locator(".audit-before")).to_have_text("Frukost")
    expect(title.locator(".audit-after")).to_have_text("Lunch")
    assert_accessible(page)


def test_axe_with_filter_errors(page: Page, live, trail):
    log_in(page, live, "staff@example.org")
    page.goto(live + "/audit/?date_from=2026-03-02&date_to=2026-03-01")
    expect(page.locator("input[name=date_to]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_manager_is_refused(page: Page, live, trail):
    log_in(page, live, "manager@example.org")
    response = page.goto(live + "/audit/")
    assert response is not None and response.status == 403
