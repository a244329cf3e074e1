"""The county dashboard in a real browser: staff open it from the landing page,
filter to one municipality with the keyboard, download the XLSX of what is
shown, and open a hub's report; axe on every page."""

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounting.catalogue import catalogue_load
from accounting.models import Indicator, SelfAssessment, SelfAssessmentFactor, Snapshot, Target
from hubs.models import Hub
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import HubFactory, HubManagerFactory, MunicipalityFactory, UserFactory

JUNE, MAY = date(2026, 6, 1), date(2026, 5, 1)


@pytest.fixture
def dashboard_data(live):
    # A transactional test starts without the data migration's catalogue.
    catalogue_load(Indicator)
    UserFactory(email="staff@example.org", is_region_staff=True)
    ostersund = MunicipalityFactory()
    are = MunicipalityFactory(
        code="2321", name="Åre", population=12000, land_area_km2="7000", area_class="rural"
    )
    samverket = HubFactory(name="Samverket", slug="samverket", municipality=ostersund)
    HubFactory(name="Norra Station", slug="norra-station", municipality=ostersund)
    HubFactory(name="Fjällhubben", slug="fjallhubben", municipality=are)
    HubManagerFactory(hub=samverket, user__email="manager@example.org")
    indicators = {i.code: i for i in Indicator.objects.all()}
    now = timezone.now()

    def snap(code, key, start, value, people=None, **scope):
        Snapshot.objects.create(
            indicator=indicators[code],
            scope_type=key.split(":")[0],
            scope_key=key,
            period_type="month",
            period_start=start,
            value=Decimal(value),
            people=people,
            computed_at=now,
            **scope,
        )

    for start, factor in ((JUNE, 2), (MAY, 1)):
        snap("learning_meetings", "county", start, 6 * factor)
        snap("participant_hours", "county", start, 120 * factor, people=30)
        snap("learning_meetings", f"municipality:{ostersund.pk}", start, 5 * factor,
             municipality=ostersund)  # fmt: skip
        snap("learning_meetings", f"municipality:{are.pk}", start, factor, municipality=are)
        snap("participant_hours", f"municipality:{are.pk}", start, 9, people=3, municipality=are)
        snap("learning_meetings", "area:urban", start, 5 * factor, area_class="urban")
        snap("learning_meetings", "area:rural", start, factor, area_class="rural")
        for hub in Hub.objects.all():
            snap("learning_meetings", f"hub:{hub.pk}", start, factor, hub=hub)
    Target.objects.create(
        indicator=indicators["learning_meetings"], scope_type="county", year=2026, value=8
    )
    Target.objects.create(
        indicator=indicators["learning_meetings"], scope_type="hub", hub=samverket, year=2026,
        value=3,
    )  # fmt: skip
    assessment = SelfAssessment.objects.create(hub=samverket, year=2026, summary="Ett bra år.")
    SelfAssessmentFactor.objects.create(
        assessment=assessment, capital="human", name="Kompetens", quantity=80, quality=70,
        systematics=60, comment="Många lärandeträffar.", evidence="https://example.org/rapport",
    )  # fmt: skip
    return samverket


def test_staff_filter_the_dashboard_to_one_municipality_and_download_xlsx(
    page: Page, live, dashboard_data
):
    log_in(page, live, "staff@example.org")
    page.goto(live + "/redovisning/")
    assert_accessible(page)
    page.locator("#link-county-dashboard").click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#hub-table tbody tr")).to_have_count(3)
    expect(page.locator("#tile-learning_meetings")).to_have_attribute("data-value", "12")
    expect(page.locator("#tile-learning_meetings")).to_have_attribute("data-trend", "up")
    expect(page.locator("#tile-learning_meetings")).to_have_attribute(
        "data-target-status", "annual"
    )
    assert_accessible(page)

    # Filter to Åre with the keyboard: focus the select, move to the option, submit.
    select = page.locator("#id_municipality")
    select.focus()
    for _step in range(10):
        if select.input_value() == "2321":
            break
        page.keyboard.press("ArrowDown")
    if select.input_value() != "2321":  # a platform whose closed <select> ignores arrows
        select.select_option("2321")
    page.locator("#dashboard-filter-submit").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"municipality=2321"))
    expect(page.locator("#hub-table tbody tr")).to_have_count(1)
    expect(page.locator('#hub-table tr[data-hub="fjallhubben"]')).to_be_visible()
    expect(page.locator("#tile-participant_hours")).to_have_attribute("data-value", "<5")
    expect(page.locator("#dashboard-report")).to_have_attribute("data-scope", "municipality")
    assert_accessible(page)

    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    download = info.value
    assert download.suggested_filename == "redovisning-2321-2026-06.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    hubs = workbook.worksheets[2]
    assert [row[0] for row in hubs.iter_rows(min_row=2, values_only=True)] == ["Fjällhubben"]
    kpi = {row[0]: row for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert kpi["participant_hours"][6] == "<5"
    assert kpi["learning_meetings"][6] == 2

    # From the hub table to the hub's report.
    page.locator('#hub-table tr[data-hub="fjallhubben"] a').click()
    expect(page).to_have_url(re.compile(r"/redovisning/hubb/fjallhubben/"))
    expect(page.locator("#no-self-assessment")).to_be_visible()
    assert_accessible(page)


def test_manager_reads_the_hubs_report_with_the_self_assessment(page: Page, live, dashboard_data):
    log_in(page, live, "manager@example.org")
    page.goto(live + "/redovisning/")
    page.locator('a.link-hub-report[data-hub="samverket"]').click()
    expect(page).to_have_url(re.compile(r"/redovisning/hubb/samverket/"))
    expect(page.locator("#tile-learning_meetings")).to_have_attribute("data-target", "3")
    expect(page.locator('tr[data-factor="Kompetens"]')).to_be_visible()
    expect(page.locator("#self-assessment-link")).to_be_visible()
    assert_accessible(page)
    # The tables behind the charts open with the keyboard.
    summary = page.locator("#series-learning_meetings summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#series-learning_meetings table")).to_be_visible()
    assert_accessible(page)
