"""The county dashboard, a hub's report and their exports: who sees them, the
values shown (equal to the snapshots), suppression of small counts in the page,
CSV and XLSX, trends and targets, filters, and a query count that does not
grow with the data."""

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounting import rollup
from accounting.charts import quantile_breaks
from accounting.display import display_value
from accounting.models import Indicator, SelfAssessment, SelfAssessmentFactor, Snapshot, Target
from tests.factories import ActivityFactory, HubFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

JUNE, MAY = date(2026, 6, 1), date(2026, 5, 1)
Y2026, Y2025 = date(2026, 1, 1), date(2025, 1, 1)
HIDDEN = Decimal("4321")  # a value resting on 3 people: must never show
EVIDENCE = "https://example.org/rapport\njavascript:alert(1)"


def snap(code, *, scope="county", hub=None, municipality=None, area="", period_type="month",
         start=JUNE, value=Decimal("10"), people=None):  # fmt: skip
    if hub is not None:
        scope, key = "hub", f"hub:{hub.pk}"
    elif municipality is not None:
        scope, key = "municipality", f"municipality:{municipality.pk}"
    elif area:
        scope, key = "area", f"area:{area}"
    else:
        key = "county"
    return Snapshot.objects.create(
        indicator=Indicator.objects.get(code=code),
        scope_type=scope,
        scope_key=key,
        hub=hub,
        municipality=municipality,
        area_class=area,
        period_type=period_type,
        period_start=start,
        value=value,
        people=people,
        computed_at=timezone.now(),
    )


@pytest.fixture
def ostersund(db):
    return MunicipalityFactory()


@pytest.fixture
def are(db):
    return MunicipalityFactory(
        code="2321", name="Åre", population=12000, land_area_km2="7000", area_class="rural"
    )


@pytest.fixture
def rural_hub(are):
    return HubFactory(name="Fjällhubben", slug="fjallhubben", municipality=are)


@pytest.fixture
def data(hub, other_hub, rural_hub, ostersund, are):
    """June and May 2026 at the county, the municipalities, the hubs and rural/urban."""
    for code, june, may in (
        ("learning_meetings", 12, 10),
        ("organisations", 7, 9),
        ("activities_social", 5, 5),
    ):
        snap(code, value=Decimal(june))
        snap(code, start=MAY, value=Decimal(may))
    # Participant-hours: fine at the county, 3 people behind it at Samverket and Åre.
    snap("participant_hours", value=Decimal("245"), people=40)
    snap("participant_hours", start=MAY, value=Decimal("200"), people=30)
    snap("participant_hours", hub=hub, value=HIDDEN, people=3)
    snap("participant_hours", municipality=are, value=HIDDEN, people=3)
    snap("participant_hours", municipality=ostersund, value=Decimal("240"), people=37)
    snap("participant_hours", area="rural", value=HIDDEN, people=3)
    snap("participant_hours", area="urban", value=Decimal("240"), people=37)
    snap("learning_meetings", hub=hub, value=Decimal(8))
    snap("learning_meetings", hub=other_hub, value=Decimal(3))
    snap("learning_meetings", hub=rural_hub, value=Decimal(1))
    snap("learning_meetings", municipality=ostersund, value=Decimal(11))
    snap("learning_meetings", municipality=ostersund, start=MAY, value=Decimal(10))
    snap("learning_meetings", municipality=are, value=Decimal(1))
    snap("learning_meetings", area="urban", value=Decimal(11))
    snap("learning_meetings", area="rural", value=Decimal(1))


def tile(content: str, code: str) -> dict[str, str]:
    match = re.search(rf'<li class="acc-tile" id="tile-{code}"(.*?)>', content, re.S)
    assert match, f"no tile for {code}"
    return dict(re.findall(r'(data-[\w-]+)="([^"]*)"', match.group(1)))


def dashboard(client, **params):
    return client.get(reverse("accounting:dashboard"), params)


