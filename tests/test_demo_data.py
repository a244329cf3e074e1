from datetime import date, timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from coworking_region.demo import DEMO_REVIEWERS
from hubs.models import (
    Activity,
    CountyEvent,
    Hub,
    HubManager,
    Municipality,
    Occupancy,
    Organisation,
)
from hubs.permissions import can_manage_hub, is_admin, is_region_staff
from learning_journeys.models import (
    Insight,
    LearningJourney,
    Meeting,
    MeetingReport,
    MeetingReservation,
    Registration,
)
from learning_journeys.permissions import can_organise_meeting
from toolbox.label import privacy_label
from toolbox.models import Adoption, Need, OrganisationDecision, PrivacyAssessment, Review, Tool
from toolbox.selectors import ToolFilters, tool_search

pytestmark = pytest.mark.django_db

MODELS = (
    Municipality,
    Organisation,
    CountyEvent,
    Hub,
    HubManager,
    Activity,
    Occupancy,
    LearningJourney,
    Meeting,
    MeetingReservation,
    Registration,
    MeetingReport,
    Insight,
    Need,
    Tool,
    PrivacyAssessment,
    OrganisationDecision,
    Adoption,
    Review,
)


def snapshot():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["users"] = get_user_model().objects.count()
    counts["emails"] = EmailAddress.objects.count()
    counts["activity_orgs"] = Activity.organisations.through.objects.count()
    counts["journey_orgs"] = LearningJourney.organisations.through.objects.count()
    counts["report_orgs"] = MeetingReport.organisations.through.objects.count()
    counts["organisers"] = Meeting.organisers.through.objects.count()
    counts["tool_needs"] = Tool.needs.through.objects.count()
    return counts


