"""Public pages of the hubs part: directory with filters and map data, hub page
with its 12-month summary, and the county event calendar."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from hubs.models import Amenity
from hubs.selectors import (
    activity_list_upcoming,
    county_event_calendar,
    county_event_list_public,
    hub_activity_summary,
    hub_list_public_filtered,
)
from tests.factories import (
    ActivityFactory,
    CountyEventFactory,
    HubFactory,
    MunicipalityFactory,
    OccupancyFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def ostersund(db):
    return MunicipalityFactory()


@pytest.fixture
def harjedalen(db):
    return MunicipalityFactory(
        code="2361",
        name="Härjedalen",
        population=10000,
        land_area_km2="11000.00",
        area_class="rural",
    )


@pytest.fixture
def directory(ostersund, harjedalen):
    """Three active hubs, one inactive: by municipality and amenity."""
    return {
        "a": HubFactory(name="Alfa", slug="alfa", municipality=ostersund, amenities=[Amenity.WIFI]),
        "b": HubFactory(
            name="Beta",
            slug="beta",
            municipality=harjedalen,
            amenities=[Amenity.WIFI, Amenity.KITCHEN],
        ),
        "c": HubFactory(
            name="Gamma",
            slug="gamma",
            municipality=harjedalen,
            amenities=[Amenity.PARKING],
            is_example=True,
        ),
        "inactive": HubFactory(
            name="Stängd", slug="stangd", municipality=ostersund, is_active=False
        ),
    }


def listed_slugs(response):
    return [hub.slug for hub in response.context["hubs"]]


# --- Directory ------------------------------------------------------------------


def test_directory_renders_for_anonymous_visitors_with_map_and_list(client, directory):
    response = client.get(reverse("hubs:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert listed_slugs(response) == ["alfa", "beta", "gamma"]
    assert 'id="hub-map"' in body and 'role="region"' in body
    assert 'id="hub-map-points"' in body
    assert "jamtland_kommuner.geojson" in body
    assert "vendor/leaflet/leaflet.js" in body and "hubs/public.css" in body
    assert 'data-hub="stangd"' not in body
    assert response.context["map_points"][0] == {
        "name": "Alfa",
        "url": "/hubbar/alfa/",
        "lat": 63.179365,
        "lng": 14.635706,
        "example": False,
        "place": "Östersund",
    }


def test_directory_marks_example_hubs_with_a_badge(client, directory):
    body = client.get(reverse("hubs:index")).content.decode()
    assert body.count("data-example-badge") == 1
    assert 'data-hub="gamma" data-example="true"' in body
    assert 'data-hub="alfa" data-example="false"' in body
    example_points = [
        p["name"] for p in client.get("/hubbar/").context["map_points"] if p["example"]
    ]
    assert example_points == ["Gamma"]


def test_hubs_without_coordinates_are_listed_but_not_on_the_map(client, directory):
    HubFactory(name="Delta", slug="delta", latitude=None, longitude=None)
    response = client.get(reverse("hubs:index"))
    assert "delta" in listed_slugs(response)
    assert "Delta" not in [p["name"] for p in response.context["map_points"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"municipality": "2361"}, ["beta", "gamma"]),
        ({"amenity": "wifi"}, ["alfa", "beta"]),
        ({"municipality": "2361", "amenity": "wifi"}, ["beta"]),
        ({"municipality": "2380", "amenity": "kitchen"}, []),
        ({"municipality": "", "amenity": ""}, ["alfa", "beta", "gamma"]),
    ],
)
def test_directory_filters_with_a_plain_get_form(client, directory, query, expected):
    response = client.get(reverse("hubs:index"), query)
    assert response.status_code == 200
    assert listed_slugs(response) == expected
    assert [p["url"] for p in response.context["map_points"]] == [
        f"/hubbar/{slug}/" for slug in expected
    ]
    body = response.content.decode()
    assert 'method="get"' in body
    assert f'data-count="{len(expected)}"' in body
    if query.get("municipality"):
        assert f'<option value="{query["municipality"]}" selected>' in body


def test_directory_filter_with_bad_values_shows_errors_and_never_fails(client, directory):
    response = client.get(reverse("hubs:index"), {"municipality": "9999", "amenity": "wifi"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"municipality"}
    assert listed_slugs(response) == ["alfa", "beta"]  # the valid filter still applies
    body = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_municipality_errors"' in body
    assert 'id="id_municipality_errors"' in body


def test_directory_htmx_request_renders_only_the_list_partial(client, directory):
    response = client.get(
        reverse("hubs:index"), {"amenity": "wifi"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "hubs/partials/public_hub_results.html"
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="hub-map-points"' in body and 'id="hub-list"' in body
    assert "HX-Request" in response["Vary"]


def test_directory_history_restore_gets_the_full_page(client, directory):
    response = client.get(
        reverse("hubs:index"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("count", [3, 6])
def test_directory_queries_do_not_grow_with_hubs(
    client, django_assert_num_queries, ostersund, count
):
    for number in range(count):
        HubFactory(municipality=ostersund, amenities=[Amenity.WIFI], is_example=number == 0)
    # 1 municipalities for the filter choices, 2 the filtered hub list
    with django_assert_num_queries(2):
        response = client.get(reverse("hubs:index"), {"municipality": "2380", "amenity": "wifi"})
    assert len(response.context["hubs"]) == count
    # Same for the htmx partial and for the unfiltered page.
    with django_assert_num_queries(2):
        client.get(reverse("hubs:index"), {"amenity": "wifi"}, headers={"HX-Request": "true"})
    with django_assert_num_queries(2):
        client.get(reverse("hubs:index"))


# --- Hub page -------------------------------------------------------------------


def test_hub_page_renders_the_profile_for_anonymous_visitors(client, ostersund):
    hub = HubFactory(
        name="Samverket",
        slug="samverket",
        municipality=ostersund,
        address="Storgatan 1",
        description="Ett hus för myndigheter.",
        niche="Myndighetssamverkan",
        target_groups="Statligt anställda",
        opening_hours="Vardagar 8–17",
        amenities=[Amenity.WIFI, Amenity.STEP_FREE],
        accessibility_info="Hiss finns.",
        contact_email="hej@samverket.example",
        contact_phone="063 12 34 56",
        website="https://samverket.example/",
    )
    response = client.get(hub.get_absolute_url())
    assert response.status_code == 200
    assert response.context["hub"] == hub
    body = response.content.decode()
    for value in (
        "Storgatan 1",
        "Ett hus för myndigheter.",
        "Myndighetssamverkan",
        "Statligt anställda",
        "Vardagar 8–17",
        "Hiss finns.",
        'href="mailto:hej@samverket.example"',
        'href="tel:063123456"',
        'href="https://samverket.example/"',
    ):
        assert value in body
    assert len(response.context["amenity_labels"]) == 2
    assert 'id="hub-map"' in body and 'data-mode="hub"' in body
    assert response.context["map_points"][0]["name"] == "Samverket"
    assert 'id="example-notice"' not in body and "data-example-badge" not in body
    assert 'id="workspace-link"' not in body


def test_example_hub_page_says_it_is_an_example(client):
    hub = HubFactory(is_example=True)
    body = client.get(hub.get_absolute_url()).content.decode()
    assert 'id="example-notice"' in body
    assert "data-example-badge" in body


def test_inactive_and_unknown_hubs_are_not_found(client):
    hub = HubFactory(is_active=False)
    assert client.get(hub.get_absolute_url()).status_code == 404
    assert client.get("/hubbar/finns-inte/").status_code == 404


def test_hub_page_shows_a_photo_with_its_description(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    hub = HubFactory(slug="fotohubb", photo_alt="Ljust kontor med utsikt")
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (8, 6), "green").save(png, format="PNG")
    hub.photo = SimpleUploadedFile("bild.png", png.getvalue(), content_type="image/png")
    hub.save()
    body = client.get(hub.get_absolute_url()).content.decode()
    assert 'src="/media/hubs/fotohubb.png" alt="Ljust kontor med utsikt"' in body


@pytest.mark.parametrize(
    ("persona", "may_open"),
    [
        ("manager", True),
        ("staff", True),
        ("admin", True),
        ("other_manager", False),
        ("coworker", False),
    ],
)
def test_workspace_link_only_for_managers_of_the_hub_and_region_staff(
    client, request, hub, persona, may_open
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(hub.get_absolute_url())
    assert response.status_code == 200
    assert response.context["may_open_workspace"] is may_open
    body = response.content.decode()
    try:
        reverse("hubs:workspace", kwargs={"slug": hub.slug})
    except NoReverseMatch:  # the workspace is not built yet: no link for anyone
        assert 'id="workspace-link"' not in body
    else:
        assert ('id="workspace-link"' in body) is may_open


@time_machine.travel(NOW, tick=False)
def test_hub_page_lists_the_next_ten_upcoming_activities(client, hub):
    for days in range(1, 13):
        ActivityFactory(hub=hub, starts_at=NOW + timedelta(days=days), title=f"Kommande {days}")
    ActivityFactory(hub=hub, starts_at=NOW - timedelta(hours=1), title="Nyss")
    ActivityFactory(starts_at=NOW + timedelta(hours=1), title="Annan hubb")
    response = client.get(hub.get_absolute_url())
    titles = [activity.title for activity in response.context["upcoming"]]
    assert titles == [f"Kommande {days}" for days in range(1, 11)]


@time_machine.travel(NOW, tick=False)
def test_hub_page_summary_counts_the_last_twelve_months_and_masks_small_counts(client, hub):
    ActivityFactory(
        hub=hub,
        kind="breakfast",
        participants=1,
        starts_at=datetime(2026, 2, 3, 8, tzinfo=STOCKHOLM),
        social=True,
    )
    ActivityFactory(
        hub=hub,
        kind="breakfast",
        participants=2,
        starts_at=datetime(2025, 4, 1, 0, 30, tzinfo=STOCKHOLM),
        social=False,
        economic=True,
    )
    # Outside the window: 13 months ago, in the future, another hub.
    ActivityFactory(
        hub=hub, participants=50, starts_at=datetime(2025, 3, 31, 23, 0, tzinfo=STOCKHOLM)
    )
    ActivityFactory(hub=hub, participants=50, starts_at=NOW + timedelta(days=1))
    ActivityFactory(participants=50, starts_at=NOW - timedelta(days=1))
    OccupancyFactory(hub=hub, date=date(2026, 1, 5), desk_days=6)
    OccupancyFactory(hub=hub, date=date(2026, 1, 6), desk_days=4)
    OccupancyFactory(hub=hub, date=date(2026, 2, 2), desk_days=3)
    OccupancyFactory(hub=hub, date=date(2025, 3, 31), desk_days=40)  # before the window

    response = client.get(hub.get_absolute_url())
    summary = response.context["summary"]
    assert summary.since == date(2025, 4, 1) and summary.until == date(2026, 3, 15)
    assert summary.activity_count == 2
    assert summary.participants == 3
    assert [(row.kind, row.count) for row in summary.by_kind] == [("breakfast", 2)]
    assert (summary.social, summary.economic, summary.environmental) == (1, 1, 0)
    months = {row.month: row.desk_days for row in summary.desk_days_by_month}
    assert len(months) == 12 and min(months) == date(2025, 4, 1)
    assert months[date(2026, 1, 1)] == 10 and months[date(2026, 2, 1)] == 3
    assert months[date(2026, 3, 1)] == 0

    body = response.content.decode()
    assert '<dd data-summary="participants">&lt;5</dd>' in body
    assert '<dd data-summary="activities">2</dd>' in body
    assert '<dd data-summary="desk-days">13</dd>' in body
    assert 'data-month="2026-02"' in body
    feb = body.split('data-month="2026-02"')[1].split("</tr>")[0]
    assert '<td align="right">&lt;5</td>' in feb
    jan = body.split('data-month="2026-01"')[1].split("</tr>")[0]
    assert '<td align="right">10</td>' in jan
    assert "participants=1" not in body  # never individual rows


@pytest.mark.parametrize("count", [3, 6])
def test_hub_page_queries_do_not_grow_with_activities(
    client, django_assert_num_queries, hub, count
):
    with time_machine.travel(NOW, tick=False):
        for number in range(count):
            ActivityFactory(hub=hub, starts_at=NOW + timedelta(days=number + 1))
            ActivityFactory(hub=hub, starts_at=NOW - timedelta(days=number + 1))
            OccupancyFactory(hub=hub, date=date(2026, 1, 1) + timedelta(days=number))
        # 1 the hub with its municipality, 2 upcoming activities with their county
        # event, 3 the activity aggregate, 4 desk-days per month, 5 upcoming
        # learning meetings (the section learning_journeys registers in
        # hubs.extensions)
        with django_assert_num_queries(5):
            response = client.get(hub.get_absolute_url())
    assert len(response.context["upcoming"]) == count


def test_hub_page_queries_for_a_manager(client, django_assert_num_queries, hub, manager):
    client.force_login(manager)
    # session, user, hub, manager membership (can_manage_hub), upcoming,
    # activity aggregate, desk-days per month, upcoming learning meetings
    with django_assert_num_queries(8):
        client.get(hub.get_absolute_url())


# --- County event calendar ------------------------------------------------------


@pytest.fixture
def events(ostersund):
    yran = CountyEventFactory(
        name="Storsjöyran",
        slug="storsjoyran",
        months=[7, 6],
        municipality=ostersund,
        timing="Sista helgen i juli",
    )
    jamtli = CountyEventFactory(name="Jul på Jamtli", slug="jul-pa-jamtli", months=[12])
    okand = CountyEventFactory(name="Okänt", slug="okant", months=[])
    vm = CountyEventFactory(name="Skid-VM", slug="skid-vm", months=[7])
    return {"yran": yran, "jamtli": jamtli, "okand": okand, "vm": vm}


def test_event_calendar_groups_by_usual_month(client, events):
    ActivityFactory.create_batch(2, county_event=events["yran"])
    ActivityFactory(county_event=events["okand"])
    response = client.get(reverse("hubs:event-list"))
    assert response.status_code == 200
    calendar = response.context["calendar"]
    assert [(group.month, [e.slug for e in group.events]) for group in calendar] == [
        (6, ["storsjoyran"]),
        (7, ["skid-vm", "storsjoyran"]),
        (12, ["jul-pa-jamtli"]),
        (None, ["okant"]),
    ]
    body = response.content.decode()
    assert (
        body.index('data-month="6"')
        < body.index('data-month="7"')
        < body.index('data-month="unknown"')
    )
    assert body.count('data-event="storsjoyran"') == 2
    assert body.count('data-activity-count="2"') == 2
    assert 'data-activity-count="1"' in body


@pytest.mark.parametrize("count", [3, 6])
def test_event_calendar_queries_do_not_grow(client, django_assert_num_queries, ostersund, count):
    for _ in range(count):
        event = CountyEventFactory(months=[6, 7], municipality=ostersund)
        ActivityFactory(county_event=event)
    # 1 the events with municipality and activity count
    with django_assert_num_queries(1):
        response = client.get(reverse("hubs:event-list"))
    assert sum(len(group.events) for group in response.context["calendar"]) == 2 * count


def test_event_calendar_is_reachable_before_the_hub_catch_all(client):
    HubFactory(slug="evenemang")  # a hub cannot hide the calendar
    response = client.get("/hubbar/evenemang/")
    assert response.status_code == 200
    assert "calendar" in response.context


# --- Selectors ------------------------------------------------------------------


def test_hub_list_public_filtered(directory):
    def slugs(**kwargs):
        return [hub.slug for hub in hub_list_public_filtered(**kwargs)]

    assert slugs() == ["alfa", "beta", "gamma"]
    assert slugs(municipality_code="2380") == ["alfa"]
    assert slugs(amenity="kitchen") == ["beta"]
    assert slugs(municipality_code="2361", amenity="parking") == ["gamma"]
    assert slugs(municipality_code="2361", amenity="lockers") == []


def test_activity_list_upcoming_is_soonest_first_and_limited(hub):
    later = ActivityFactory(hub=hub, starts_at=NOW + timedelta(days=2))
    sooner = ActivityFactory(hub=hub, starts_at=NOW + timedelta(days=1))
    at_now = ActivityFactory(hub=hub, starts_at=NOW)
    ActivityFactory(hub=hub, starts_at=NOW - timedelta(seconds=1))
    assert list(activity_list_upcoming(hub=hub, now=NOW)) == [at_now, sooner, later]
    assert list(activity_list_upcoming(hub=hub, now=NOW, limit=1)) == [at_now]


def test_hub_activity_summary_of_an_empty_hub(hub):
    summary = hub_activity_summary(hub=hub, now=NOW)
    assert summary.activity_count == 0 and summary.participants == 0
    assert summary.by_kind == []
    assert [row.month for row in summary.desk_days_by_month][0] == date(2025, 4, 1)
    assert [row.month for row in summary.desk_days_by_month][-1] == date(2026, 3, 1)
    assert summary.desk_days_total == 0


def test_hub_activity_summary_crosses_the_year_in_january(hub):
    january = datetime(2026, 1, 10, 12, tzinfo=STOCKHOLM)
    OccupancyFactory(hub=hub, date=date(2025, 2, 1), desk_days=7)
    OccupancyFactory(hub=hub, date=date(2025, 1, 31), desk_days=100)
    summary = hub_activity_summary(hub=hub, now=january)
    assert summary.since == date(2025, 2, 1)
    assert summary.desk_days_total == 7


def test_county_event_calendar_groups_and_counts(events):
    ActivityFactory(county_event=events["vm"])
    counted = {event.slug: event.activity_count for event in county_event_list_public()}
    assert counted == {"storsjoyran": 0, "jul-pa-jamtli": 0, "okant": 0, "skid-vm": 1}
    calendar = county_event_calendar()
    assert [group.month for group in calendar] == [6, 7, 12, None]
    assert calendar[-1].name is None
    assert calendar[0].name  # the month's name in the current language