# --- Who sees what --------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["accounting:dashboard", "accounting:dashboard-csv", "accounting:dashboard-xlsx"]
)
def test_county_dashboard_is_for_region_staff(client, coworker, manager, staff, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    for user in (coworker, manager):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name", ["accounting:hub-report", "accounting:hub-report-csv", "accounting:hub-report-xlsx"]
)
def test_hub_report_is_for_the_hubs_managers_and_region_staff(
    client, hub, other_hub, coworker, manager, other_manager, staff, name
):
    url = reverse(name, kwargs={"slug": hub.slug})
    response = client.get(url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    for user in (coworker, other_manager):
        client.force_login(user)
        assert client.get(url).status_code == 403
    for user in (manager, staff):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(manager)
    assert client.get(reverse(name, kwargs={"slug": other_hub.slug})).status_code == 403
    assert client.get(reverse(name, kwargs={"slug": "no-such-hub"})).status_code == 404


def test_landing_page_links_depend_on_the_role(client, hub, manager, staff):
    url = reverse("accounting:index")
    body = client.get(url).content.decode()
    assert 'id="link-challenges"' in body and 'id="link-open-data"' in body
    assert 'id="link-county-dashboard"' not in body and "link-hub-report" not in body

    client.force_login(manager)
    body = client.get(url).content.decode()
    assert 'data-hub="samverket"' in body
    assert reverse("accounting:hub-report", kwargs={"slug": "samverket"}) in body
    assert 'id="link-county-dashboard"' not in body

    client.force_login(staff)
    body = client.get(url).content.decode()
    assert 'id="link-county-dashboard"' in body and "link-hub-report" not in body


# --- Values ---------------------------------------------------------------------


def test_values_shown_equal_the_rolled_up_snapshots(client, staff, hub, rural_hub):
    at = datetime(2026, 5, 5, 10, tzinfo=UTC)
    ActivityFactory(hub=hub, starts_at=at, participants=12, social=True, environmental=True)
    ActivityFactory(hub=hub, starts_at=at, participants=3, social=True)
    ActivityFactory(hub=rural_hub, starts_at=at, participants=8, social=True)
    rollup.rollup_full(today=date(2026, 6, 30))
    client.force_login(staff)
    response = dashboard(client, period_type="month", period="2026-05-01")
    content = response.content.decode()
    county = Snapshot.objects.filter(scope_key="county", period_type="month", period_start=MAY)
    assert county.exists()
    for row in county.select_related("indicator"):
        assert tile(content, row.indicator.code)["data-value"] == display_value(
            row.indicator, row.value, row.people
        )
    assert tile(content, "activities_social")["data-value"] == "3"
    report = response.context["report"]
    social = [i.code for i in report.indicators].index("activities_social")
    by_hub = {r.hub.slug: r.cells[social].text for r in report.hub_rows}
    assert by_hub == {"fjallhubben": "1", "samverket": "2"}
    rural = next(r for r in report.area_rows if r.indicator.code == "activities_social")
    assert (rural.rural.text, rural.urban.text) == ("1", "2")


def test_small_counts_are_shown_as_less_than_five_in_page_csv_and_xlsx(client, staff, data):
    client.force_login(staff)
    params = {"period_type": "month", "period": "2026-06-01", "map": "participant_hours"}
    content = dashboard(client, **params).content.decode()
    hidden = (str(HIDDEN), "4\u00a0321", "4 321")
    assert not any(h in content for h in hidden)
    assert tile(content, "participant_hours")["data-value"] == "245"
    # The hub table, the map's table and rural/urban show "<5".
    assert re.search(
        r'data-hub="samverket">.*?data-indicator="participant_hours">&lt;5<', content, re.S
    )
    assert (
        '<tr data-code="2321"><th scope="row">Åre</th><td align="right" data-value="&lt;5">'
        in content
    )
    assert re.search(
        r'data-indicator="participant_hours">.*?data-area="rural">&lt;5<', content, re.S
    )
    # On the map Åre gets the neutral fill (no class), Östersund a class.
    assert re.search(r'data-code="2321" data-class="-1"><title>Åre: &lt;5</title>', content)
    assert re.search(r'data-code="2380" data-class="0">', content)

    csv_body = client.get(reverse("accounting:dashboard-csv"), params).content.decode("utf-8-sig")
    assert "<5" in csv_body and not any(h in csv_body for h in hidden)

    response = client.get(reverse("accounting:dashboard-xlsx"), params)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    ]  # fmt: skip
    assert "<5" in values and not any(h in v for v in values for h in hidden)


