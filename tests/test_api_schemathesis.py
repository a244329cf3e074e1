"""Property-based test of the whole REST API against its own OpenAPI schema.

Schemathesis reads the schema that drf-spectacular serves at /api/schema/ from
a live server, generates requests for every operation in it (valid and
invalid data) and checks every answer: never a 5xx, only
status codes, content types and bodies that the schema documents, and invalid
input refused with a 4xx.

The run is repeated for three callers: anonymous, the community manager of a
hub (who organises meetings there and has written a review and suggestions)
and Region staff (who moderate, and write targets, values and challenge
updates). The database holds demo-like rows of every kind the API shows, and
half of the valid path parameters are replaced by the id or slug of a real
row, so that reads, changes and deletions reach real objects, not only 404s.

Run time is bounded (see PERSONAS): a fixed number of examples per operation,
derandomized (the same examples on every run, so a failure reproduces), no
deadline (the live server shares the CPU with the test).
"""

import os
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from requests import Session
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from accounting.catalogue import catalogue_load
from accounting.models import (
    ChallengeUpdate,
    Indicator,
    ManualValue,
    Snapshot,
    SubResult,
    Target,
    scope_key,
)
from coworking_region.throttling import WriteRateThrottle
from hubs.models import OccupancyBreakdown
from learning_journeys.models import Insight
from tests.factories import (
    ActivityFactory,
    ChallengeFactory,
    CountyEventFactory,
    HubFactory,
    HubManagerFactory,
    LearningJourneyFactory,
    MeetingFactory,
    MunicipalityFactory,
    NeedFactory,
    OccupancyFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    RegistrationFactory,
    ToolFactory,
    UserFactory,
)
from toolbox.models import Adoption, OrganisationDecision, Review, Tool

# Every check schemathesis has, except:
# - positive_data_acceptance (schema-valid data must get a 2xx): the schema
#   cannot express the API's cross-field and business rules (a meeting ends
#   after it starts, one target per indicator, scope and year, a capacity not
#   below the seats taken, the hubs a caller may organise at, a full meeting),
#   so schema-valid requests rightly get 400/403/404/409;
# - use_after_free and ensure_resource_availability: they judge sequences of
#   calls in the stateful phase, which this per-operation run does not have;
# - object_level_authorization: it needs identities managed by schemathesis
#   (peers of a WFC auth config); who may see which object is tested with every
#   persona in tests/test_authz_matrix.py and the apps' API tests;
# - max_response_time: no time limit is set (a shared CI machine).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
    ignored_auth,
]

# Per caller: examples per operation (valid and invalid data, about half
# each) and the tags of operations left out. Staff repeat only what they do
# differently from a manager: moderation, targets, values, challenges, and
# the meetings and records of every hub. Anonymous callers are refused every
# write and read what the manager reads, so a few examples show it. About
# 2,300 requests in all.
#
# Schemathesis's coverage phase (boundary values of every field, and their
# invalid variants) is off: for the manager alone it sent 4,000 requests
# (1,300 with valid variants only), 3-4 extra minutes on two CPU cores.
# Turn it on for a deeper local run with SCHEMATHESIS_COVERAGE=1.
COVERAGE = os.environ.get("SCHEMATHESIS_COVERAGE") == "1"
PERSONAS = {
    "anonymous": {"max_examples": 5, "skip_tags": []},
    "manager": {"max_examples": 25, "skip_tags": []},
    "staff": {
        "max_examples": 25,
        "skip_tags": [
            "municipalities",
            "organisations",
            "county events",
            "hubs",
            "learning journeys",
            "registrations",
            "indicators",
            "toolbox",
            "toolbox reviews",
            "toolbox suggestions",
        ],
    },
}


# --- Data ------------------------------------------------------------------------------


def _snapshot(indicator, *, hub=None, municipality=None, area="", value="10", people=None):
    if hub is not None:
        scope_type, key = "hub", scope_key("hub", hub_id=hub.pk)
    elif municipality is not None:
        scope_type, key = "municipality", scope_key("municipality", municipality_id=municipality.pk)
    elif area:
        scope_type, key = "area", scope_key("area", area_class=area)
    else:
        scope_type, key = "county", scope_key("county")
    return Snapshot.objects.create(
        indicator=indicator,
        scope_type=scope_type,
        scope_key=key,
        hub=hub,
        municipality=municipality,
        area_class=area,
        period_type="month",
        period_start=date(2026, 5, 1),
        value=Decimal(value),
        numerator=Decimal(value),
        people=people,
        computed_at=timezone.now(),
    )


