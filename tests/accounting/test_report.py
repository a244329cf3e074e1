"""The annual intellectual-capital statement: values against targets and the
year before, suppression ("<5", never compared), challenges and their
progress (public ones unless staff), highlights from the year's insights;
who may see which report; the PDF's text; a query count independent of the
amount of data."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounting.models import ChallengeUpdate, Indicator, Snapshot, SubResult, Target
from accounting.report import annual_report_build, annual_report_pdf, pdf_text
from learning_journeys.models import Insight
from tests.factories import ChallengeFactory, LearningJourneyFactory, MeetingFactory

pytestmark = pytest.mark.django_db
YEAR = 2025
REPORT = reverse("accounting:annual-report")
PDF = reverse("accounting:annual-report-pdf")


def snap(code: str, key: str, year: int, value, people=None, **scope) -> Snapshot:
    scope_type = key.split(":")[0]
    return Snapshot.objects.create(
        indicator=Indicator.objects.get(code=code),
        scope_type=scope_type,
        scope_key=key,
        period_type="year",
        period_start=date(year, 1, 1),
        value=value,
        people=people,
        computed_at=timezone.now(),
        **scope,
    )


def target(code: str, year: int, value, **scope) -> Target:
    scope.setdefault("scope_type", "county")
    return Target.objects.create(
        indicator=Indicator.objects.get(code=code), year=year, value=value, **scope
    )


def at(year: int, month: int = 6, day: int = 1) -> datetime:
    return datetime(year, month, day, 10, tzinfo=UTC)


def insight(journey, text: str, when: datetime, meeting=None) -> Insight:
    item = Insight.objects.create(journey=journey, meeting=meeting, kind="works", text=text)
    Insight.objects.filter(pk=item.pk).update(created_at=when)
    return item


@pytest.fixture
def values(hub):
    # Higher is better, above target, better than the year before.
    snap("learning_meetings", "county", YEAR, 12)
    snap("learning_meetings", "county", YEAR - 1, 10)
    target("learning_meetings", YEAR, 10)
    # Lower is better, above (worse than) target, better than the year before.
    snap("county_ghg_emissions", "county", YEAR, 900)
    snap("county_ghg_emissions", "county", YEAR - 1, 1000)
    target("county_ghg_emissions", YEAR, 850)
    # Resting on 3 people: "<5", never compared with the target or the year before.
    snap("participant_hours", "county", YEAR, 3, people=3)
    snap("participant_hours", "county", YEAR - 1, 40, people=10)
    target("participant_hours", YEAR, 2)
    # A year with a value but no target; other years are not read.
    snap("organisations", "county", YEAR, 7)
    snap("organisations", "county", YEAR - 2, 70)
    # The hub's own values and target.
    snap("learning_meetings", f"hub:{hub.pk}", YEAR, 4, hub=hub)
    target("learning_meetings", YEAR, 5, scope_type="hub", hub=hub)


@pytest.fixture
def challenges(hub, other_hub):
    public = ChallengeFactory(title="Mindre pendling", slug="mindre-pendling", stage="test")
    public.hubs.set([hub])
    SubResult.objects.create(challenge=public, title="Del 1", weight=1, progress=50)
    SubResult.objects.create(challenge=public, title="Del 2", weight=3, progress=100)
    old = ChallengeUpdate.objects.create(
        challenge=public, stage="test", progress=40, progress_reason="Last year."
    )
    ChallengeUpdate.objects.filter(pk=old.pk).update(created_at=at(YEAR - 1))
    latest = ChallengeUpdate.objects.create(
        challenge=public, stage="test", progress=80, progress_reason="Pilot in Åre worked."
    )
    ChallengeUpdate.objects.filter(pk=latest.pk).update(created_at=at(YEAR, 11))
    private = ChallengeFactory(title="Intern lokalfråga", slug="intern", is_public=False)
    private.hubs.set([hub])
    elsewhere = ChallengeFactory(title="Annan hubb", slug="annan", progress=30)
    elsewhere.hubs.set([other_hub])
    return {"public": public, "private": private, "elsewhere": elsewhere}


def _lines(report) -> dict[str, object]:
    return {line.indicator.code: line for s in report.sections for line in s.lines}


def test_county_values_against_targets_and_the_year_before(values):
    report = annual_report_build(year=YEAR)
    lines = _lines(report)
    meetings = lines["learning_meetings"]
    assert (meetings.value, meetings.target, meetings.previous) == ("12", "10", "10")
    assert (meetings.status, meetings.trend) == ("met", "better")
    ghg = lines["county_ghg_emissions"]
    assert (ghg.value, ghg.target, ghg.previous) == ("900", "850", "1\u00a0000")
    assert (ghg.status, ghg.trend) == ("not_met", "better")
    hours = lines["participant_hours"]
    assert (hours.value, hours.target, hours.previous) == ("<5", "2", "40")
    assert (hours.status, hours.trend) == ("", "")
    orgs = lines["organisations"]
    assert (orgs.value, orgs.target, orgs.previous, orgs.status, orgs.trend) == (
        "7",
        "–",
        "–",
        "",
        "",
    )
    # Indicators without any value or target this year or the year before are left out.
    assert "satisfaction" not in lines
    assert [s.capital for s in report.sections] == ["human", "relational", "structural"]
    assert report.hub is None


def test_hub_report_reads_the_hubs_values_and_targets(values, hub):
    lines = _lines(annual_report_build(year=YEAR, hub=hub))
    assert set(lines) == {"learning_meetings"}
    assert (lines["learning_meetings"].value, lines["learning_meetings"].target) == ("4", "5")
    assert lines["learning_meetings"].status == "not_met"


def test_challenges_with_progress_public_only_unless_staff(challenges, hub):
    county = annual_report_build(year=YEAR)
    assert [c.challenge.slug for c in county.challenges] == ["annan", "mindre-pendling"]
    staff_view = annual_report_build(year=YEAR, include_private=True)
    assert len(staff_view.challenges) == 3
    hub_view = annual_report_build(year=YEAR, hub=hub)
    (line,) = hub_view.challenges
    assert line.progress == 88  # (50 × 1 + 100 × 3) / 4 = 87.5
    assert line.latest.progress_reason == "Pilot in Åre worked."
    assert line.updates == 1
    assert [c.challenge.slug for c in annual_report_build(
        year=YEAR, hub=hub, include_private=True
    ).challenges] == ["intern", "mindre-pendling"]  # fmt: skip


def test_highlights_are_the_years_newest_ten_insights(hub, other_hub):
    journey = LearningJourneyFactory(hub=hub)
    elsewhere = LearningJourneyFactory(hub=other_hub)
    draft = LearningJourneyFactory(hub=hub, status="draft")
    meeting_here = MeetingFactory(journey=elsewhere, hub=hub)
    for n in range(12):
        insight(journey, f"Insight {n}", at(YEAR, 1 + n % 12, 1 + n))
    insight(journey, "Last year", at(YEAR - 1))
    insight(draft, "Draft", at(YEAR, 12, 20))
    insight(elsewhere, "Other hub", at(YEAR, 12, 30))
    insight(elsewhere, "At this hub's meeting", at(YEAR, 12, 29), meeting=meeting_here)

    county = [i.text for i in annual_report_build(year=YEAR).highlights]
    assert county[:2] == ["Other hub", "At this hub's meeting"]
    assert len(county) == 10 and "Draft" not in county and "Last year" not in county
    hub_texts = [i.text for i in annual_report_build(year=YEAR, hub=hub).highlights]
    assert hub_texts[0] == "At this hub's meeting"
    assert "Other hub" not in hub_texts and len(hub_texts) == 10


# --- Pages and permissions ----------------------------------------------------------


def test_county_report_is_for_region_staff(client, coworker, manager, staff):
    assert client.get(REPORT).status_code == 302
    for outsider in (coworker, manager):
        client.force_login(outsider)
        assert client.get(REPORT, {"year": YEAR}).status_code == 403
        assert client.get(PDF, {"year": YEAR}).status_code == 403
    client.force_login(staff)
    assert client.get(REPORT, {"year": YEAR}).status_code == 200
    assert client.get(REPORT).status_code == 200  # the year before by default


def test_hub_report_is_for_staff_and_the_hubs_managers(
    client, hub, coworker, manager, other_manager, staff
):
    for outsider in (coworker, other_manager):
        client.force_login(outsider)
        assert client.get(REPORT, {"hub": hub.slug}).status_code == 403
        assert client.get(PDF, {"hub": hub.slug}).status_code == 403
    for allowed in (manager, staff):
        client.force_login(allowed)
        response = client.get(REPORT, {"hub": hub.slug, "year": YEAR})
        assert response.status_code == 200
        assert f'data-year="{YEAR}" data-scope="{hub.slug}"' in response.content.decode()
        assert client.get(PDF, {"hub": hub.slug, "year": YEAR}).status_code == 200
    assert client.get(REPORT, {"hub": "no-such-hub"}).status_code == 404


@pytest.mark.parametrize("year", ["1999", "abc", "2101"])
def test_bad_year_re_renders_with_an_error(client, staff, year):
    client.force_login(staff)
    for url in (REPORT, PDF):
        response = client.get(url, {"year": year})
        assert response.status_code == 400
        assert "year" in response.context["form"].errors
        assert 'data-testid="form-errors"' in response.content.decode()


def test_report_page_shows_values_targets_and_suppression(client, staff, values, challenges):
    client.force_login(staff)
    html = client.get(REPORT, {"year": YEAR}).content.decode()
    assert (
        'data-indicator="learning_meetings" data-value="12" data-target="10" '
        'data-previous="10" data-status="met" data-trend="better"'
    ) in html
    assert (
        'data-indicator="participant_hours" data-value="&lt;5" data-target="2" '
        'data-previous="40" data-status="none" data-trend="none"'
    ) in html
    assert 'data-challenge="intern"' in html  # staff see private challenges
    assert 'data-challenge="mindre-pendling" data-progress="88"' in html
    assert 'id="suppression-note"' in html
    assert f'href="{PDF}?year={YEAR}"' in html


def test_manager_sees_only_public_challenges(client, manager, hub, challenges):
    client.force_login(manager)
    html = client.get(REPORT, {"year": YEAR, "hub": hub.slug}).content.decode()
    assert 'data-challenge="mindre-pendling"' in html
    assert 'data-challenge="intern"' not in html
    assert 'data-challenge="annan"' not in html


# --- PDF ----------------------------------------------------------------------------


def pdf_strings(data: bytes) -> str:
    """The text shown by an uncompressed PDF's Tj operators."""
    shown = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", data)
    return "\n".join(
        re.sub(r"\\(.)", r"\1", s.decode("latin-1")) for s in shown
    )  # fmt: skip