def test_hub_report_suppresses_its_small_counts(client, manager, hub, data):
    client.force_login(manager)
    params = {"period_type": "month", "period": "2026-06-01"}
    content = client.get(reverse("accounting:hub-report", kwargs={"slug": hub.slug}), params)
    content = content.content.decode()
    assert tile(content, "participant_hours")["data-value"] == "&lt;5"
    assert tile(content, "learning_meetings")["data-value"] == "8"
    assert str(HIDDEN) not in content
    for name in ("accounting:hub-report-csv", "accounting:hub-report-xlsx"):
        body = client.get(reverse(name, kwargs={"slug": hub.slug}), params).content
        if name.endswith("csv"):
            assert b"<5" in body and str(HIDDEN).encode() not in body
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
            rows = list(sheet.iter_rows(values_only=True))
            by_code = {row[0]: row[6] for row in rows[1:]}
            assert by_code["participant_hours"] == "<5"
            assert by_code["learning_meetings"] == 8


def test_trend_and_target_on_the_tiles(client, staff, data):
    snap("learning_meetings", period_type="year", start=Y2026, value=Decimal(12))
    snap("learning_meetings", period_type="year", start=Y2025, value=Decimal(10))
    snap("county_ghg_emissions", period_type="year", start=Y2026, value=Decimal(800))
    snap("county_ghg_emissions", period_type="year", start=Y2025, value=Decimal(900))
    snap("organisations", period_type="year", start=Y2026, value=Decimal(5))
    snap("organisations", period_type="year", start=Y2025, value=Decimal(6))
    indicators = {i.code: i for i in Indicator.objects.all()}
    Target.objects.create(indicator=indicators["learning_meetings"], scope_type="county",
                          year=2026, value=15)  # fmt: skip
    Target.objects.create(indicator=indicators["county_ghg_emissions"], scope_type="county",
                          year=2026, value=850)  # fmt: skip
    # A target for another year or another scope does not apply.
    Target.objects.create(indicator=indicators["organisations"], scope_type="county",
                          year=2025, value=1)  # fmt: skip
    client.force_login(staff)
    content = dashboard(client, period_type="year", period="2026-01-01").content.decode()

    meetings = tile(content, "learning_meetings")
    assert meetings["data-trend"] == "up" and meetings["data-judgement"] == "better"
    assert meetings["data-change"] == "+20.0"
    assert meetings["data-target"] == "15" and meetings["data-target-status"] == "not-met"
    # Lower is better for emissions: down is better, and 800 ≤ 850 meets the target.
    emissions = tile(content, "county_ghg_emissions")
    assert emissions["data-trend"] == "down" and emissions["data-judgement"] == "better"
    assert emissions["data-target-status"] == "met"
    organisations = tile(content, "organisations")
    assert organisations["data-judgement"] == "worse" and organisations["data-change"] == "-16.7"
    assert organisations["data-target-status"] == "none"
    # No value in the previous period: no trend.
    assert tile(content, "tools_adopted")["data-trend"] == "none"

    # A monthly sum is not held against the yearly target.
    content = dashboard(client, period_type="month", period="2026-06-01").content.decode()
    meetings = tile(content, "learning_meetings")
    assert meetings["data-target-status"] == "annual"
    assert meetings["data-trend"] == "up" and meetings["data-change"] == "+20.0"


