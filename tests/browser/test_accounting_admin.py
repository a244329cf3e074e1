"""Accounting's staff pages, annual report and open data in a real browser:
staff read the run log and press "recompute" with the keyboard; axe on the
indicator list and edit form (also with errors), targets, manual values, the
run log, the annual report (county and hub) and the public open-data page."""

import re
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounting.catalogue import catalogue_load
from accounting.models import Indicator, ManualValue, RollupRun, Snapshot, SubResult, Target
from accounting.open_data import generate_open_data
from coworking_region.celery import app as celery_app
from learning_journeys.models import Insight
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    ChallengeFactory,
    HubFactory,
    HubManagerFactory,
    LearningJourneyFactory,
    UserFactory,
)

YEAR = timezone.localdate().year - 1


@pytest.fixture
def accounting_data(live):
    # A transactional test starts without the data migration's catalogue.
    catalogue_load(Indicator)
    UserFactory(email="staff@example.org", is_region_staff=True)
    hub = HubFactory(name="Samverket", slug="samverket")
    HubManagerFactory(hub=hub, user__email="manager@example.org")
    indicators = {i.code: i for i in Indicator.objects.all()}
    now = timezone.now()
    for key, extra in (("county", {}), (f"hub:{hub.pk}", {"hub": hub})):
        for code, value, people in (
            ("learning_meetings", 12, None),
            ("participant_hours", 3, 3),
            ("county_ghg_emissions", 900, None),
        ):
            for year, factor in ((YEAR, 1), (YEAR - 1, 2)):
                Snapshot.objects.create(
                    indicator=indicators[code],
                    scope_type=key.split(":")[0],
                    scope_key=key,
                    period_type="year",
                    period_start=date(year, 1, 1),
                    value=value * factor,
                    people=people,
                    computed_at=now,
                    **extra,
                )
    Target.objects.create(
        indicator=indicators["learning_meetings"], scope_type="county", year=YEAR, value=10
    )
    Target.objects.create(
        indicator=indicators["county_ghg_emissions"], scope_type="county", year=YEAR, value=850
    )
    ManualValue.objects.create(
        indicator=indicators["county_ghg_emissions"],
        scope_type="county",
        period_type="year",
        period_start=date(YEAR, 1, 1),
        value=900,
        note="SMED",
    )
    RollupRun.objects.create(
        kind="full", status="failed", error="OperationalError: the database went away"
    )
    RollupRun.objects.create(kind="incremental", hub=hub, month=date(YEAR, 5, 1), status="running")
    challenge = ChallengeFactory(title="Mindre pendling", slug="mindre-pendling")
    challenge.hubs.set([hub])
    SubResult.objects.create(challenge=challenge, title="Pilot", progress=60)
    journey = LearningJourneyFactory(hub=hub)
    insight = Insight.objects.create(journey=journey, kind="works", text="Frukostmöten fungerar.")
    Insight.objects.filter(pk=insight.pk).update(created_at=datetime(YEAR, 6, 1, 10, tzinfo=UTC))
    generate_open_data()
    return {"hub": hub}


@pytest.fixture
def eager_celery():
    """The live server runs the queued roll-up at once (no worker in this test)."""
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = False


def test_staff_reads_the_run_log_and_recomputes(page: Page, live, accounting_data, eager_celery):
    log_in(page, live, "staff@example.org")
    page.goto(live + "/redovisning/korningar/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    failed = page.locator("tr[data-status='failed']")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("OperationalError")
    expect(page.locator("tr[data-status='running']")).to_have_count(1)
    assert_accessible(page)

    page.locator("#recompute").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/redovisning/korningar/$"))
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("tr[data-kind='full'][data-status='succeeded']")).to_have_count(1)
    # Newest first: the run just made is the first row.
    expect(page.locator("#run-table tbody tr").first).to_have_attribute("data-status", "succeeded")
    assert_accessible(page)
    assert RollupRun.objects.filter(requested_by__email="staff@example.org").count() == 1


def test_axe_on_catalogue_targets_and_manual_values(page: Page, live, accounting_data):
    log_in(page, live, "staff@example.org")

    page.goto(live + "/redovisning/indikatorer/")
    expect(page.locator("tr[data-code='county_ghg_emissions']")).to_be_visible()
    assert_accessible(page)

    page.locator("tr[data-code='learning_meetings'] a").click()
    expect(page.locator("#indicator-code")).to_have_text("learning_meetings")
    assert_accessible(page)
    page.locator("input[name=name_sv]").fill("")
    page.locator("#indicator-save").click()
    expect(page.locator("input[name=name_sv]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#indicator-form-errors")).to_be_visible()
    assert_accessible(page)

    page.goto(live + "/redovisning/mal/")
    expect(page.locator("tr[data-scope='county']")).to_have_count(2)
    assert_accessible(page)
    page.locator("#target-form select[name=indicator]").select_option(
        label="Lärandeträffar som hållits"
    )
    page.locator("select[name=scope_type]").select_option("hub")
    page.locator("input[name=year]").fill(str(YEAR))
    page.locator("input[name=value]").fill("4")
    page.locator("#target-save").click()
    expect(page.locator("select[name=hub]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.locator("select[name=hub]").select_option(label="Samverket")
    page.locator("#target-save").click()
    expect(page.locator("tr[data-scope='hub']")).to_have_count(1)

    page.goto(live + "/redovisning/manuella-varden/")
    expect(page.locator("tr[data-indicator='county_ghg_emissions']")).to_have_count(1)
    assert_accessible(page)
    page.locator("#manual-save").click()
    expect(page.locator("#manual-form-errors")).to_be_visible()
    assert_accessible(page)


def test_axe_on_annual_reports_and_open_data(page: Page, live, accounting_data):
    hub = accounting_data["hub"]
    log_in(page, live, "staff@example.org")
    page.goto(live + f"/redovisning/arsredovisning/?year={YEAR}")
    row = page.locator("tr[data-indicator='participant_hours']")
    expect(row).to_have_attribute("data-value", "<5")
    expect(page.locator("tr[data-indicator='learning_meetings']")).to_have_attribute(
        "data-status", "met"
    )
    assert_accessible(page)
    # Printed, the navigation and controls are left out.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#report-form")).to_be_hidden()
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.locator("#report-pdf").click()
    assert download.value.suggested_filename == f"arsredovisning-{YEAR}-lan.pdf"

    page.context.clear_cookies()
    log_in(page, live, "manager@example.org")
    page.goto(live + f"/redovisning/arsredovisning/?year={YEAR}&hub={hub.slug}")
    expect(page.locator("#annual-report")).to_have_attribute("data-scope", hub.slug)
    expect(page.locator("tr[data-challenge='mindre-pendling']")).to_have_attribute(
        "data-progress", "60"
    )
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(live + "/redovisning/oppna-data/")
    expect(page.locator("tr[data-file='lan-indikatorer']")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("tr[data-file='kommun-indikatorer'] a").click()
    assert download.value.suggested_filename == "kommun-indikatorer.csv"