def test_pdf_has_the_statement_with_suppression_and_swedish_letters(values, challenges, hub):
    journey = LearningJourneyFactory(hub=hub)
    insight(journey, "“Hybridmöten” – fungerar ≥ 5 gånger…", at(YEAR, 3))
    report = annual_report_build(year=YEAR, include_private=True)
    data = annual_report_pdf(report, compress=False)
    assert data.startswith(b"%PDF-")
    text = pdf_strings(data)
    assert "<5" in text
    assert "Deltagartimmar i lärande" in text
    assert "Växthusgasutsläpp i länet" in text
    assert "1 000" in text  # no-break space as a plain space
    assert "Pilot in Åre worked." in text
    assert '"Hybridmöten" - fungerar >= 5 gånger...' in text
    # The hidden number never reaches the file.
    hours_row = text.split("Deltagartimmar i lärande")[1].split("\n")[1:4]
    assert "3" not in hours_row


def test_pdf_download_is_an_attachment(client, staff, values):
    client.force_login(staff)
    response = client.get(PDF, {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="arsredovisning-{YEAR}-lan.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_pdf_text_replaces_what_latin_1_lacks():
    assert pdf_text("“a” ‘b’ – — ≥ ≤ … åäö é\u00a0CO₂ ✓") == "\"a\" 'b' - - >= <= ... åäö é CO2 ?"


# --- Query count --------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 12])
def test_report_query_count_does_not_grow_with_the_data(
    client, staff, hub, rows, django_assert_num_queries
):
    journey = LearningJourneyFactory(hub=hub)
    codes = list(Indicator.objects.values_list("code", flat=True)[:rows])
    for code in codes:
        snap(code, "county", YEAR, 10)
        snap(code, "county", YEAR - 1, 8)
        target(code, YEAR, 9)
    for n in range(rows):
        challenge = ChallengeFactory()
        challenge.hubs.set([hub])
        SubResult.objects.create(challenge=challenge, title="Del", progress=n)
        ChallengeUpdate.objects.create(
            challenge=challenge, stage="test", progress=n, progress_reason="x"
        )
        insight(journey, f"Insight {n}", at(YEAR, 2))
    client.force_login(staff)
    # session, user, indicators, snapshots, targets, challenges, their sub-results,
    # their updates of the year, insights, hubs to choose from
    with django_assert_num_queries(10):
        assert client.get(REPORT, {"year": YEAR}).status_code == 200
    # + the hub
    with django_assert_num_queries(11):
        assert client.get(REPORT, {"year": YEAR, "hub": hub.slug}).status_code == 200