def test_targets_of_the_scope_apply_municipality_and_hub(
    client, staff, manager, hub, ostersund, data
):
    indicator = Indicator.objects.get(code="learning_meetings")
    Target.objects.create(indicator=indicator, scope_type="municipality", municipality=ostersund,
                          year=2026, value=11)  # fmt: skip
    Target.objects.create(indicator=indicator, scope_type="hub", hub=hub, year=2026, value=20)
    Target.objects.create(indicator=indicator, scope_type="county", year=2026, value=1)
    client.force_login(staff)
    content = dashboard(client, period="2026-06-01", municipality="2380").content.decode()
    assert tile(content, "learning_meetings")["data-target"] == "11"
    client.force_login(manager)
    content = client.get(
        reverse("accounting:hub-report", kwargs={"slug": hub.slug}), {"period": "2026-06-01"}
    ).content.decode()
    assert tile(content, "learning_meetings")["data-target"] == "20"


def test_suppressed_values_get_no_trend(client, staff, hub, data):
    snap("satisfaction", value=Decimal("4.2"), people=20)
    snap("satisfaction", start=MAY, value=Decimal("3.1"), people=2)
    client.force_login(staff)
    content = dashboard(client, period="2026-06-01").content.decode()
    satisfaction = tile(content, "satisfaction")
    assert satisfaction["data-value"] == "4.2" and satisfaction["data-previous"] == "&lt;5"
    assert satisfaction["data-trend"] == "none" and satisfaction["data-change"] == ""
    # The hidden mean appears in no cell, title or attribute (SVG coordinates aside).
    assert not re.search(r'[>":]\s?3\.1[<"]', content)
    assert '<tr data-period="2026-05-01">' in content


# --- Filters --------------------------------------------------------------------


def test_municipality_filter_narrows_the_hub_table_and_the_scope(client, staff, data, are):
    client.force_login(staff)
    response = dashboard(client, period="2026-06-01")
    assert [r.hub.slug for r in response.context["report"].hub_rows] == [
        "fjallhubben", "kollektivet", "samverket"
    ]  # fmt: skip
    response = dashboard(client, period="2026-06-01", municipality="2321")
    content = response.content.decode()
    assert [r.hub.slug for r in response.context["report"].hub_rows] == ["fjallhubben"]
    assert 'data-hub="samverket"' not in content and 'data-hub="fjallhubben"' in content
    assert 'data-scope="municipality"' in content
    assert tile(content, "learning_meetings")["data-value"] == "1"
    assert tile(content, "participant_hours")["data-value"] == "&lt;5"
    # The hub filter makes the hub the scope of the tiles.
    content = dashboard(client, period="2026-06-01", hub="kollektivet").content.decode()
    assert 'data-scope="hub"' in content
    assert tile(content, "learning_meetings")["data-value"] == "3"


def test_bad_filters_show_errors_and_fall_back(client, staff, data):
    client.force_login(staff)
    response = dashboard(client, period_type="week", period="someday", municipality="9999",
                         hub="samverket", map="nonsense")  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"period_type", "period", "municipality", "map"}
    assert 'aria-invalid="true"' in response.content.decode()
    report = response.context["report"]
    assert report.period.start == JUNE and report.period.type == "month"
    assert report.scope_type == "hub"
    # A hub outside the chosen municipality is an error, and is not applied.
    response = dashboard(client, municipality="2321", hub="samverket")
    assert "hub" in response.context["form"].errors
    assert response.context["report"].scope_type == "municipality"


def test_period_choices_are_those_present_and_a_changed_type_snaps(client, staff, data):
    snap("learning_meetings", period_type="quarter", start=date(2026, 4, 1), value=Decimal(22))
    client.force_login(staff)
    response = dashboard(client)
    assert [v for v, _label in response.context["form"].fields["period"].choices] == [
        "2026-06-01", "2026-05-01"
    ]  # fmt: skip
    assert response.context["report"].period.start == JUNE
    # Switching to quarters without JavaScript keeps the month's quarter.
    response = dashboard(client, period_type="quarter", period="2026-05-01")
    assert not response.context["form"].errors
    assert response.context["report"].period.start == date(2026, 4, 1)
    assert tile(response.content.decode(), "learning_meetings")["data-value"] == "22"