@pytest.fixture
def api_data(live_server, transactional_db):
    """Demo-like rows of everything the API shows; the real path values of each
    operation's path, e.g. {"/api/activities/{id}/": [3, 4, 5]}."""
    catalogue_load(Indicator)  # a transactional test starts without the migration's rows
    ostersund = MunicipalityFactory()
    krokom = MunicipalityFactory(
        code="2309", name="Krokom", population=15300, land_area_km2="5787.00", area_class="rural"
    )
    hub = HubFactory(name="Samverket", slug="samverket", municipality=ostersund)
    other_hub = HubFactory(name="Fjällhubben", slug="fjallhubben", municipality=krokom)
    manager = HubManagerFactory(hub=hub, user__email="manager@example.org").user
    HubManagerFactory(hub=other_hub, user__email="other.manager@example.org")
    UserFactory(email="staff@example.org", is_region_staff=True)
    region = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    agency = OrganisationFactory(name="Skatteverket", municipality=ostersund)
    event = CountyEventFactory(name="Storsjöyran", slug="storsjoyran", municipality=ostersund)

    activities = [
        ActivityFactory(hub=hub, county_event=event if n == 0 else None) for n in range(6)
    ]
    activities[0].organisations.set([region, agency])
    activities.append(ActivityFactory(hub=other_hub))
    occupancy = OccupancyFactory(hub=hub)
    OccupancyBreakdown.objects.create(
        occupancy=occupancy, home_municipality=krokom, distance_band="10-30", desk_days=4
    )
    OccupancyFactory(hub=other_hub)

    journey = LearningJourneyFactory(slug="mot-samverket", title="Mot Samverket 2.0", hub=hub)
    journey.organisations.set([region])
    draft_journey = LearningJourneyFactory(slug="utkast", status="draft", hub=hub)
    other_journey = LearningJourneyFactory(slug="fjallresan", hub=other_hub)
    meetings = [MeetingFactory(journey=journey, hub=hub, capacity=3) for _n in range(4)]
    meetings.append(MeetingFactory(journey=draft_journey, hub=hub, status="draft"))
    meetings.append(MeetingFactory(journey=other_journey, hub=other_hub))
    meetings.append(
        MeetingFactory(journey=journey, hub=None, venue="", online_url="https://meet.example.org/x")
    )
    for meeting in meetings[:3]:
        meeting.organisers.add(manager)
    RegistrationFactory(meeting=meetings[0], user=manager, organisation=region)
    RegistrationFactory(meeting=meetings[0])
    RegistrationFactory(meeting=meetings[0], status="waitlisted")
    RegistrationFactory(meeting=meetings[1], status="cancelled")
    Insight.objects.create(journey=journey, meeting=meetings[0], kind="works", text="Fika först.")

    needs = [NeedFactory(name="Hålla hybridmöten", slug="hybridmoten"), NeedFactory()]
    tools = [ToolFactory(name=f"Verktyg {n}", summary="För hybridmöten.") for n in range(3)]
    for tool in tools:
        tool.needs.set(needs[:1])
    PrivacyAssessmentFactory(tool=tools[0], processes_personal_data=True, legal_basis="consent")
    PrivacyAssessmentFactory(tool=tools[0])
    PrivacyAssessmentFactory(tool=tools[1])
    OrganisationDecision.objects.create(
        tool=tools[0],
        organisation=region,
        status="approved",
        decided_on=date(2026, 1, 10),
        reviewer="IT-säkerhet",
        reasoning="Uppfyller kraven.",
    )
    Adoption.objects.create(tool=tools[0], hub=hub, since=date(2025, 9, 1))
    Adoption.objects.create(tool=tools[0], organisation=agency, since=date(2025, 1, 1))
    reviews = [
        Review.objects.create(tool=tools[0], user=manager, rating=4, tip="*Testa* ljudet."),
        *[
            Review.objects.create(tool=tools[0], user=UserFactory(), rating=r, tip="Bra.")
            for r in (3, 4, 5, 5, 2)
        ],
        Review.objects.create(tool=tools[1], user=UserFactory(), rating=1, status="hidden"),
    ]
    suggestions = [
        ToolFactory(
            name=f"Förslag {n}",
            status=Tool.Status.SUGGESTED,
            suggested_by=manager,
            published_at=None,
        )
        for n in range(4)
    ]

    indicators = {i.code: i for i in Indicator.objects.all()}
    manual = next(i for i in indicators.values() if i.method == Indicator.Method.MANUAL)
    _snapshot(indicators["learning_meetings"], value="7")
    _snapshot(indicators["satisfaction"], value="4.5", people=3)
    _snapshot(indicators["learning_meetings"], municipality=ostersund, value="5")
    _snapshot(indicators["learning_meetings"], area="urban", value="5")
    _snapshot(indicators["learning_meetings"], hub=hub, value="3")
    _snapshot(indicators["satisfaction"], hub=other_hub, value="4.2", people=8)
    targets = [
        Target.objects.create(
            indicator=indicators["learning_meetings"], scope_type="county", year=2026, value=12
        ),
        Target.objects.create(
            indicator=indicators["learning_meetings"],
            scope_type="municipality",
            municipality=ostersund,
            year=2026,
            value=6,
        ),
        Target.objects.create(
            indicator=indicators["learning_meetings"],
            scope_type="hub",
            hub=hub,
            year=2026,
            value=4,
            note="Hubbens eget mål.",
        ),
    ]
    ManualValue.objects.create(
        indicator=manual,
        scope_type="county",
        period_type="year",
        period_start=date(2025, 1, 1),
        value=Decimal("1234.5"),
    )
    challenge = ChallengeFactory(title="Färre pendlingsresor", slug="farre-pendlingsresor")
    challenge.owners.set([region])
    challenge.hubs.set([hub])
    challenge.journeys.set([journey])
    SubResult.objects.create(challenge=challenge, title="Fler platser", weight=2, progress=40)
    ChallengeUpdate.objects.create(
        challenge=challenge, stage="co_create", progress=30, progress_reason="Första steget."
    )
    hidden_challenge = ChallengeFactory(slug="intern", is_public=False)
    ChallengeFactory(slug="tom")

    return {
        "/api/municipalities/{code}/": [ostersund.code, krokom.code],
        "/api/hubs/{slug}/": [hub.slug, other_hub.slug],
        "/api/activities/{id}/": [a.pk for a in activities],
        "/api/learning-journeys/{slug}/": [journey.slug, draft_journey.slug, other_journey.slug],
        "/api/meetings/{id}/": [m.pk for m in meetings],
        "/api/tools/{slug}/": [t.slug for t in tools] + [suggestions[0].slug],
        "/api/moderation/suggestions/{slug}/": [t.slug for t in suggestions] + [tools[2].slug],
        "/api/moderation/reviews/{id}/": [r.pk for r in reviews],
        "/api/indicators/{code}/": [manual.code, "learning_meetings", "satisfaction"],
        "/api/targets/{id}/": [t.pk for t in targets],
        "/api/challenges/{slug}/": [challenge.slug, hidden_challenge.slug, "tom"],
    }


