"""The community manager workspace: activities and occupancy, through the views."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hubs.models import Activity, Occupancy, OccupancyBreakdown
from tests.factories import (
    ActivityFactory,
    CountyEventFactory,
    MunicipalityFactory,
    OccupancyFactory,
    OrganisationFactory,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONDAY = date(2026, 11, 23)  # ISO week 2026-W48
WEEK = "2026-W48"


def url(name: str, hub, **kwargs) -> str:
    return reverse(f"hubs:{name}", kwargs={"slug": hub.slug, **kwargs})


@pytest.fixture
def activity(hub):
    return ActivityFactory(hub=hub, title="Frukost")


@pytest.fixture
def all_urls(hub, activity):
    return [
        url("workspace", hub),
        url("activity-list", hub),
        url("activity-create", hub),
        url("activity-update", hub, pk=activity.pk),
        url("activity-delete", hub, pk=activity.pk),
        url("occupancy-week", hub) + f"?vecka={WEEK}",
        url("occupancy-cell", hub, day=MONDAY),
        url("occupancy-breakdown", hub, day=MONDAY),
    ]


def activity_data(**overrides) -> dict:
    data = {
        "kind": "seminar",
        "title": "Digital tillgänglighet",
        "date": "2026-11-24",
        "time": "09:30",
        "duration_minutes": "90",
        "description": "",
        "participants": "14",
        "facilitators": "2",
        "dimensions": ["social", "environmental"],
        "county_event": "",
    }
    data.update(overrides)
    return data


# --- Permissions ----------------------------------------------------------------


def test_manager_can_open_every_page(client, manager, all_urls):
    client.force_login(manager)
    for path in all_urls:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("persona", ["other_manager", "coworker"])
def test_outsiders_get_403_on_everything(client, request, persona, all_urls):
    client.force_login(request.getfixturevalue(persona))
    for path in all_urls:
        assert client.get(path).status_code == 403, path
        assert client.post(path, {}).status_code == 403, path


def test_region_staff_read_only(client, staff, all_urls, activity):
    client.force_login(staff)
    for path in all_urls:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.context["hub"].can_write is False
        assert client.post(path, {}).status_code == 403, path
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_region_staff_forms_are_disabled(client, staff, hub, activity):
    client.force_login(staff)
    form = client.get(url("activity-update", hub, pk=activity.pk)).context["form"]
    assert all(field.disabled for field in form.fields.values())
    rows = client.get(url("occupancy-week", hub)).context["rows"]
    assert all(row.form.fields["desk_days"].disabled for row in rows)


def test_anonymous_is_sent_to_login(client, all_urls):
    login = reverse("account_login")
    for path in all_urls:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(login), path


def test_unknown_hub_is_404(client, manager):
    client.force_login(manager)
    assert client.get("/hubbar/finns-inte/arbetsyta/").status_code == 404


def test_activity_of_another_hub_is_404(client, manager, hub, other_hub):
    foreign = ActivityFactory(hub=other_hub)
    client.force_login(manager)
    assert client.get(url("activity-update", hub, pk=foreign.pk)).status_code == 404
    assert client.post(url("activity-delete", hub, pk=foreign.pk)).status_code == 404
    assert client.get(url("activity-update", hub, pk=999999)).status_code == 404
    assert Activity.objects.filter(pk=foreign.pk).exists()


def test_invalid_date_in_url_is_404(client, manager, hub):
    client.force_login(manager)
    assert client.get(f"/hubbar/{hub.slug}/arbetsyta/belaggning/2026-02-30/").status_code == 404


def test_workspace_home_shows_aggregates(client, manager, hub):
    today = timezone.localdate()
    ActivityFactory(hub=hub)
    ActivityFactory(hub=hub)
    OccupancyFactory(hub=hub, date=today.replace(day=1), desk_days=7)
    client.force_login(manager)
    response = client.get(url("workspace", hub))
    assert response.context["desk_days"] == 7
    assert (
        response.context["activity_count"]
        == Activity.objects.filter(hub=hub, starts_at__year=today.year).count()
    )


# --- Activities -----------------------------------------------------------------


def test_manager_logs_an_activity(client, manager, hub):
    orgs = [OrganisationFactory(), OrganisationFactory(kind="company")]
    event = CountyEventFactory()
    client.force_login(manager)
    data = activity_data(organisations=[o.pk for o in orgs], county_event=event.pk)
    response = client.post(url("activity-create", hub), data)
    assert response.status_code == 302
    assert response["Location"] == url("activity-list", hub)
    activity = Activity.objects.get(hub=hub)
    assert activity.title == "Digital tillgänglighet"
    assert activity.starts_at == datetime(2026, 11, 24, 9, 30, tzinfo=STOCKHOLM)
    assert activity.participants == 14
    assert activity.dimensions == ["social", "environmental"]
    assert activity.county_event == event
    assert set(activity.organisations.all()) == set(orgs)
    assert activity.created_by == manager


@pytest.mark.parametrize(
    ("overrides", "error_field"),
    [
        ({"participants": "-3"}, "participants"),
        ({"title": ""}, "title"),
        ({"duration_minutes": "2"}, "duration_minutes"),
        ({"date": "2026-13-40"}, "date"),
        ({"kind": "party"}, "kind"),
        ({"organisations": ["999999"]}, "organisations"),
        ({"dimensions": ["spiritual"]}, "dimensions"),
    ],
)
def test_bad_activity_input_changes_nothing(client, manager, hub, overrides, error_field):
    client.force_login(manager)
    response = client.post(url("activity-create", hub), activity_data(**overrides))
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert not Activity.objects.exists()


def test_manager_changes_an_activity(client, manager, hub, activity):
    org = OrganisationFactory()
    client.force_login(manager)
    form = client.get(url("activity-update", hub, pk=activity.pk)).context["form"]
    assert form.initial["title"] == "Frukost"
    response = client.post(
        url("activity-update", hub, pk=activity.pk),
        activity_data(title="Frukost med Länsstyrelsen", organisations=[org.pk], dimensions=[]),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Frukost med Länsstyrelsen"
    assert activity.dimensions == []
    assert list(activity.organisations.all()) == [org]


def test_bad_update_changes_nothing(client, manager, hub, activity):
    client.force_login(manager)
    response = client.post(
        url("activity-update", hub, pk=activity.pk), activity_data(participants="-1")
    )
    assert response.status_code == 200
    assert "participants" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.title == "Frukost"
    assert activity.participants == 12


def test_delete_asks_first_then_deletes(client, manager, hub, activity):
    client.force_login(manager)
    assert client.get(url("activity-delete", hub, pk=activity.pk)).status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()
    response = client.post(url("activity-delete", hub, pk=activity.pk))
    assert response.status_code == 302
    assert response["Location"] == url("activity-list", hub)
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_activity_list_filters(client, manager, hub, other_hub):
    event = CountyEventFactory()
    seminar = ActivityFactory(
        hub=hub,
        kind="seminar",
        economic=True,
        social=False,
        starts_at=datetime(2026, 3, 10, 9, tzinfo=STOCKHOLM),
        county_event=event,
    )
    breakfast = ActivityFactory(
        hub=hub, kind="breakfast", starts_at=datetime(2026, 5, 1, 8, tzinfo=STOCKHOLM)
    )
    ActivityFactory(hub=other_hub, kind="seminar")
    client.force_login(manager)

    def listed(**params):
        response = client.get(url("activity-list", hub), params)
        assert response.status_code == 200
        return list(response.context["page"].object_list)

    assert listed() == [breakfast, seminar]  # newest first, this hub only
    assert listed(kind="seminar") == [seminar]
    assert listed(dimension="economic") == [seminar]
    assert listed(county_event=event.pk) == [seminar]
    assert listed(date_from="2026-04-01") == [breakfast]
    assert listed(date_to="2026-03-10") == [seminar]
    # Nonsense filters are ignored, not a 500.
    assert listed(kind="nope", date_from="igår", county_event="x") == [breakfast, seminar]


def test_activity_list_paginates_by_25(client, manager, hub):
    ActivityFactory.create_batch(27, hub=hub)
    client.force_login(manager)
    page = client.get(url("activity-list", hub)).context["page"]
    assert len(page.object_list) == 25
    page = client.get(url("activity-list", hub), {"sida": 2}).context["page"]
    assert len(page.object_list) == 2


@pytest.mark.parametrize("rows", [3, 6])
def test_activity_list_query_count(client, manager, hub, rows, django_assert_num_queries):
    event = CountyEventFactory()
    orgs = [OrganisationFactory(), OrganisationFactory()]
    for _ in range(rows):
        ActivityFactory(hub=hub, county_event=event).organisations.set(orgs)
    client.force_login(manager)
    # 1 session, 2 user, 3 hub with the "is manager" annotation, 4 county events for
    # the filter's select, 5 paginator count, 6 the page of activities joined with
    # their county event, 7 their organisations (prefetch).
    with django_assert_num_queries(7):
        response = client.get(url("activity-list", hub))
    assert len(response.context["page"].object_list) == rows


# --- Occupancy: week grid -------------------------------------------------------


def week_data(values: list[str]) -> dict:
    return {
        f"{(MONDAY + timedelta(days=offset)).isoformat()}-desk_days": value
        for offset, value in enumerate(values)
    }


def test_week_grid_saves_all_days(client, manager, hub):
    client.force_login(manager)
    response = client.post(
        url("occupancy-week", hub) + f"?vecka={WEEK}",
        week_data(["5", "0", "", "8", "12", "3", ""]),
    )
    assert response.status_code == 302
    assert response["Location"] == url("occupancy-week", hub) + f"?vecka={WEEK}"
    saved = dict(Occupancy.objects.filter(hub=hub).values_list("date", "desk_days"))
    assert saved == {
        MONDAY: 5,
        MONDAY + timedelta(days=1): 0,
        MONDAY + timedelta(days=3): 8,
        MONDAY + timedelta(days=4): 12,
        MONDAY + timedelta(days=5): 3,
    }
    assert Occupancy.objects.get(hub=hub, date=MONDAY).recorded_by == manager


def test_week_grid_clears_an_emptied_day(client, manager, hub):
    OccupancyFactory(hub=hub, date=MONDAY, desk_days=4)
    OccupancyFactory(hub=hub, date=MONDAY + timedelta(days=1), desk_days=9)
    client.force_login(manager)
    rows = client.get(url("occupancy-week", hub), {"vecka": WEEK}).context["rows"]
    assert [row.form.initial["desk_days"] for row in rows[:3]] == [4, 9, None]
    response = client.post(
        url("occupancy-week", hub) + f"?vecka={WEEK}",
        week_data(["", "9", "", "", "", "", ""]),
    )
    assert response.status_code == 302
    assert list(Occupancy.objects.filter(hub=hub).values_list("date", "desk_days")) == [
        (MONDAY + timedelta(days=1), 9)
    ]


@pytest.mark.parametrize(
    "bad",
    [
        "-1",  # caught by the form
        "abc",  # not a number
        "61",  # caught by the service: more than three times the hub's 20 desks
    ],
)
def test_week_grid_is_all_or_nothing(client, manager, hub, bad):
    OccupancyFactory(hub=hub, date=MONDAY, desk_days=4)
    client.force_login(manager)
    response = client.post(
        url("occupancy-week", hub) + f"?vecka={WEEK}",
        week_data(["7", "3", bad, "", "", "", ""]),
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert "desk_days" in rows[2].form.errors
    assert not rows[0].form.errors
    assert list(Occupancy.objects.filter(hub=hub).values_list("date", "desk_days")) == [(MONDAY, 4)]


def test_week_grid_refuses_a_total_below_the_breakdown(client, manager, hub):
    occupancy = OccupancyFactory(hub=hub, date=MONDAY, desk_days=6)
    OccupancyBreakdown.objects.create(occupancy=occupancy, distance_band="0-10", desk_days=4)
    client.force_login(manager)
    response = client.post(
        url("occupancy-week", hub) + f"?vecka={WEEK}",
        week_data(["2", "", "", "", "", "", ""]),
    )
    assert response.status_code == 200
    assert "desk_days" in response.context["rows"][0].form.errors
    occupancy.refresh_from_db()
    assert occupancy.desk_days == 6


def test_week_parameter_and_navigation(client, manager, hub):
    client.force_login(manager)
    response = client.get(url("occupancy-week", hub), {"vecka": WEEK})
    assert response.context["monday"] == MONDAY
    assert response.context["previous_week"] == "2026-W47"
    assert response.context["next_week"] == "2026-W49"
    assert [row.day for row in response.context["rows"]] == [
        MONDAY + timedelta(days=n) for n in range(7)
    ]
    # A broken week parameter falls back to this week instead of failing.
    assert client.get(url("occupancy-week", hub), {"vecka": "2026-W99"}).status_code == 200


@pytest.mark.parametrize("rows", [3, 6])
def test_week_grid_query_count(client, manager, hub, rows, django_assert_num_queries):
    for offset in range(rows):
        occupancy = OccupancyFactory(hub=hub, date=MONDAY + timedelta(days=offset))
        OccupancyBreakdown.objects.create(occupancy=occupancy, distance_band="0-10", desk_days=1)
    client.force_login(manager)
    # 1 session, 2 user, 3 hub with the "is manager" annotation, 4 the week's
    # occupancy rows with their breakdown counts.
    with django_assert_num_queries(4):
        response = client.get(url("occupancy-week", hub), {"vecka": WEEK})
    assert sum(1 for row in response.context["rows"] if row.occupancy) == rows


def test_htmx_cell_saves_and_returns_only_the_row(client, manager, hub):
    client.force_login(manager)
    field = f"{MONDAY.isoformat()}-desk_days"
    response = client.post(
        url("occupancy-cell", hub, day=MONDAY), {field: "6"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert names[0] == "hubs/workspace/partials/occupancy_row.html"
    assert "base.html" not in names
    assert "hubs/workspace/occupancy_week.html" not in names
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="day-{MONDAY.isoformat()}"' in html
    assert 'id="occupancy-status"' in html
    assert Occupancy.objects.get(hub=hub, date=MONDAY).desk_days == 6

    response = client.post(
        url("occupancy-cell", hub, day=MONDAY), {field: ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert not Occupancy.objects.filter(hub=hub).exists()


def test_htmx_cell_error_is_shown_in_the_row(client, manager, hub):
    client.force_login(manager)
    field = f"{MONDAY.isoformat()}-desk_days"
    response = client.post(
        url("occupancy-cell", hub, day=MONDAY), {field: "500"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "desk_days" in response.context["row"].form.errors
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert f'id="id_{field}_error"' in html
    assert not Occupancy.objects.exists()


def test_cell_without_htmx_redirects_to_the_week(client, manager, hub):
    client.force_login(manager)
    response = client.post(
        url("occupancy-cell", hub, day=MONDAY), {f"{MONDAY.isoformat()}-desk_days": "2"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("occupancy-week", hub) + f"?vecka={WEEK}"
    assert Occupancy.objects.get(hub=hub, date=MONDAY).desk_days == 2


@pytest.mark.parametrize("rows", [3, 6])
def test_htmx_cell_query_count(client, manager, hub, rows, django_assert_num_queries):
    for offset in range(rows):
        OccupancyFactory(hub=hub, date=MONDAY + timedelta(days=offset))
    client.force_login(manager)
    # 1 session, 2 user, 3 hub with the "is manager" annotation, 4 the week's
    # occupancy rows (the row is drawn from the same selector as the page).
    with django_assert_num_queries(4):
        response = client.get(url("occupancy-cell", hub, day=MONDAY), HTTP_HX_REQUEST="true")
    assert response.context["row"].occupancy.desk_days == 6


# --- Occupancy: breakdown -------------------------------------------------------


def breakdown_data(total: str, rows: list[tuple[str, str, str]]) -> dict:
    data = {
        "desk_days": total,
        "rader-TOTAL_FORMS": str(len(rows)),
        "rader-INITIAL_FORMS": "0",
        "rader-MIN_NUM_FORMS": "0",
        "rader-MAX_NUM_FORMS": "1000",
    }
    for index, (municipality, band, days) in enumerate(rows):
        data[f"rader-{index}-home_municipality"] = municipality
        data[f"rader-{index}-distance_band"] = band
        data[f"rader-{index}-desk_days"] = days
    return data


def test_breakdown_is_saved(client, manager, hub):
    ostersund = MunicipalityFactory()
    krokom = MunicipalityFactory(code="2309", name="Krokom")
    client.force_login(manager)
    response = client.post(
        url("occupancy-breakdown", hub, day=MONDAY),
        breakdown_data(
            "10",
            [
                (str(ostersund.pk), "0-10", "4"),
                (str(krokom.pk), "10-30", "3"),
                ("", "100+", "2"),  # from outside the county
                ("", "", ""),  # an empty row is ignored
            ],
        ),
    )
    assert response.status_code == 302
    occupancy = Occupancy.objects.get(hub=hub, date=MONDAY)
    assert occupancy.desk_days == 10
    assert sorted(
        occupancy.breakdown.values_list("home_municipality__name", "distance_band", "desk_days"),
        key=str,
    ) == sorted(
        [("Östersund", "0-10", 4), ("Krokom", "10-30", 3), (None, "100+", 2)],
        key=str,
    )
    # The page shows the stored rows again.
    formset = client.get(url("occupancy-breakdown", hub, day=MONDAY)).context["formset"]
    assert len(formset.initial) == 3


def test_breakdown_over_the_total_is_refused(client, manager, hub):
    ostersund = MunicipalityFactory()
    OccupancyFactory(hub=hub, date=MONDAY, desk_days=5)
    client.force_login(manager)
    response = client.post(
        url("occupancy-breakdown", hub, day=MONDAY),
        breakdown_data("5", [(str(ostersund.pk), "0-10", "4"), ("", "30-60", "3")]),
    )
    assert response.status_code == 200
    assert "__all__" in response.context["day_form"].errors
    assert 'id="breakdown-errors"' in response.content.decode()
    assert not OccupancyBreakdown.objects.exists()
    assert Occupancy.objects.get(hub=hub, date=MONDAY).desk_days == 5


@pytest.mark.parametrize(
    "rows",
    [
        [("", "0-10", "0")],  # a row needs at least one desk-day
        [("", "0-10", "1"), ("", "0-10", "1")],  # the same row twice
        [("", "0-10", "")],  # a new row with a choice but no desk-days
    ],
)
def test_bad_breakdown_rows_change_nothing(client, manager, hub, rows):
    client.force_login(manager)
    response = client.post(url("occupancy-breakdown", hub, day=MONDAY), breakdown_data("5", rows))
    assert response.status_code == 200
    assert response.context["formset"].total_error_count()
    assert not Occupancy.objects.exists()