def test_dashboard_without_any_snapshots_renders(client, staff):
    client.force_login(staff)
    response = dashboard(client)
    assert response.status_code == 200
    assert response.content.decode().count("</title></path>") == 8  # every municipality


def test_map_draws_every_municipality_with_a_title_and_a_legend(client, staff, data):
    client.force_login(staff)
    content = dashboard(client, period="2026-06-01", map="learning_meetings").content.decode()
    paths = re.findall(r'<path d="[^"]+" fill="[^"]+" fill-rule="evenodd"[^>]*data-code="(\d+)"'
                       r' data-class="(-?\d)"><title>([^<]+)</title>', content)  # fmt: skip
    assert len(paths) == 8
    classes = {code: cls for code, cls, _title in paths}
    assert classes["2380"] != classes["2321"] and classes["2303"] == "-1"
    assert '<svg class="acc-map-svg"' in content and 'role="img"' in content
    assert content.count('data-neutral="true"') == 1
    assert '<table class="table" id="map-table">' in content


def test_quantile_breaks():
    values = [Decimal(v) for v in (1, 2, 3, 4, 5, 6, 7, 8)]
    assert quantile_breaks(values) == [2, 4, 6, 8]
    assert quantile_breaks([Decimal(3), Decimal(3)]) == [3]
    assert quantile_breaks([]) == []


# --- Query count ----------------------------------------------------------------