def _real_values(api_data, path):
    for prefix, values in api_data.items():
        if path.startswith(prefix):
            return values
    return None


# --- Callers -----------------------------------------------------------------------------


@pytest.fixture(params=list(PERSONAS))
def persona(request):
    return request.param


@pytest.fixture
def credentials(persona, api_data, settings, monkeypatch):
    """The caller's session id (the API's only authentication: the schema's
    `cookieAuth`) and a CSRF token, which DRF asks of signed-in writes."""
    # API writes are throttled per user (coworking_region.throttling): a fuzz
    # run of hundreds of writes must check the writes, not get 429 for them.
    # DRF copies the rates into the throttle class at import, hence the patch.
    rates = {"write": "100000/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(WriteRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    if persona == "anonymous":
        yield None
    else:
        client = Client()
        client.force_login(get_user_model().objects.get(email=f"{persona}@example.org"))
        yield {"sessionid": client.cookies["sessionid"].value, "csrftoken": _get_new_csrf_string()}
    cache.clear()


@pytest.fixture
def api_session(credentials):
    """Sends the CSRF cookie and header; schemathesis adds the session cookie
    (the configured cookieAuth), and probes without it (ignored_auth)."""
    session = Session()
    if credentials:
        session.cookies.set("csrftoken", credentials["csrftoken"])
        session.headers["X-CSRFToken"] = credentials["csrftoken"]
    yield session
    session.close()


@pytest.fixture
def api_schema(live_server, persona, credentials):
    options = PERSONAS[persona]
    auth = {}
    if credentials:
        auth = {"openapi": {"cookieAuth": {"api_key": credentials["sessionid"]}}}
    config = {
        "auth": auth,
        "generation": {"max-examples": options["max_examples"]},
        "phases": {"coverage": {"enabled": COVERAGE}},
    }
    if options["skip_tags"]:
        config["operations"] = [{"include-tag": options["skip_tags"], "enabled": False}]
    return schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/", config=SchemathesisConfig.from_dict(config)
    )


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis 4.32 reads `request.node._nodeid`, which pytest 9.2 no longer has."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def request_count(persona, api_schema, capsys):
    """Counts the requests of the run and prints them at the end."""
    counts: dict[str, int] = {}
    yield counts
    with capsys.disabled():
        print(
            f"\nschemathesis, {persona}: {sum(counts.values())} requests "
            f"to {len(counts)} operations"
        )


def _use_real_rows(case, api_data):
    """Half of the valid path parameters name a real row (chosen from the
    generated value, so the run stays deterministic)."""
    values = _real_values(api_data, case.path)
    if not values or not case.path_parameters:
        return
    if case.meta is not None and case.meta.generation.mode != GenerationMode.POSITIVE:
        return
    for name, value in list(case.path_parameters.items()):
        seed = value if isinstance(value, int) else len(str(value))
        if seed % 2 == 0:
            case.path_parameters[name] = values[(seed // 2) % len(values)]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, api_session, api_data, request_count):
    _use_real_rows(case, api_data)
    label = f"{case.operation.method.upper()} {case.operation.path}"
    request_count[label] = request_count.get(label, 0) + 1
    case.call_and_validate(session=api_session, checks=CHECKS)
