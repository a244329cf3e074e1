"""The community manager workspace in a real browser: keyboard, htmx and axe."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from hubs.models import Activity, Occupancy
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    ActivityFactory,
    CountyEventFactory,
    HubFactory,
    HubManagerFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)

WEEK = "2026-W48"
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


@pytest.fixture
def workspace_hub(live):
    hub = HubFactory(name="Samverket", slug="samverket")
    HubManagerFactory(hub=hub, user=UserFactory(email="cm@example.org"))
    OrganisationFactory(name="Länsstyrelsen Jämtlands län")
    OrganisationFactory(name="Exempelbolaget AB", kind="company")
    CountyEventFactory(name="Storsjöyran")
    MunicipalityFactory()
    return hub


def test_manager_logs_activity_and_fills_the_week_with_the_keyboard(
    page: Page, live, workspace_hub
):
    base = f"{live}/hubbar/{workspace_hub.slug}/arbetsyta/"
    log_in(page, live, "cm@example.org")

    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    # Log an activity through the form; first with a mistake, then correctly.
    page.goto(base + "aktiviteter/")
    assert_accessible(page)
    page.locator("#activity-create-link").click()
    expect(page.locator("#activity-form")).to_be_visible()
    assert_accessible(page)
    page.locator("select[name=kind]").select_option("seminar")
    page.locator("input[name=date]").fill("2026-11-24")
    page.locator("input[name=time]").fill("09:30")
    page.locator("input[name=duration_minutes]").fill("90")
    page.locator("input[name=participants]").fill("-4")
    page.locator("input[name=facilitators]").fill("1")
    page.locator("#activity-save").click()
    title = page.locator("input[name=title]")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=participants]")).to_have_attribute("aria-invalid", "true")
    assert page.locator(f"#{title.get_attribute('aria-describedby').split()[-1]}").count() == 1
    assert_accessible(page)
    assert not Activity.objects.exists()

    title.fill("Frukostseminarium om AI")
    page.locator("input[name=participants]").fill("14")
    page.locator("input[name=organisations]").first.check()
    page.locator("input[name=dimensions][value=social]").check()
    page.locator("select[name=county_event]").select_option(label="Storsjöyran")
    page.locator("#activity-save").click()
    expect(page).to_have_url(re.compile(r"/arbetsyta/aktiviteter/$"))
    activity = Activity.objects.get()
    assert activity.title == "Frukostseminarium om AI"
    assert activity.participants == 14
    assert activity.organisations.count() == 1
    expect(page.locator(f"tr[data-activity='{activity.pk}']")).to_be_visible()
    assert_accessible(page)

    page.goto(base + f"aktiviteter/{activity.pk}/andra/")
    assert_accessible(page)
    page.goto(base + f"aktiviteter/{activity.pk}/ta-bort/")
    assert_accessible(page)

    # The week grid: type in Monday, Enter moves on (and saves Monday by htmx),
    # type in Tuesday, Tab leaves it (and saves Tuesday).
    page.goto(base + f"belaggning/?vecka={WEEK}")
    assert_accessible(page)
    monday = page.locator(f"#id_{MONDAY.isoformat()}-desk_days")
    tuesday = page.locator(f"#id_{TUESDAY.isoformat()}-desk_days")
    monday.focus()
    page.keyboard.type("5")
    with page.expect_response(lambda r: f"/belaggning/{MONDAY.isoformat()}/" in r.url):
        page.keyboard.press("Enter")
    expect(tuesday).to_be_focused()
    page.keyboard.type("3")
    with page.expect_response(lambda r: f"/belaggning/{TUESDAY.isoformat()}/" in r.url):
        page.keyboard.press("Tab")
    # Focus survives the row swap: it is on Tuesday's breakdown link.
    expect(page.locator(f"#breakdown-link-{TUESDAY.isoformat()}")).to_be_focused()
    expect(page.locator("#occupancy-status .message")).to_have_count(1)
    assert_accessible(page)
    assert dict(Occupancy.objects.values_list("date", "desk_days")) == {MONDAY: 5, TUESDAY: 3}

    page.reload()
    expect(monday).to_have_value("5")
    expect(tuesday).to_have_value("3")

    # A bad value is shown in its row, tied to the field, and not saved.
    wednesday = page.locator("#id_2026-11-25-desk_days")
    wednesday.fill("9999")
    with page.expect_response(lambda r: "/belaggning/2026-11-25/" in r.url):
        wednesday.press("Tab")
    wednesday = page.locator("#id_2026-11-25-desk_days")
    expect(wednesday).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert not Occupancy.objects.filter(date=date(2026, 11, 25)).exists()

    page.goto(base + f"belaggning/{MONDAY.isoformat()}/fordelning/")
    expect(page.locator("#breakdown-form")).to_be_visible()
    assert_accessible(page)
    page.locator("select[name='rader-0-distance_band']").select_option("10-30")
    page.locator("input[name='rader-0-desk_days']").fill("9")
    page.locator("#breakdown-save").click()
    expect(page.locator("#breakdown-errors")).to_be_visible()  # 9 > the day's 5
    assert_accessible(page)

    # The public hub page (built by another engineer).
    response = page.goto(f"{live}/hubbar/{workspace_hub.slug}/")
    if response.status == 404:
        pytest.skip("the public hub page /hubbar/<slug>/ does not exist yet")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_week_grid_works_without_javascript(browser, live, workspace_hub):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    try:
        log_in(page, live, "cm@example.org")
        page.goto(f"{live}/hubbar/{workspace_hub.slug}/arbetsyta/belaggning/?vecka={WEEK}")
        page.locator(f"#id_{MONDAY.isoformat()}-desk_days").fill("4")
        page.locator("#id_2026-11-29-desk_days").fill("0")
        page.locator("#occupancy-save").click()
        expect(page.locator(f"#id_{MONDAY.isoformat()}-desk_days")).to_have_value("4")
        assert dict(Occupancy.objects.values_list("date", "desk_days")) == {
            MONDAY: 4,
            date(2026, 11, 29): 0,
        }
    finally:
        context.close()


def test_region_staff_sees_the_workspace_read_only(page: Page, live, workspace_hub):
    UserFactory(email="region@example.org", is_region_staff=True)
    activity = ActivityFactory(hub=workspace_hub)
    log_in(page, live, "region@example.org")
    base = f"{live}/hubbar/{workspace_hub.slug}/arbetsyta/"
    for path in (
        "",
        "aktiviteter/",
        f"aktiviteter/{activity.pk}/andra/",
        f"belaggning/?vecka={WEEK}",
        f"belaggning/{MONDAY.isoformat()}/fordelning/",
    ):
        page.goto(base + path)
        expect(page.locator("[data-testid=read-only-notice]")).to_be_visible()
        saves = "#activity-save, #occupancy-save, #breakdown-save, #activity-create-link"
        assert page.locator(saves).count() == 0
        assert_accessible(page)