def _many(hub_count: int, months: int, ostersund, are):
    hubs = [HubFactory(municipality=ostersund if n % 2 else are) for n in range(hub_count)]
    for month in range(months):
        day = date(2024 + month // 12, month % 12 + 1, 1)
        for h in hubs:
            snap("learning_meetings", hub=h, start=day, value=Decimal(month))
            snap("participant_hours", hub=h, start=day, value=Decimal(month), people=month)
        snap("learning_meetings", start=day, value=Decimal(month))
        snap("learning_meetings", municipality=ostersund, start=day, value=Decimal(month))
        snap("learning_meetings", area="rural", start=day, value=Decimal(month))
    return hubs


@pytest.mark.parametrize(("hub_count", "months"), [(2, 1), (12, 30)])
def test_query_count_does_not_grow_with_the_data(
    client, staff, django_assert_num_queries, ostersund, are, hub_count, months
):
    hubs = _many(hub_count, months, ostersund, are)
    SelfAssessment.objects.create(hub=hubs[0], year=2025)
    client.force_login(staff)
    # 1 session, 2 user, 3 indicators, 4 municipalities, 5 hubs, 6 periods present,
    # 7 the snapshots shown, 8 the targets.
    with django_assert_num_queries(8):
        response = dashboard(client, map="learning_meetings")
    assert len(response.context["report"].hub_rows) == hub_count
    with django_assert_num_queries(8):
        dashboard(client, municipality="2380", period_type="quarter")
    with django_assert_num_queries(8):
        client.get(reverse("accounting:dashboard-xlsx"))
    # Hub report: 1 session, 2 user, 3 hub, 4 periods present, 5 indicators,
    # 6 snapshots, 7 targets, 8 self-assessments, 9 their factors, 10 may self-assess.
    with django_assert_num_queries(10):
        client.get(reverse("accounting:hub-report", kwargs={"slug": hubs[0].slug}))


# --- Exports --------------------------------------------------------------------


def test_csv_export_has_bom_semicolons_and_the_tables_shown(client, staff, data):
    client.force_login(staff)
    params = {"period_type": "month", "period": "2026-06-01", "municipality": "2380"}
    response = client.get(reverse("accounting:dashboard-csv"), params)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="redovisning-2380-2026-06.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    kpi = {row[0]: row for row in rows if row and row[0] == "learning_meetings" and len(row) == 11}
    assert kpi["learning_meetings"][6] == "11" and kpi["learning_meetings"][5] == "2026-06"
    hub_names = {
        row[0] for row in rows if row and row[0] in {"Samverket", "Kollektivet", "Fjällhubben"}
    }
    assert hub_names == {"Samverket", "Kollektivet"}
    # Time series: twelve months ending in June 2026.
    series_header = next(row for row in rows if len(row) == 14)
    assert series_header[2] == "2025-07" and series_header[-1] == "2026-06"


def test_xlsx_export_has_one_sheet_per_table_with_header_rows(client, staff, data):
    client.force_login(staff)
    params = {"period_type": "month", "period": "2026-06-01", "municipality": "2380"}
    response = client.get(reverse("accounting:dashboard-xlsx"), params)
    assert response["Content-Disposition"] == 'attachment; filename="redovisning-2380-2026-06.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 5
    kpi, series, hubs, areas, municipalities = workbook.worksheets
    kpi_rows = list(kpi.iter_rows(values_only=True))
    assert kpi_rows[0][0] and kpi_rows[0][6]  # a header row
    by_code = {row[0]: row for row in kpi_rows[1:]}
    assert by_code["learning_meetings"][6] == 11 and by_code["learning_meetings"][7] == 10
    assert by_code["learning_meetings"][8] == 10  # +10 % since May
    hub_rows = list(hubs.iter_rows(values_only=True))
    codes = [i.name for i in Indicator.objects.filter(is_active=True)]
    assert list(hub_rows[0][2:]) == codes
    assert sorted(row[0] for row in hub_rows[1:]) == ["Kollektivet", "Samverket"]
    area_rows = {row[0]: row for row in areas.iter_rows(values_only=True)}
    assert area_rows["learning_meetings"][2:] == (1, 11)
    assert area_rows["participant_hours"][2:] == ("<5", 240)
    assert len(list(municipalities.iter_rows())) == 9
    assert len(next(series.iter_rows(values_only=True))) == 14


def test_hub_report_shows_the_self_assessment_next_to_the_indicators(client, manager, hub, data):
    previous = SelfAssessment.objects.create(hub=hub, year=2025)
    SelfAssessmentFactor.objects.create(assessment=previous, capital="human", name="Kompetens",
                                        quantity=50, quality=50, systematics=50)  # fmt: skip
    current = SelfAssessment.objects.create(hub=hub, year=2026, summary="Bättre i år.")
    SelfAssessmentFactor.objects.create(assessment=current, capital="human", name="Kompetens",
                                        quantity=70, quality=60, systematics=50,
                                        evidence=EVIDENCE)  # fmt: skip
    SelfAssessmentFactor.objects.create(assessment=current, capital="relational", name="Nätverk",
                                        quantity=80, quality=80, systematics=80)  # fmt: skip
    client.force_login(manager)
    content = client.get(
        reverse("accounting:hub-report", kwargs={"slug": hub.slug}), {"period": "2026-06-01"}
    ).content.decode()
    assert 'data-year="2026"' in content
    assert '<tr data-factor="Kompetens" data-change="10">' in content
    assert '<tr data-factor="Nätverk" data-change="">' in content
    assert reverse("accounting:self-assessment", kwargs={"slug": hub.slug}) in content
    assert 'href="https://example.org/rapport"' in content
    assert 'href="javascript:' not in content
    # The factors sit in the same capital section as the computed tiles.
    human = content.split('data-capital="human"')[1].split('data-capital="relational"')[0]
    assert 'id="tile-learning_meetings"' in human and 'data-factor="Kompetens"' in human

    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(
                client.get(
                    reverse("accounting:hub-report-xlsx", kwargs={"slug": hub.slug}),
                    {"period": "2026-06-01"},
                ).content
            )
        )
        .worksheets[2]
        .iter_rows(values_only=True)
    )
    assert rows[1][1:] == ("Kompetens", 70, 60, 50, 60, 10)


def test_hub_report_without_self_assessment(client, staff, hub):
    client.force_login(staff)
    content = client.get(reverse("accounting:hub-report", kwargs={"slug": hub.slug})).content
    assert b'id="no-self-assessment"' in content and b'id="self-assessment-link"' in content
