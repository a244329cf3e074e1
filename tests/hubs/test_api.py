"""The REST API at /api/: public reads, manager records, permissions, schema and docs."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.pagination import PageNumberPagination

from hubs.models import Activity, Occupancy, OccupancyBreakdown
from tests.factories import (
    ActivityFactory,
    CountyEventFactory,
    HubFactory,
    MunicipalityFactory,
    OccupancyFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

ACTIVITIES = "/api/activities/"
OCCUPANCY = "/api/occupancy/"


def _krokom():
    return MunicipalityFactory(
        code="2309",
        name="Krokom",
        population=15300,
        land_area_km2="5787.00",
        area_class="rural",
    )


def _activity_payload(**overrides):
    payload = {
        "hub": "samverket",
        "kind": "workshop",
        "title": "Workshop om distansarbete",
        "starts_at": "2026-03-10T09:00:00+01:00",
        "duration_minutes": 90,
        "participants": 14,
        "facilitators": 2,
        "social": True,
    }
    payload.update(overrides)
    return payload


def _post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def _patch(client, url, payload):
    return client.patch(url, json.dumps(payload), content_type="application/json")


def _assert_denied_json(response):
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


# --- Public reads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/municipalities/",
        "/api/organisations/",
        "/api/county-events/",
        "/api/hubs/",
        "/api/schema/",
        "/api/docs/",
    ],
)
def test_public_endpoints_answer_anonymous_clients(client, url):
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/municipalities/", "/api/organisations/", "/api/county-events/", "/api/hubs/"]
)
def test_anonymous_write_to_public_endpoint_is_refused_as_json(client, url):
    response = _post(client, url, {"name": "x"})
    _assert_denied_json(response)


def test_signed_in_write_to_public_endpoint_is_not_allowed(client, coworker):
    client.force_login(coworker)
    response = _post(client, "/api/hubs/", {"name": "x"})
    assert response.status_code == 405


def test_public_lists_paginate(client, monkeypatch):
    # PageNumberPagination reads PAGE_SIZE (50) when it is imported.
    assert PageNumberPagination.page_size == 50
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    for n in range(5):
        OrganisationFactory(name=f"Org {n}")
    first = client.get("/api/organisations/").json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"] is not None
    assert first["previous"] is None
    last = client.get("/api/organisations/", {"page": 3}).json()
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_municipality_list_and_detail(client):
    MunicipalityFactory()
    _krokom()
    response = client.get("/api/municipalities/")
    assert [row["code"] for row in response.json()["results"]] == ["2309", "2380"]
    detail = client.get("/api/municipalities/2380/")
    assert detail.status_code == 200
    assert detail.json()["code"] == "2380"
    assert detail.json()["density"] == "29.43"
    assert client.get("/api/municipalities/9999/").status_code == 404


def test_organisation_filters(client):
    ostersund = MunicipalityFactory()
    krokom = _krokom()
    OrganisationFactory(
        name="Skatteverket", kind="state_agency", in_agency_network=True, municipality=ostersund
    )
    OrganisationFactory(name="Krokoms kommun", kind="municipality", municipality=krokom)
    OrganisationFactory(name="Hyresgästen AB", kind="company", samverket_tenant=True)

    def names(params):
        response = client.get("/api/organisations/", params)
        assert response.status_code == 200
        return [row["name"] for row in response.json()["results"]]

    assert names({"kind": "municipality"}) == ["Krokoms kommun"]
    assert names({"in_agency_network": "true"}) == ["Skatteverket"]
    assert names({"samverket_tenant": "true"}) == ["Hyresgästen AB"]
    assert names({"municipality": "2309"}) == ["Krokoms kommun"]
    assert client.get("/api/organisations/", {"kind": "nope"}).status_code == 400


def test_county_event_month_filter(client):
    CountyEventFactory(name="Storsjöyran", months=[7, 8])
    CountyEventFactory(name="Jul på Jamtli", months=[12])
    response = client.get("/api/county-events/", {"month": 7})
    assert [row["name"] for row in response.json()["results"]] == ["Storsjöyran"]
    assert client.get("/api/county-events/", {"month": 13}).status_code == 400
    assert client.get("/api/county-events/", {"month": "juli"}).status_code == 400


def test_hub_list_shows_active_hubs_without_manager_identities(client, hub, manager):
    HubFactory(name="Stängd", slug="stangd", is_active=False)
    hub.amenities = ["wifi", "kitchen"]
    hub.save()
    response = client.get("/api/hubs/")
    rows = response.json()["results"]
    assert [row["slug"] for row in rows] == ["samverket"]
    row = rows[0]
    assert row["latitude"] == "63.179365"
    assert row["longitude"] == "14.635706"
    assert row["amenities"] == ["wifi", "kitchen"]
    assert row["desks"] == 20
    assert row["is_example"] is False
    assert row["municipality"] == {"code": "2380", "name": "Östersund"}
    assert manager.email not in response.content.decode()
    assert not {"managers", "manager_count", "source"} & set(row)


def test_hub_detail_by_slug_and_inactive_is_404(client, hub):
    HubFactory(name="Stängd", slug="stangd", is_active=False)
    assert client.get("/api/hubs/samverket/").json()["name"] == "Samverket"
    assert client.get("/api/hubs/stangd/").status_code == 404
    assert client.get("/api/hubs/finns-inte/").status_code == 404


def test_hub_filters(client, hub, other_hub):
    krokom = _krokom()
    hub.amenities = ["wifi", "drop_in"]
    hub.save()
    other_hub.municipality = krokom
    other_hub.is_example = True
    other_hub.save()

    def slugs(params):
        response = client.get("/api/hubs/", params)
        assert response.status_code == 200
        return [row["slug"] for row in response.json()["results"]]

    assert slugs({"municipality": "2309"}) == ["kollektivet"]
    assert slugs({"amenity": "drop_in"}) == ["samverket"]
    assert slugs({"is_example": "true"}) == ["kollektivet"]
    assert slugs({"is_example": "false"}) == ["samverket"]
    assert client.get("/api/hubs/", {"amenity": "pool"}).status_code == 400


# --- Query budgets (exact; must not grow with rows) -------------------------------------


@pytest.mark.parametrize("rows", [3, 6])
def test_public_list_query_counts(client, django_assert_num_queries, rows):
    municipality = MunicipalityFactory()
    for n in range(rows):
        MunicipalityFactory(code=f"99{n:02d}", name=f"Kommun {n}")
        OrganisationFactory(municipality=municipality)
        CountyEventFactory(municipality=municipality)
        HubFactory(municipality=municipality)
    for url in ("/api/municipalities/", "/api/organisations/", "/api/county-events/"):
        # 1 COUNT for the paginator, 2 the page's rows (with municipality joined)
        with django_assert_num_queries(2):
            response = client.get(url)
        assert response.json()["count"] >= rows
    # 1 COUNT, 2 the page of hubs (municipality joined, manager count annotated)
    with django_assert_num_queries(2):
        response = client.get("/api/hubs/")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 6])
def test_activity_list_query_count_for_manager(
    client, django_assert_num_queries, hub, manager, rows
):
    event = CountyEventFactory()
    organisations = OrganisationFactory.create_batch(2)
    for _n in range(rows):
        activity = ActivityFactory(hub=hub, county_event=event)
        activity.organisations.set(organisations)
    client.force_login(manager)
    # 1 session, 2 user, 3 "manages any hub?" permission check, 4 COUNT,
    # 5 the page (hub and county event joined), 6 organisations prefetch
    with django_assert_num_queries(6):
        response = client.get(ACTIVITIES)
    assert response.json()["count"] == rows
    assert len(response.json()["results"][0]["organisations"]) == 2


@pytest.mark.parametrize("rows", [3, 6])
def test_activity_list_query_count_for_staff(
    client, django_assert_num_queries, hub, other_hub, staff, rows
):
    for n in range(rows):
        ActivityFactory(hub=hub if n % 2 else other_hub)
    client.force_login(staff)
    # 1 session, 2 user, 3 COUNT, 4 the page, 5 organisations prefetch
    # (Region staff need no membership check)
    with django_assert_num_queries(5):
        response = client.get(ACTIVITIES)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 6])
def test_occupancy_list_query_count(client, django_assert_num_queries, hub, manager, rows):
    municipality = MunicipalityFactory()
    for _n in range(rows):
        occupancy = OccupancyFactory(hub=hub)
        OccupancyBreakdown.objects.create(
            occupancy=occupancy, home_municipality=municipality, distance_band="10-30", desk_days=2
        )
    client.force_login(manager)
    # 1 session, 2 user, 3 "manages any hub?" permission check, 4 COUNT,
    # 5 the page (hub joined), 6 breakdown prefetch (home municipality joined)
    with django_assert_num_queries(6):
        response = client.get(OCCUPANCY)
    assert response.json()["count"] == rows
    assert response.json()["results"][0]["breakdown"] == [
        {"home_municipality": "2380", "distance_band": "10-30", "desk_days": 2}
    ]


# --- Activities: who may see and change them -------------------------------------------


def test_activities_need_sign_in_and_answer_json_not_a_redirect(client, hub):
    activity = ActivityFactory(hub=hub)
    _assert_denied_json(client.get(ACTIVITIES))
    _assert_denied_json(client.get(f"{ACTIVITIES}{activity.pk}/"))
    _assert_denied_json(_post(client, ACTIVITIES, _activity_payload()))
    _assert_denied_json(_patch(client, f"{ACTIVITIES}{activity.pk}/", {"title": "x"}))
    _assert_denied_json(client.delete(f"{ACTIVITIES}{activity.pk}/"))
    assert Activity.objects.count() == 1


def test_coworker_gets_403_on_activities(client, hub, coworker):
    activity = ActivityFactory(hub=hub)
    client.force_login(coworker)
    assert client.get(ACTIVITIES).status_code == 403
    assert client.get(f"{ACTIVITIES}{activity.pk}/").status_code == 403
    assert _post(client, ACTIVITIES, _activity_payload()).status_code == 403
    assert client.delete(f"{ACTIVITIES}{activity.pk}/").status_code == 403
    assert Activity.objects.count() == 1


def test_other_manager_gets_403_for_hub_a(client, hub, other_hub, other_manager):
    activity = ActivityFactory(hub=hub, title="A")
    ActivityFactory(hub=other_hub, title="B")
    client.force_login(other_manager)

    listed = client.get(ACTIVITIES).json()["results"]
    assert [row["title"] for row in listed] == ["B"]
    assert client.get(ACTIVITIES, {"hub": "samverket"}).status_code == 403
    assert client.get(f"{ACTIVITIES}{activity.pk}/").status_code == 403
    assert _post(client, ACTIVITIES, _activity_payload()).status_code == 403
    detail = f"{ACTIVITIES}{activity.pk}/"
    assert _patch(client, detail, {"title": "Kapad"}).status_code == 403
    assert client.put(detail, json.dumps(_activity_payload()), "application/json").status_code == (
        403
    )
    assert client.delete(detail).status_code == 403
    activity.refresh_from_db()
    assert activity.title == "A"
    assert Activity.objects.filter(hub=hub).count() == 1


def test_manager_creates_reads_changes_and_deletes_an_activity(client, hub, manager):
    organisation = OrganisationFactory()
    event = CountyEventFactory(slug="storsjoyran")
    client.force_login(manager)

    response = _post(
        client,
        ACTIVITIES,
        _activity_payload(organisations=[organisation.pk], county_event="storsjoyran"),
    )
    assert response.status_code == 201, response.json()
    activity = Activity.objects.get()
    assert activity.hub == hub
    assert activity.created_by == manager
    assert activity.county_event == event
    assert list(activity.organisations.all()) == [organisation]
    assert activity.starts_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert response.json()["id"] == activity.pk
    assert response.json()["hub"] == "samverket"
    assert response.json()["organisations"] == [{"id": organisation.pk, "name": organisation.name}]

    detail = f"{ACTIVITIES}{activity.pk}/"
    assert client.get(detail).json()["title"] == "Workshop om distansarbete"
    assert client.get(ACTIVITIES, {"hub": "samverket"}).json()["count"] == 1

    response = _patch(client, detail, {"participants": 20, "organisations": []})
    assert response.status_code == 200, response.json()
    activity.refresh_from_db()
    assert activity.participants == 20
    assert activity.title == "Workshop om distansarbete"
    assert activity.organisations.count() == 0

    put = _activity_payload(title="Ny titel", kind="seminar")
    del put["hub"]
    response = client.put(detail, json.dumps(put), content_type="application/json")
    assert response.status_code == 200, response.json()
    activity.refresh_from_db()
    assert (activity.title, activity.kind, activity.county_event) == ("Ny titel", "seminar", None)

    assert client.delete(detail).status_code == 204
    assert not Activity.objects.exists()


def test_staff_read_all_activities_but_cannot_write(client, hub, other_hub, staff):
    activity = ActivityFactory(hub=hub)
    ActivityFactory(hub=other_hub)
    client.force_login(staff)
    assert client.get(ACTIVITIES).json()["count"] == 2
    assert client.get(ACTIVITIES, {"hub": "samverket"}).json()["count"] == 1
    assert client.get(f"{ACTIVITIES}{activity.pk}/").status_code == 200
    assert _post(client, ACTIVITIES, _activity_payload()).status_code == 403
    assert _patch(client, f"{ACTIVITIES}{activity.pk}/", {"title": "x"}).status_code == 403
    assert client.delete(f"{ACTIVITIES}{activity.pk}/").status_code == 403
    assert Activity.objects.count() == 2


def test_admin_may_write_any_hub(client, hub, admin):
    client.force_login(admin)
    assert _post(client, ACTIVITIES, _activity_payload()).status_code == 201


def test_activity_filters(client, hub, manager):
    ActivityFactory(hub=hub, kind="lunch", starts_at=datetime(2026, 1, 15, 11, tzinfo=UTC))
    ActivityFactory(hub=hub, kind="seminar", starts_at=datetime(2026, 2, 15, 11, tzinfo=UTC))
    ActivityFactory(hub=hub, kind="seminar", starts_at=datetime(2026, 3, 15, 11, tzinfo=UTC))
    client.force_login(manager)

    def count(params):
        response = client.get(ACTIVITIES, params)
        assert response.status_code == 200
        return response.json()["count"]

    assert count({"kind": "seminar"}) == 2
    assert count({"date_from": "2026-02-01", "date_to": "2026-02-28"}) == 1
    assert count({"date_from": "2026-02-15"}) == 2
    assert count({"date_to": "2026-01-15"}) == 1
    assert client.get(ACTIVITIES, {"date_from": "igår"}).status_code == 400


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"participants": -1}, "participants"),
        ({"hub": "finns-inte"}, "hub"),
        ({"starts_at": "2026-02-30T10:00"}, "starts_at"),
        ({"kind": "rave"}, "kind"),
        ({"duration_minutes": 1}, "duration_minutes"),
        ({"title": ""}, "title"),
        ({"organisations": [999999]}, "organisations"),
        ({"county_event": "finns-inte"}, "county_event"),
    ],
)
def test_bad_activity_input_is_400_with_field_errors_and_saves_nothing(
    client, hub, manager, overrides, field
):
    client.force_login(manager)
    response = _post(client, ACTIVITIES, _activity_payload(**overrides))
    assert response.status_code == 400
    assert field in response.json()
    assert not Activity.objects.exists()


def test_bad_activity_patch_is_400_and_changes_nothing(client, hub, manager):
    activity = ActivityFactory(hub=hub, participants=12)
    client.force_login(manager)
    response = _patch(client, f"{ACTIVITIES}{activity.pk}/", {"participants": -5})
    assert response.status_code == 400
    assert "participants" in response.json()
    activity.refresh_from_db()
    assert activity.participants == 12


def test_unknown_activity_is_404(client, manager):
    client.force_login(manager)
    assert client.get(f"{ACTIVITIES}999999/").status_code == 404


# --- Occupancy ---------------------------------------------------------------------------


def _occupancy_payload(**overrides):
    payload = {
        "hub": "samverket",
        "date": "2026-03-02",
        "desk_days": 9,
        "breakdown": [
            {"home_municipality": "2380", "distance_band": "10-30", "desk_days": 4},
            {"home_municipality": None, "distance_band": "100+", "desk_days": 2},
        ],
    }
    payload.update(overrides)
    return payload


def test_manager_records_and_replaces_a_day(client, hub, manager):
    MunicipalityFactory()
    client.force_login(manager)
    response = _post(client, OCCUPANCY, _occupancy_payload())
    assert response.status_code == 200, response.json()
    occupancy = Occupancy.objects.get()
    assert (occupancy.hub, occupancy.date, occupancy.desk_days) == (hub, date(2026, 3, 2), 9)
    assert occupancy.recorded_by == manager
    assert sorted(
        (part.home_municipality_id is None, part.distance_band, part.desk_days)
        for part in occupancy.breakdown.all()
    ) == [(False, "10-30", 4), (True, "100+", 2)]
    assert response.json()["desk_days"] == 9
    assert len(response.json()["breakdown"]) == 2

    response = _post(client, OCCUPANCY, _occupancy_payload(desk_days=5, breakdown=[]))
    assert response.status_code == 200
    occupancy = Occupancy.objects.get()
    assert occupancy.desk_days == 5
    assert not occupancy.breakdown.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"desk_days": -1}, "desk_days"),
        ({"desk_days": 61}, "desk_days"),  # more than three times the hub's 20 desks
        ({"hub": "finns-inte"}, "hub"),
        ({"date": "2026-02-30"}, "date"),
        ({"desk_days": 5}, "breakdown"),  # breakdown (6) exceeds the day's total
        (
            {
                "breakdown": [
                    {"home_municipality": "2380", "distance_band": "10-30", "desk_days": 1},
                    {"home_municipality": "2380", "distance_band": "10-30", "desk_days": 1},
                ]
            },
            "breakdown",
        ),
        (
            {"breakdown": [{"home_municipality": "0000", "distance_band": "", "desk_days": 1}]},
            "breakdown",
        ),
        (
            {"breakdown": [{"home_municipality": None, "distance_band": "far", "desk_days": 1}]},
            "breakdown",
        ),
        (
            {"breakdown": [{"home_municipality": None, "distance_band": "", "desk_days": -1}]},
            "breakdown",
        ),
    ],
)
def test_bad_occupancy_input_is_400_with_field_errors_and_saves_nothing(
    client, hub, manager, overrides, field
):
    MunicipalityFactory()
    client.force_login(manager)
    response = _post(client, OCCUPANCY, _occupancy_payload(**overrides))
    assert response.status_code == 400
    assert field in response.json()
    assert not Occupancy.objects.exists()


def test_occupancy_permissions(client, hub, other_hub, other_manager, coworker, staff):
    MunicipalityFactory()
    OccupancyFactory(hub=hub)
    OccupancyFactory(hub=other_hub)

    _assert_denied_json(client.get(OCCUPANCY))
    _assert_denied_json(_post(client, OCCUPANCY, _occupancy_payload()))

    client.force_login(coworker)
    assert client.get(OCCUPANCY).status_code == 403
    assert _post(client, OCCUPANCY, _occupancy_payload()).status_code == 403

    client.force_login(other_manager)
    assert [row["hub"] for row in client.get(OCCUPANCY).json()["results"]] == ["kollektivet"]
    assert client.get(OCCUPANCY, {"hub": "samverket"}).status_code == 403
    assert _post(client, OCCUPANCY, _occupancy_payload()).status_code == 403

    client.force_login(staff)
    assert client.get(OCCUPANCY).json()["count"] == 2
    assert _post(client, OCCUPANCY, _occupancy_payload()).status_code == 403

    assert Occupancy.objects.filter(hub=hub).get().desk_days == 6


def test_occupancy_filters(client, hub, other_hub, staff):
    OccupancyFactory(hub=hub, date=date(2026, 1, 5))
    OccupancyFactory(hub=hub, date=date(2026, 2, 5))
    OccupancyFactory(hub=other_hub, date=date(2026, 2, 6))
    client.force_login(staff)

    def count(params):
        response = client.get(OCCUPANCY, params)
        assert response.status_code == 200
        return response.json()["count"]

    assert count({"hub": "samverket"}) == 2
    assert count({"date_from": "2026-02-01"}) == 2
    assert count({"hub": "samverket", "date_to": "2026-01-31"}) == 1


# --- Schema and docs ----------------------------------------------------------------------


def test_schema_is_openapi_with_our_paths(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/municipalities/",
        "/api/municipalities/{code}/",
        "/api/organisations/",
        "/api/county-events/",
        "/api/hubs/",
        "/api/hubs/{slug}/",
        "/api/activities/",
        "/api/activities/{id}/",
        "/api/occupancy/",
    ):
        assert path in schema["paths"]
    assert "/api/schema/" not in schema["paths"]


def test_docs_page_uses_only_local_assets(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"', html)
    assert any("swagger-ui-bundle.js" in src for src in sources)
    assert sources
    for src in sources:
        assert src.startswith("/static/"), src
    assert "https://" not in html
    assert "http://" not in html
    assert '"validatorUrl": null' in html
    for src in sources:
        assert finders.find(src.removeprefix("/static/")), src
    assert 'lang="' in html


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn raises SchemaGenerationError on any warning; --validate checks
    # the result against the OpenAPI 3 JSON schema.
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(target),
    )
    assert "/api/activities/" in target.read_text()


# --- Found by tests/test_api_schemathesis.py ---------------------------------------------


def test_a_bad_path_under_api_answers_json_404(client):
    for url in ("/api/activities/abc/", "/api/no-such-thing/", "/api/hubs/%0Ax/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
        assert response.json()["detail"]


def test_a_missing_trailing_slash_under_api_still_redirects(client):
    response = client.get("/api/hubs")
    assert response.status_code == 301
    assert response["Location"] == "/api/hubs/"


def test_options_answers_without_a_server_error(client, manager, hub):
    client.force_login(manager)
    activity = ActivityFactory(hub=hub)
    for url in (ACTIVITIES, f"{ACTIVITIES}{activity.pk}/", "/api/hubs/samverket/"):
        response = client.options(url)
        assert response.status_code == 200, url
        assert "actions" not in response.json()


@pytest.mark.parametrize("value", ["yes", "null", "2"])
def test_a_boolean_filter_refuses_what_is_not_true_or_false(client, value):
    HubFactory(slug="exempel", is_example=True)
    response = client.get("/api/hubs/", {"is_example": value})
    assert response.status_code == 400
    assert "is_example" in response.json()
    assert client.get("/api/organisations/", {"samverket_tenant": value}).status_code == 400


def test_a_boolean_filter_reads_true_false_and_empty(client, hub):
    HubFactory(slug="exempel", is_example=True)

    def slugs(value):
        response = client.get("/api/hubs/", {"is_example": value})
        assert response.status_code == 200
        return {row["slug"] for row in response.json()["results"]}

    assert slugs("true") == {"exempel"}
    assert slugs("False") == {"samverket"}
    assert slugs("") == {"exempel", "samverket"}


def test_activity_in_a_year_outside_2000_2099_is_refused(client, manager, hub):
    client.force_login(manager)
    response = _post(client, ACTIVITIES, _activity_payload(starts_at="0192-05-24T18:53:03+03:54"))
    assert response.status_code == 400
    assert "starts_at" in response.json()
    activity = ActivityFactory(hub=hub)
    before = activity.starts_at
    response = _patch(client, f"{ACTIVITIES}{activity.pk}/", {"starts_at": "2100-01-01T10:00"})
    assert response.status_code == 400
    assert "starts_at" in response.json()
    assert not Activity.objects.filter(starts_at__year__lt=2000).exists()
    activity.refresh_from_db()
    assert activity.starts_at == before


def test_occupancy_in_a_year_outside_2000_2099_is_refused(client, manager, hub):
    client.force_login(manager)
    response = _post(client, OCCUPANCY, {"hub": "samverket", "date": "0001-01-01", "desk_days": 3})
    assert response.status_code == 400
    assert "date" in response.json()
    assert not Occupancy.objects.exists()


def _schema(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_schema_documents_the_error_answers(client):
    paths = _schema(client)["paths"]
    create = paths["/api/activities/"]["post"]["responses"]
    assert {"201", "400", "403", "415", "429"} <= set(create)
    for code in ("400", "403", "415", "429"):
        assert set(create[code]["content"]) == {"application/json"}
    assert "404" in paths["/api/hubs/{slug}/"]["get"]["responses"]
    assert "404" in paths["/api/hubs/"]["get"]["responses"]  # a page past the end
    # Public reads are never refused; the records of a hub are.
    assert "403" not in paths["/api/hubs/"]["get"]["responses"]
    assert "403" in paths["/api/activities/"]["get"]["responses"]
    # A read is not throttled.
    assert "429" not in paths["/api/activities/"]["get"]["responses"]


def test_schema_says_query_parameters_may_be_empty(client, manager, hub):
    parameters = _schema(client)["paths"]["/api/activities/"]["get"]["parameters"]
    date_to = next(p for p in parameters if p["name"] == "date_to")
    assert date_to["allowEmptyValue"] is True
    ActivityFactory(hub=hub)
    client.force_login(manager)
    response = client.get(ACTIVITIES, {"date_to": "", "kind": "", "page": ""})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_write_to_a_bad_path_under_api_is_a_json_404_not_a_csrf_page(manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = _patch(client, "/api/activities/abc/", {"title": "x"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", [ACTIVITIES, OCCUPANCY])
def test_a_nul_character_in_the_hub_filter_is_a_400(client, manager, staff, url):
    # It reached the database in the hub check before the filters: a 500.
    for user in (manager, staff):
        client.force_login(user)
        response = client.get(url, {"hub": "sam\x00verket"})
        assert response.status_code == 400
        assert "hub" in response.json()
    assert client.get(url, {"hub": "samverket"}).status_code == 200
