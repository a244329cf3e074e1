"""The accounting API: the public catalogue and values (with "<5" suppression
and hub values only for staff and the hub's managers), staff writes of
targets, manual values and challenge updates, challenges, query budgets and
the OpenAPI schema."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounting.models import (
    ChallengeUpdate,
    Indicator,
    ManualValue,
    Snapshot,
    SubResult,
    Target,
    scope_key,
)
from learning_journeys.models import Insight
from tests.factories import (
    ChallengeFactory,
    HubFactory,
    LearningJourneyFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

INDICATORS = "/api/indicators/"
SNAPSHOTS = "/api/snapshots/"
TARGETS = "/api/targets/"
MANUAL = "/api/manual-values/"
CHALLENGES = "/api/challenges/"


def _post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def _put(client, url, payload):
    return client.put(url, json.dumps(payload), content_type="application/json")


def _assert_denied_json(response):
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def snap(code, *, hub=None, municipality=None, area="", county=False, value="10", people=None,
         period_type="month", start=date(2026, 5, 1)):  # fmt: skip
    if hub is not None:
        scope_type, key = "hub", scope_key("hub", hub_id=hub.pk)
    elif municipality is not None:
        scope_type, key = "municipality", scope_key("municipality", municipality_id=municipality.pk)
    elif area:
        scope_type, key = "area", scope_key("area", area_class=area)
    else:
        scope_type, key = "county", scope_key("county")
    return Snapshot.objects.create(
        indicator=Indicator.objects.get(code=code),
        scope_type=scope_type,
        scope_key=key,
        hub=hub,
        municipality=municipality,
        area_class=area,
        period_type=period_type,
        period_start=start,
        value=Decimal(value),
        numerator=Decimal(value),
        denominator=None,
        people=people,
        computed_at=timezone.now(),
    )


@pytest.fixture
def ostersund(hub):
    return hub.municipality


@pytest.fixture
def values(hub, other_hub, ostersund):
    """Values of every scope; satisfaction at the county rests on 3 answers."""
    return {
        "county": snap("learning_meetings", county=True, value="7"),
        "county_satisfaction": snap("satisfaction", county=True, value="4.5", people=3),
        "municipality": snap("learning_meetings", municipality=ostersund, value="5"),
        "urban": snap("learning_meetings", area="urban", value="5"),
        "hub": snap("learning_meetings", hub=hub, value="3"),
        "other_hub": snap("learning_meetings", hub=other_hub, value="2"),
        "hub_satisfaction": snap("satisfaction", hub=hub, value="4.2", people=8),
    }


def _keys(response):
    assert response.status_code == 200, response.json()
    return {(row["indicator"], row["scope_key"]) for row in response.json()["results"]}


# --- Indicators ------------------------------------------------------------------------


def test_indicator_catalogue_is_public_with_definitions(client):
    response = client.get(INDICATORS)
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    assert {"learning_meetings", "desk_utilisation", "county_ghg_emissions"} <= set(rows)
    ghg = rows["county_ghg_emissions"]
    assert ghg["method"] == "manual" and ghg["direction"] == "lower"
    assert ghg["definition_sv"] and ghg["definition_en"] and ghg["definition"]
    assert rows["satisfaction"]["counts_people"] is True
    detail = client.get(f"{INDICATORS}co2e_avoided/").json()
    assert detail["source"] and detail["capital"] == "structural"
    assert client.get(f"{INDICATORS}no-such-code/").status_code == 404


def test_indicator_catalogue_refuses_writes(client, staff):
    _assert_denied_json(_post(client, INDICATORS, {"code": "x"}))
    client.force_login(staff)
    assert _post(client, INDICATORS, {"code": "x"}).status_code == 405


# --- Snapshots -------------------------------------------------------------------------


def test_anonymous_clients_see_county_municipality_and_area_values_only(
    client, values, hub, ostersund
):
    assert _keys(client.get(SNAPSHOTS)) == {
        ("learning_meetings", "county"),
        ("satisfaction", "county"),
        ("learning_meetings", f"municipality:{ostersund.pk}"),
        ("learning_meetings", "area:urban"),
    }
    assert _keys(client.get(SNAPSHOTS, {"scope_type": "hub"})) == set()


def test_values_rest_on_five_people_or_show_less_than_five(client, values, staff):
    client.force_login(staff)
    rows = client.get(SNAPSHOTS, {"indicator": "satisfaction"}).json()["results"]
    by_key = {row["scope_key"]: row for row in rows}
    county = by_key["county"]
    assert county["value"] == "<5" and county["suppressed"] is True
    assert county["numerator"] is None and county["denominator"] is None
    hub_row = by_key[values["hub_satisfaction"].scope_key]
    assert hub_row["value"] == 4.2 and hub_row["suppressed"] is False
    assert hub_row["numerator"] is None  # satisfaction rests on people: no sums given out
    assert all("people" not in row for row in rows)
    meetings = client.get(SNAPSHOTS, {"indicator": "learning_meetings", "scope_type": "county"})
    row = meetings.json()["results"][0]
    assert row["value"] == 7 and row["numerator"] == 7.0 and row["suppressed"] is False
    assert row["hub"] is None and row["period_start"] == "2026-05-01"


def test_hub_values_for_staff_and_that_hubs_managers_only(
    client, values, hub, other_hub, manager, other_manager, staff, coworker
):
    own = ("learning_meetings", values["hub"].scope_key)
    other = ("learning_meetings", values["other_hub"].scope_key)
    client.force_login(manager)
    keys = _keys(client.get(SNAPSHOTS))
    assert own in keys and other not in keys
    assert _keys(client.get(SNAPSHOTS, {"hub": "samverket"})) == {
        own,
        ("satisfaction", values["hub_satisfaction"].scope_key),
    }
    _assert_denied_json(client.get(SNAPSHOTS, {"hub": "kollektivet"}))
    client.force_login(other_manager)
    _assert_denied_json(client.get(SNAPSHOTS, {"hub": "samverket"}))
    client.force_login(coworker)
    _assert_denied_json(client.get(SNAPSHOTS, {"hub": "samverket"}))
    assert own not in _keys(client.get(SNAPSHOTS))
    client.force_login(staff)
    assert {own, other} <= _keys(client.get(SNAPSHOTS))
    row = client.get(SNAPSHOTS, {"hub": "samverket", "indicator": "learning_meetings"}).json()
    assert row["results"][0]["hub"] == {"slug": "samverket", "name": "Samverket"}


def test_anonymous_asking_for_a_hub_gets_json_403(client, values):
    response = client.get(SNAPSHOTS, {"hub": "samverket"})
    _assert_denied_json(response)
    assert response.status_code == 403


def test_snapshot_filters(client, values, staff, ostersund):
    are = MunicipalityFactory(code="2321", name="Åre", area_class="rural")
    snap("learning_meetings", municipality=are, value="1")
    snap("learning_meetings", county=True, value="30", period_type="year", start=date(2025, 1, 1))
    snap("learning_meetings", county=True, value="9", start=date(2026, 3, 1))
    client.force_login(staff)

    def keys(params):
        return _keys(client.get(SNAPSHOTS, params))

    assert keys({"municipality": "2321"}) == {("learning_meetings", f"municipality:{are.pk}")}
    # A municipality's own values and those of its hubs.
    assert keys({"municipality": "2380", "indicator": "learning_meetings"}) == {
        ("learning_meetings", f"municipality:{ostersund.pk}"),
        ("learning_meetings", values["hub"].scope_key),
        ("learning_meetings", values["other_hub"].scope_key),
    }
    assert keys({"area": "urban"}) == {("learning_meetings", "area:urban")}
    assert keys({"scope_key": "area:urban"}) == {("learning_meetings", "area:urban")}
    response = client.get(SNAPSHOTS, {"scope_type": "county", "period_type": "year"})
    assert [row["value"] for row in response.json()["results"]] == [30]
    response = client.get(
        SNAPSHOTS,
        {
            "scope_type": "county",
            "indicator": "learning_meetings",
            "period_type": "month",
            "period_start_from": "2026-04-01",
            "period_start_to": "2026-06-30",
        },
    )
    assert [row["value"] for row in response.json()["results"]] == [7]
    assert client.get(SNAPSHOTS, {"scope_type": "planet"}).status_code == 400
    assert client.get(SNAPSHOTS, {"period_start_from": "yesterday"}).status_code == 400


@pytest.mark.parametrize("rows", [3, 6])
def test_snapshot_list_query_count(client, django_assert_num_queries, hub, rows):
    for n in range(rows):
        snap("learning_meetings", county=True, start=date(2025, n + 1, 1))
        snap("satisfaction", municipality=hub.municipality, people=n, start=date(2025, n + 1, 1))
        snap("learning_meetings", hub=hub, start=date(2025, n + 1, 1))
    # 1 COUNT, 2 the page (indicator, hub and municipality joined)
    with django_assert_num_queries(2):
        response = client.get(SNAPSHOTS)
    assert response.json()["count"] == 2 * rows


@pytest.mark.parametrize("rows", [3, 6])
def test_snapshot_list_query_count_for_a_manager(
    client, django_assert_num_queries, hub, manager, rows
):
    for n in range(rows):
        snap("learning_meetings", hub=hub, start=date(2025, n + 1, 1))
        snap("learning_meetings", hub=HubFactory(), start=date(2025, n + 1, 1))
    client.force_login(manager)
    # 1 session, 2 user, 3 COUNT, 4 the page (their hubs by subquery)
    with django_assert_num_queries(4):
        response = client.get(SNAPSHOTS)
    assert response.json()["count"] == rows


# --- Targets ---------------------------------------------------------------------------------


def _target(**overrides):
    payload = {
        "indicator": "county_ghg_emissions",
        "scope_type": "county",
        "year": 2026,
        "value": "1500.5",
        "note": "Minst 10 % mindre varje år",
    }
    payload.update(overrides)
    return payload


def test_staff_set_and_change_targets(client, staff, hub):
    client.force_login(staff)
    response = _post(client, TARGETS, _target())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["indicator"], data["scope_type"], data["year"], data["value"]) == (
        "county_ghg_emissions",
        "county",
        2026,
        1500.5,
    )
    response = _put(client, f"{TARGETS}{data['id']}/", _target(value="1400"))
    assert response.status_code == 200, response.json()
    assert Target.objects.get().value == Decimal("1400")
    hub_target = _post(
        client,
        TARGETS,
        _target(indicator="desk_utilisation", scope_type="hub", hub="samverket", value="60"),
    )
    assert hub_target.status_code == 201
    assert hub_target.json()["hub"] == {"slug": "samverket", "name": "Samverket"}
    municipality_target = _post(
        client,
        TARGETS,
        _target(indicator="learning_meetings", scope_type="municipality", municipality="2380"),
    )
    assert municipality_target.json()["municipality"] == {"code": "2380", "name": "Östersund"}
    assert Target.objects.count() == 3


def test_target_scope_and_uniqueness_are_field_errors(client, staff, hub):
    client.force_login(staff)
    assert _post(client, TARGETS, _target()).status_code == 201

    def errors(payload):
        response = _post(client, TARGETS, payload)
        assert response.status_code == 400
        return set(response.json())

    assert errors(_target()) == {"year"}  # same indicator, scope and year
    assert errors(_target(scope_type="hub", year=2027)) == {"hub"}
    assert errors(_target(scope_type="county", hub="samverket", year=2027)) == {"hub"}
    assert errors(_target(scope_type="county", municipality="2380", year=2027)) == {"municipality"}
    assert errors(_target(scope_type="municipality", hub="samverket", year=2027)) == {
        "municipality",
        "hub",
    }
    assert errors(_target(scope_type="area", year=2027)) == {"scope_type"}
    assert errors(_target(year=1999)) == {"year"}
    assert errors(_target(indicator="nope")) == {"indicator"}
    assert errors(_target(value="lots")) == {"value"}
    assert Target.objects.count() == 1


def test_changing_a_target_into_another_ones_place_is_refused(client, staff):
    client.force_login(staff)
    first = _post(client, TARGETS, _target(year=2025)).json()
    _post(client, TARGETS, _target(year=2026))
    response = _put(client, f"{TARGETS}{first['id']}/", _target(year=2026))
    assert response.status_code == 400 and set(response.json()) == {"year"}
    # Saving a target unchanged is fine.
    assert _put(client, f"{TARGETS}{first['id']}/", _target(year=2025)).status_code == 200


def test_only_staff_write_targets(client, hub, manager, coworker, staff):
    target = Target.objects.create(
        indicator=Indicator.objects.get(code="county_ghg_emissions"),
        scope_type="county",
        year=2026,
        value=100,
    )
    _assert_denied_json(_post(client, TARGETS, _target(year=2027)))
    _assert_denied_json(_put(client, f"{TARGETS}{target.pk}/", _target()))
    for user in (coworker, manager):
        client.force_login(user)
        _assert_denied_json(_post(client, TARGETS, _target(year=2027)))
        _assert_denied_json(_put(client, f"{TARGETS}{target.pk}/", _target()))
    assert Target.objects.count() == 1


def test_hub_targets_are_read_by_staff_and_the_hubs_managers(client, hub, manager, other_manager):
    indicator = Indicator.objects.get(code="desk_utilisation")
    county = Target.objects.create(indicator=indicator, scope_type="county", year=2026, value=50)
    own = Target.objects.create(indicator=indicator, scope_type="hub", hub=hub, year=2026, value=60)
    assert [row["id"] for row in client.get(TARGETS).json()["results"]] == [county.pk]
    assert client.get(f"{TARGETS}{own.pk}/").status_code == 404
    client.force_login(other_manager)
    assert client.get(f"{TARGETS}{own.pk}/").status_code == 404
    _assert_denied_json(client.get(TARGETS, {"hub": "samverket"}))
    client.force_login(manager)
    assert client.get(f"{TARGETS}{own.pk}/").json()["value"] == 60
    ids = [row["id"] for row in client.get(TARGETS, {"hub": "samverket"}).json()["results"]]
    assert ids == [own.pk]


# --- Manual values ---------------------------------------------------------------------------


def _manual(**overrides):
    payload = {
        "indicator": "county_ghg_emissions",
        "scope_type": "county",
        "period_type": "year",
        "period_start": "2024-01-01",
        "value": "1234.5",
        "note": "Från den nationella emissionsstatistiken",
    }
    payload.update(overrides)
    return payload


def test_staff_enter_manual_values_and_the_snapshot_follows(client, staff):
    client.force_login(staff)
    response = _post(client, MANUAL, _manual())
    assert response.status_code == 201, response.json()
    # Shown with the indicator's decimals (0), as on pages and in exports.
    assert response.json()["value"] == 1235 and "people" not in response.json()
    manual = ManualValue.objects.get()
    assert manual.entered_by == staff
    row = client.get(SNAPSHOTS, {"indicator": "county_ghg_emissions"}).json()["results"]
    assert [(r["scope_key"], r["period_start"], r["value"]) for r in row] == [
        ("county", "2024-01-01", 1235)
    ]
    # The same indicator, scope and period again replaces the value.
    response = _post(client, MANUAL, _manual(value="1200"))
    assert response.status_code == 200
    assert ManualValue.objects.get().value == Decimal("1200")
    assert Snapshot.objects.get(indicator__code="county_ghg_emissions").value == Decimal("1200")


def test_manual_values_only_for_manual_indicators_and_whole_periods(client, staff):
    client.force_login(staff)

    def errors(payload):
        response = _post(client, MANUAL, payload)
        assert response.status_code == 400
        return set(response.json())

    assert errors(_manual(indicator="learning_meetings")) == {"indicator"}
    assert errors(_manual(period_start="2024-03-01")) == {"period_start"}
    assert errors(_manual(period_type="quarter", period_start="2024-02-01")) == {"period_start"}
    assert errors(_manual(period_type="month", period_start="2024-02-02")) == {"period_start"}
    assert errors(_manual(scope_type="hub")) == {"hub"}
    assert errors(_manual(scope_type="area")) == {"scope_type"}
    assert errors(_manual(value="")) == {"value"}
    assert not ManualValue.objects.exists()


def test_only_staff_enter_manual_values(client, manager, coworker):
    _assert_denied_json(_post(client, MANUAL, _manual()))
    for user in (coworker, manager):
        client.force_login(user)
        _assert_denied_json(_post(client, MANUAL, _manual()))
    assert not ManualValue.objects.exists()


# --- Challenges --------------------------------------------------------------------------------


@pytest.fixture
def challenge(hub, staff):
    challenge = ChallengeFactory(
        title="Samverket 2.0", slug="samverket-2-0", stage="co_create", progress=10
    )
    challenge.owners.add(OrganisationFactory(name="Region Jämtland Härjedalen", kind="region"))
    challenge.hubs.add(hub)
    journey = LearningJourneyFactory(slug="the-co-working-region", title="The Co-Working Region")
    challenge.journeys.add(journey)
    challenge.insights.add(
        Insight.objects.create(journey=journey, kind="next_step", text="Bygg Redovisning 2.0.")
    )
    SubResult.objects.create(challenge=challenge, title="Modell", weight=3, progress=60)
    SubResult.objects.create(challenge=challenge, title="Pilot", weight=1, progress=20)
    for stage, progress in (("understand", 5), ("co_create", 10)):
        ChallengeUpdate.objects.create(
            challenge=challenge,
            stage=stage,
            previous_stage="understand",
            progress=progress,
            progress_reason=f"Steg {stage}",
            evidence="Utvärdering",
            partnerships="Nytt partnerskap",
            practice_changed="Nytt arbetssätt",
            author=staff,
        )
    return challenge


def test_public_challenges_for_everyone_with_progress_and_latest_update(client, challenge):
    ChallengeFactory(title="Intern", slug="intern", is_public=False)
    response = client.get(CHALLENGES)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["slug"] for row in rows] == ["samverket-2-0"]
    row = rows[0]
    assert row["progress"] == 50  # (3 × 60 + 1 × 20) / 4
    assert row["stage"] == "co_create" and row["nature"] == "complex"
    assert [o["name"] for o in row["owners"]] == ["Region Jämtland Härjedalen"]
    assert row["hubs"] == [{"slug": "samverket", "name": "Samverket"}]
    assert row["journeys"] == [{"slug": "the-co-working-region", "title": "The Co-Working Region"}]
    assert [(s["title"], s["weight"], s["progress"]) for s in row["sub_results"]] == [
        ("Modell", 3, 60),
        ("Pilot", 1, 20),
    ]
    latest = row["latest_update"]
    assert latest["progress_reason"] == "Steg co_create" and latest["changed_stage"] is True
    assert {"stage", "progress", "evidence", "partnerships", "practice_changed"} <= set(latest)
    assert "author" not in json.dumps(response.json())
    assert "staff@example.org" not in json.dumps(response.json())
    assert client.get(f"{CHALLENGES}intern/").status_code == 404


def test_challenge_detail_has_the_timeline_and_insights(client, challenge):
    data = client.get(f"{CHALLENGES}samverket-2-0/").json()
    assert [u["progress_reason"] for u in data["updates"]] == ["Steg co_create", "Steg understand"]
    assert data["latest_update"]["progress_reason"] == "Steg co_create"
    assert [(i["kind"], i["journey"]) for i in data["insights"]] == [
        ("next_step", "the-co-working-region")
    ]
    assert "author" not in json.dumps(data)


def test_staff_see_every_challenge(client, challenge, staff, manager):
    ChallengeFactory(title="Intern", slug="intern", is_public=False)
    client.force_login(manager)
    assert client.get(CHALLENGES).json()["count"] == 1
    client.force_login(staff)
    assert client.get(CHALLENGES).json()["count"] == 2
    assert client.get(f"{CHALLENGES}intern/").json()["is_public"] is False
    assert client.get(CHALLENGES, {"stage": "co_create"}).json()["count"] == 1
    assert client.get(CHALLENGES, {"hub": "samverket"}).json()["count"] == 1
    assert client.get(CHALLENGES, {"stage": "nowhere"}).status_code == 400


@pytest.mark.parametrize("rows", [3, 6])
def test_challenge_list_query_count(client, django_assert_num_queries, hub, staff, rows):
    for n in range(rows):
        challenge = ChallengeFactory()
        challenge.hubs.add(hub)
        challenge.owners.add(OrganisationFactory(name=f"Org {n}"))
        SubResult.objects.create(challenge=challenge, title="Del", progress=n)
        for _k in range(2):
            ChallengeUpdate.objects.create(
                challenge=challenge, stage="test", progress=n, progress_reason="r", author=staff
            )
    # 1 COUNT, 2 the page, 3 owners, 4 hubs, 5 journeys, 6 sub-results, 7 latest updates
    with django_assert_num_queries(7):
        response = client.get(CHALLENGES)
    assert response.json()["count"] == rows
    assert all(row["latest_update"] for row in response.json()["results"])


def test_staff_add_a_progress_update(client, challenge, staff):
    client.force_login(staff)
    payload = {
        "stage": "test",
        "progress": 40,
        "progress_reason": "Piloten i gång på två hubbar",
        "evidence": "Enkät bland coworkare",
        "partnerships": "Östersunds kommun med",
        "practice_changed": "Möten hålls på hubben",
    }
    response = _post(client, f"{CHALLENGES}samverket-2-0/updates/", payload)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["stage"] == "test" and data["progress"] == 50  # from the sub-results
    assert data["update"]["previous_stage"] == "co_create" and data["update"]["changed_stage"]
    update = challenge.updates.order_by("-id").first()
    assert update.author == staff and update.practice_changed == "Möten hålls på hubben"
    challenge.refresh_from_db()
    assert challenge.stage == "test"


def test_progress_update_validation_and_permissions(client, challenge, manager, coworker, staff):
    url = f"{CHALLENGES}samverket-2-0/updates/"
    payload = {"stage": "test", "progress": 40, "progress_reason": "r"}
    _assert_denied_json(_post(client, url, payload))
    for user in (coworker, manager):
        client.force_login(user)
        _assert_denied_json(_post(client, url, payload))
    client.force_login(staff)
    response = _post(client, url, {"stage": "done", "progress": 140})
    assert response.status_code == 400
    assert set(response.json()) == {"stage", "progress", "progress_reason"}
    assert _post(client, f"{CHALLENGES}nope/updates/", payload).status_code == 404
    assert challenge.updates.count() == 2


# --- Schema -------------------------------------------------------------------------------------


def test_schema_has_the_accounting_paths(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    paths = response.json()["paths"]
    for path, methods in {
        "/api/indicators/": {"get"},
        "/api/indicators/{code}/": {"get"},
        "/api/snapshots/": {"get"},
        "/api/targets/": {"get", "post"},
        "/api/targets/{id}/": {"get", "put"},
        "/api/manual-values/": {"post"},
        "/api/challenges/": {"get"},
        "/api/challenges/{slug}/": {"get"},
        "/api/challenges/{slug}/updates/": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
    params = {p["name"] for p in paths["/api/snapshots/"]["get"]["parameters"]}
    assert {
        "indicator",
        "scope_type",
        "scope_key",
        "hub",
        "municipality",
        "period_type",
        "period_start_from",
        "period_start_to",
        "page",
    } <= params
    value = response.json()["components"]["schemas"]["SnapshotOutput"]["properties"]["value"]
    assert {option["type"] for option in value["oneOf"]} == {"number", "string"}


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/challenges/{slug}/updates/" in target.read_text()


# --- Found by tests/test_api_schemathesis.py ---------------------------------------------


def test_target_year_filter_takes_whole_years_only(client):
    response = client.get(TARGETS, {"year": "0.5"})
    assert response.status_code == 400
    assert "year" in response.json()
    assert client.get(TARGETS, {"year": "2026"}).status_code == 200


def test_manual_value_in_a_year_outside_2000_2099_is_refused(client, staff):
    client.force_login(staff)
    response = _post(client, MANUAL, _manual(period_start="1900-01-01"))
    assert response.status_code == 400
    assert set(response.json()) == {"period_start"}
    assert not ManualValue.objects.exists()


def test_first_update_of_a_challenge_has_a_blank_previous_stage_in_the_schema(client):
    # The first update has no previous stage (""), which the schema did not allow.
    challenge = ChallengeFactory(slug="pendling")
    ChallengeUpdate.objects.create(
        challenge=challenge, stage="co_create", progress=30, progress_reason="Första steget."
    )
    row = client.get(f"{CHALLENGES}pendling/").json()["updates"][0]
    assert row["previous_stage"] == ""
    schema = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json").json()
    field = schema["components"]["schemas"]["ChallengeUpdateOutput"]["properties"]["previous_stage"]
    refs = {option.get("$ref", "").rsplit("/", 1)[-1] for option in field["oneOf"]}
    assert refs == {"StageEnum", "BlankEnum"}
    assert field["readOnly"] is True


@pytest.mark.parametrize("url", [SNAPSHOTS, TARGETS])
def test_a_nul_character_in_the_hub_filter_is_a_400(client, manager, hub, url):
    # It reached the database in the hub check before the filters: a 500.
    for logged_in in (False, True):
        if logged_in:
            client.force_login(manager)
        response = client.get(url, {"hub": "sam\x00verket"})
        assert response.status_code == 400
        assert "hub" in response.json()
    assert client.get(url, {"hub": "samverket"}).status_code == 200