def test_demo_data_is_idempotent_and_gives_every_role(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "a-demo-password-42"
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    # The four logins, and the made-up reviewers of the toolbox (no password, no address).
    assert first["users"] == 4 + len(DEMO_REVIEWERS)
    assert first["emails"] == 4 and first["HubManager"] == 1

    User = get_user_model()
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example")}
    assert not any(
        u.has_usable_password() for u in User.objects.exclude(email__endswith="@demo.example")
    )
    samverket = Hub.objects.get(slug="samverket")
    assert is_admin(users["admin@demo.example"]) and users["admin@demo.example"].is_staff
    assert is_region_staff(users["staff@demo.example"])
    assert can_manage_hub(users["manager@demo.example"], samverket)
    coworker = users["coworker@demo.example"]
    assert not is_region_staff(coworker) and not can_manage_hub(coworker, samverket)
    assert all(u.check_password("a-demo-password-42") for u in users.values())
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 4

    out = capsys.readouterr().out
    assert "manager@demo.example" in out and "a-demo-password-42" in out


def test_demo_hubs_real_ones_and_marked_examples(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    real = set(Hub.objects.filter(is_example=False).values_list("name", flat=True))
    assert real == {"Samverket", "Norra Station", "House be", "Kollektivet"}
    examples = Hub.objects.filter(is_example=True)
    assert 15 <= examples.count() <= 30
    assert all(hub.name.startswith("Exempel") for hub in examples)
    assert Municipality.objects.count() == 8
    assert set(Hub.objects.values_list("municipality__name", flat=True)) == set(
        Municipality.objects.values_list("name", flat=True)
    )


def test_demo_history_covers_two_years_and_the_study_meetings(settings):
    settings.DEBUG = True
    from coworking_region.demo import demo_seed

    demo_seed(password="x-password-123", today=date(2026, 11, 27))
    samverket = Hub.objects.get(slug="samverket")
    days = Occupancy.objects.filter(hub=samverket).order_by("date")
    assert days.first().date <= date(2024, 11, 28) and days.last().date == date(2026, 11, 27)
    lt2 = Activity.objects.get(hub=samverket, import_key="study-lt2")
    assert (lt2.participants, lt2.facilitators) == (15, 2)
    assert "Polismyndigheten" in set(lt2.organisations.values_list("name", flat=True))
    assert Activity.objects.filter(hub=samverket, import_key__startswith="demo-").count() == 48


def test_demo_password_can_be_changed_by_running_again(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "first-password-1"
    call_command("seed_demo")
    settings.DEMO_PASSWORD = "second-password-2"
    call_command("seed_demo")
    user = get_user_model().objects.get(email="coworker@demo.example")
    assert user.check_password("second-password-2")


def test_demo_data_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert sum(snapshot().values()) == 0


def test_demo_manager_can_log_in(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert client.login(email="manager@demo.example", password=settings.DEMO_PASSWORD)


# --- Learning journeys ------------------------------------------------------------


def _seed_on(day):
    from coworking_region.demo import demo_seed

    demo_seed(password="x-password-123", today=day)


def test_demo_learning_journeys_are_idempotent_even_on_another_day(settings):
    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    first = snapshot()
    assert first["LearningJourney"] == 2 and first["Registration"] > 0
    _seed_on(date(2026, 11, 27))
    assert snapshot() == first
    _seed_on(date(2026, 12, 3))  # upcoming meetings move; nothing new is created
    assert snapshot() == first


def test_demo_has_the_study_learning_journey(settings):
    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    journey = LearningJourney.objects.get(slug="the-co-working-region")
    assert journey.hub.slug == "samverket"
    assert (journey.starts_on, journey.ends_on) == (date(2022, 1, 1), date(2024, 3, 31))
    assert list(journey.organisations.values_list("name", flat=True)) == [
        "Region Jämtland Härjedalen"
    ]
    assert "Samverket 2.0" in journey.title
    assert "Parafraserat ur studien" in journey.description and journey.goals
    meetings = list(journey.meetings.select_related("report", "hub").order_by("starts_at"))
    assert len(meetings) == 9
    assert [m.kind for m in meetings] == [
        "workshop",
        *["learning_meeting"] * 3,
        "excursion",
        *["learning_meeting"] * 3,
        "interview_round",
    ]
    counts = [(m.report.participants, m.report.facilitators) for m in meetings]
    assert counts == [(7, 0), (0, 0), (15, 2), (14, 2), (5, 0), (15, 2), (8, 2), (10, 2), (16, 0)]
    local = [timezone.localtime(m.starts_at).date() for m in meetings]
    assert local[1:4] == [date(2022, 3, 23), date(2022, 5, 6), date(2022, 6, 3)]
    assert local[5:8] == [date(2022, 11, 25), date(2023, 2, 3), date(2023, 3, 29)]
    workshop, lt1, lt2, _lt3, trondheim, lt4 = meetings[:6]
    assert timezone.localtime(workshop.starts_at).date().month == 1
    assert timezone.localtime(workshop.ends_at).date().month == 2
    assert (lt1.hub, lt1.venue, lt1.online_url) == (None, "Online (Teams)", "")
    assert "Borlänge kommun" in set(lt1.report.organisations.values_list("name", flat=True))
    assert "Myndigheten för samhällsskydd och beredskap (MSB)" in set(
        lt2.report.organisations.values_list("name", flat=True)
    )
    assert trondheim.venue == "Trondheim, Norge" and trondheim.hub is None
    assert timezone.localtime(trondheim.starts_at).date() == date(2022, 6, 20)
    assert timezone.localtime(trondheim.ends_at).date() == date(2022, 6, 21)
    assert set(trondheim.report.organisations.values_list("name", flat=True)) == {
        "Region Jämtland Härjedalen",
        "Naboer AB",
    }
    assert set(lt4.report.organisations.values_list("name", flat=True)) == {
        "Region Jämtland Härjedalen",
        "Östersunds kommun",
        "Uppsala kommun",
        "Myndigheten för samhällsskydd och beredskap (MSB)",
        "Forskningsrådet för hållbar utveckling (Formas)",
        "Försäkringskassan",
    }
    interviews = meetings[-1]
    assert (
        "16 intervjuer" in interviews.report.summary
        and "9 studiebesök" in interviews.report.summary
    )
    assert all(m.status == "published" for m in meetings)
    assert journey.insights.count() >= 5
    assert set(journey.insights.values_list("kind", flat=True)) == {
        "works",
        "does_not_work",
        "next_step",
    }
    assert all("Parafraserat" in text for text in journey.insights.values_list("text", flat=True))
    # The hubs' copies of the lärandeträffar stay for the hub statistics.
    assert Activity.objects.filter(import_key__startswith="study-lt").count() == 6


def test_demo_reuses_organisations_by_name(settings):
    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    names = list(Organisation.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    region = Organisation.objects.get(name="Region Jämtland Härjedalen")
    assert region.kind == "region"  # from the reference data, not overwritten
    assert Organisation.objects.get(name="Naboer AB").kind == "company"


def test_demo_has_upcoming_meetings_to_sign_up_for(settings):
    settings.DEBUG = True
    today = timezone.localdate()
    _seed_on(today)
    now = timezone.now()
    upcoming = Meeting.objects.filter(status="published", starts_at__gt=now).select_related("hub")
    assert upcoming.count() >= 5
    assert len({m.hub_id for m in upcoming}) >= 4
    assert all(8 <= m.capacity <= 25 for m in upcoming)
    assert all(m.starts_at < now + timedelta(days=120) for m in upcoming)

    def seated(meeting):
        return meeting.registrations.filter(status__in=Registration.SEATED).count()

    full = [m for m in upcoming if seated(m) == m.capacity]
    assert full and full[0].registrations.filter(status="waitlisted").count() >= 1
    assert any(0 < m.capacity - seated(m) <= 2 for m in upcoming)
    reserved = MeetingReservation.objects.filter(meeting__in=upcoming)
    assert reserved.values("organisation").distinct().count() == 2
    coworker = get_user_model().objects.get(email="coworker@demo.example")
    assert Registration.objects.filter(user=coworker, status="confirmed").count() == 2
    guests = Registration.objects.filter(user=None)
    assert guests.exists() and all(r.email.endswith("@example.org") for r in guests)
    manager = get_user_model().objects.get(email="manager@demo.example")
    at_samverket = [m for m in upcoming if m.hub.slug == "samverket"]
    assert len(at_samverket) >= 2
    for meeting in at_samverket:
        assert meeting.organisers.filter(pk=manager.pk).exists()
        assert can_organise_meeting(manager, meeting)
    # Stockholm local times on the hour or half hour, on weekdays.
    for meeting in upcoming:
        local = timezone.localtime(meeting.starts_at)
        assert local.minute in (0, 30) and local.weekday() < 5


# --- Toolbox ---------------------------------------------------------------------


def test_demo_toolbox_is_idempotent_even_on_another_day(settings):
    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    first = snapshot()
    assert first["Tool"] >= 20 and first["Need"] >= 8
    _seed_on(date(2026, 11, 27))
    assert snapshot() == first
    _seed_on(date(2026, 12, 3))
    assert snapshot() == first


def test_demo_toolbox_has_the_study_tools_with_their_real_situation(settings):
    settings.DEBUG = True
    today = date(2026, 11, 27)
    _seed_on(today)
    region = Organisation.objects.get(name="Region Jämtland Härjedalen")
    tools = {t.slug: t for t in Tool.objects.select_related("current_assessment")}
    assert all(t.status == "published" and t.current_assessment for t in tools.values())
    for slug in ("microsoft-viva", "microsoft-places"):
        tool = tools[slug]
        decision = OrganisationDecision.objects.get(tool=tool, organisation=region)
        assert decision.status == "rejected"
        assert "integritet" in decision.reasoning and "studien" in decision.reasoning
        assert tool.current_assessment.monitors_individuals
        label = privacy_label(tool.current_assessment, today=today)
        assert label.tier == "fail"
        assert dict((c.key, outcome) for c, outcome in label.results)["no_monitoring"] == "fail"
        assert not Adoption.objects.filter(tool=tool).exists()
    for slug in ("microsoft-365", "microsoft-teams"):
        decision = OrganisationDecision.objects.get(tool=tools[slug], organisation=region)
        assert decision.status == "approved"
        assert Adoption.objects.filter(tool=tools[slug], organisation=region).exists()
    # Microsoft 365 has two assessment versions; the newer is current.
    m365 = tools["microsoft-365"]
    assert list(m365.assessments.values_list("version", flat=True)) == [2, 1]
    assert m365.current_assessment.version == 2
    for slug in ("laranderesa", "larandetraff", "workshop-vardeskapande-aktiviteter"):
        assert tools[slug].kind == "method"
        assert Adoption.objects.filter(tool=tools[slug], hub__slug="samverket").exists()
    # Every kind is shown; the label tiers vary.
    assert {t.kind for t in tools.values()} == {"digital_tool", "method", "template", "guide"}
    tiers = {privacy_label(t.current_assessment, today=today).tier for t in tools.values()}
    assert tiers == {"pass", "warning", "fail"}


def test_demo_toolbox_is_honest_about_what_is_illustrative(settings):
    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    study = {"microsoft-365", "microsoft-teams", "microsoft-viva", "microsoft-places"}
    for assessment in PrivacyAssessment.objects.select_related("tool"):
        if assessment.processes_personal_data:
            assert "llustrativ" in assessment.conclusion, assessment.tool.slug
    for decision in OrganisationDecision.objects.select_related("tool"):
        if decision.tool.slug not in study:
            assert "Exempel för demon" in decision.reasoning
    # Made-up adoption is only at example hubs; the real hubs have what the study says.
    real = Adoption.objects.filter(hub__is_example=False).select_related("hub", "tool")
    assert {(a.hub.slug, a.tool.slug) for a in real} == {
        ("samverket", "laranderesa"),
        ("samverket", "larandetraff"),
        ("samverket", "workshop-vardeskapande-aktiviteter"),
    }
    assert Adoption.objects.filter(hub__is_example=True).values("hub").distinct().count() >= 8


def test_demo_toolbox_reviews_and_my_organisation(settings, client):
    settings.DEBUG = True
    _seed_on(timezone.localdate())
    coworker = get_user_model().objects.get(email="coworker@demo.example")
    assert coworker.organisation.name == "Region Jämtland Härjedalen"
    approved = tool_search(ToolFilters(approval=["approved"]), organisation=coworker.organisation)
    assert {t.slug for t in approved} == {"microsoft-365", "microsoft-teams"}
    visible = Review.objects.filter(tool__slug="mentimeter", status="visible")
    assert visible.count() >= 5
    data = client.get("/api/tools/mentimeter/").json()
    assert data["average_rating"] is not None and data["review_count"] == visible.count()
    assert client.get("/api/tools/padlet/").json()["average_rating"] is None
    # Swedish search finds the demo tools ("möten" → hybridmöten).
    found = [row["slug"] for row in client.get("/api/tools/", {"q": "möten"}).json()["results"]]
    assert "microsoft-teams" in found and "jitsi-meet" in found
    assert Need.objects.filter(slug="hybridmoten").exists()


# --- Accounting ------------------------------------------------------------------


def _accounting_counts():
    from accounting.models import (
        Challenge,
        ChallengeUpdate,
        ManualValue,
        SelfAssessment,
        SelfAssessmentFactor,
        Snapshot,
        SubResult,
        Target,
    )

    models = (
        Target,
        ManualValue,
        Challenge,
        SubResult,
        ChallengeUpdate,
        SelfAssessment,
        SelfAssessmentFactor,
        Snapshot,
    )
    counts = {model.__name__: model.objects.count() for model in models}
    for name in ("owners", "hubs", "journeys", "insights"):
        counts[f"challenge_{name}"] = getattr(Challenge, name).through.objects.count()
    return counts


def test_demo_accounting_is_idempotent(settings):
    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    first = {**snapshot(), **_accounting_counts()}
    assert first["Challenge"] == 4 and first["Snapshot"] > 0
    _seed_on(date(2026, 11, 27))
    assert {**snapshot(), **_accounting_counts()} == first


def test_demo_accounting_targets_and_illustrative_emissions(settings):
    from accounting.models import ManualValue, Snapshot, Target

    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    ghg = Target.objects.filter(indicator__code="county_ghg_emissions", scope_type="county")
    by_year = dict(ghg.values_list("year", "value"))
    assert sorted(by_year) == list(range(2023, 2031))
    base = ManualValue.objects.get(
        indicator__code="county_ghg_emissions", period_start=date(2022, 1, 1)
    ).value
    previous = base
    for year in range(2023, 2031):  # at least 10 % less every year
        assert by_year[year] <= previous * Decimal("0.9") + Decimal("0.1")
        previous = by_year[year]
    assert all("illustrativt värde för demon" in t.note for t in ghg)
    manual = ManualValue.objects.filter(indicator__code="county_ghg_emissions")
    assert sorted(m.period_start.year for m in manual) == list(range(2020, 2026))
    assert all("illustrativt värde för demon" in m.note.lower() for m in manual)
    assert all(m.scope_type == "county" and m.period_type == "year" for m in manual)
    computed = Target.objects.exclude(indicator__code="county_ghg_emissions")
    assert {t.indicator.code for t in computed} >= {"desk_utilisation", "learning_meetings"}
    assert computed.filter(scope_type="hub", hub__slug="samverket").exists()
    assert all("demon" in t.note for t in computed)
    # The roll-up ran: the dashboard has values, the emissions included.
    assert Snapshot.objects.filter(
        indicator__code="learning_meetings", scope_type="county", period_type="year"
    ).exists()
    assert Snapshot.objects.filter(indicator__code="county_ghg_emissions").count() == 6


def test_demo_accounting_challenges_from_the_study(settings):
    from accounting.models import Challenge, SelfAssessment
    from accounting.services import challenge_progress

    settings.DEBUG = True
    _seed_on(date(2026, 11, 27))
    staff = get_user_model().objects.get(email="staff@demo.example")
    journey = LearningJourney.objects.get(slug="the-co-working-region")
    challenges = {c.slug: c for c in Challenge.objects.all()}
    assert {"samverket-2-0", "mindre-pendling-och-utslapp"} <= set(challenges)
    assert {c.nature for c in challenges.values()} == {"complex", "complicated"}
    for challenge in challenges.values():
        assert challenge.is_public and "Demo" in challenge.description
        assert challenge.owners.exists() and challenge.hubs.exists()
        assert list(challenge.journeys.all()) == [journey]
        assert challenge.insights.exists()
        assert all(i.journey_id == journey.pk for i in challenge.insights.all())
        updates = list(challenge.updates.all())  # newest first
        assert 2 <= len(updates) <= 3
        assert all(u.author == staff for u in updates)
        assert challenge.stage == updates[0].stage
        assert [u.created_at for u in updates] == sorted(
            (u.created_at for u in updates), reverse=True
        )
    samverket = challenges["samverket-2-0"]
    parts = list(samverket.sub_results.all())
    assert len(parts) == 3 and all(p.weight for p in parts)
    assert challenge_progress(samverket) == 36  # (3×45 + 2×30 + 1×20) / 6
    assessments = SelfAssessment.objects.select_related("hub")
    assert {(a.hub.slug, a.year) for a in assessments} == {
        (slug, year)
        for slug in ("samverket", "exempel-jarpen", "exempel-funasdalen")
        for year in (2025, 2026)
    }
    for assessment in assessments:
        factors = list(assessment.factors.all())
        assert {f.capital for f in factors} == {"human", "relational", "structural"}
        for capital in ("human", "relational", "structural"):
            assert 2 <= sum(f.capital == capital for f in factors) <= 4
        assert all("Demo" in f.comment for f in factors)
        assert all(0 <= f.quantity <= 120 and f.quantity % 10 == 0 for f in factors)
