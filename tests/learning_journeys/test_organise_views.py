"""The organiser's pages (/laranderesor/arrangera/), through the test client:
permissions, forms, publish/cancel, reserved seats, check-in, CSV, messages,
the closing report with insights, feedback aggregates and query budgets."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from coworking_region.models import OutboxEmail
from learning_journeys.models import (
    Feedback,
    Insight,
    LearningJourney,
    Meeting,
    MeetingReport,
    MeetingReservation,
    Registration,
)
from tests.factories import (
    LearningJourneyFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
RS = Registration.Status


def url(name: str, **kwargs) -> str:
    return reverse(f"learning_journeys:organise-{name}", kwargs=kwargs)


@pytest.fixture
def journey(hub):
    return LearningJourneyFactory(hub=hub, slug="hybrid", title="Hybrid work")


@pytest.fixture
def meeting(journey, hub):
    return MeetingFactory(journey=journey, hub=hub, capacity=10, title="Lärandeträff 7")


@pytest.fixture
def past_meeting(journey, hub):
    start = timezone.now() - timedelta(days=2)
    return MeetingFactory(
        journey=journey, hub=hub, starts_at=start, ends_at=start + timedelta(hours=3)
    )


def meeting_data(journey, venue_hub, **overrides) -> dict:
    data = {
        "journey": journey.pk,
        "kind": "workshop",
        "title": "Workshop om distansarbete",
        "theme": "Hybrid work",
        "description": "",
        "starts_at": "2030-05-14T09:00",
        "ends_at": "2030-05-14T12:00",
        "hub": venue_hub.pk,
        "venue": "",
        "online_url": "",
        "capacity": "15",
        "facilitators": "2",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "reservations_release_at": "",
    }
    data.update(overrides)
    return data


def journey_data(hub, **overrides) -> dict:
    data = {
        "title": "Läranderesa Trondheim",
        "slug": "",
        "description": "",
        "theme": "Cross-border",
        "goals": "",
        "starts_on": "2030-01-01",
        "ends_on": "2030-06-30",
        "hub": hub.pk,
        "status": "active",
    }
    data.update(overrides)
    return data


# --- Permissions --------------------------------------------------------------------


@pytest.fixture
def meeting_urls(meeting, journey):
    registration = RegistrationFactory(meeting=meeting)
    return {
        "get": [
            url("journey-edit", slug=journey.slug),
            url("meeting-edit", pk=meeting.pk),
            url("meeting-cancel", pk=meeting.pk),
            url("reservations", pk=meeting.pk),
            url("attendees", pk=meeting.pk),
            url("attendees-csv", pk=meeting.pk),
            url("message", pk=meeting.pk),
            url("report", pk=meeting.pk),
            url("feedback", pk=meeting.pk),
        ],
        "post": [
            url("meeting-publish", pk=meeting.pk),
            url("meeting-cancel", pk=meeting.pk),
            url("attendance", pk=meeting.pk, registration_pk=registration.pk),
            url("message", pk=meeting.pk),
            url("reservations", pk=meeting.pk),
            url("report", pk=meeting.pk),
            url("meeting-edit", pk=meeting.pk),
            url("journey-edit", slug=journey.slug),
        ],
    }


GENERAL_URLS = [url("index"), url("journey-create"), url("meeting-create")]


def test_anonymous_is_sent_to_login_everywhere(client, meeting_urls):
    for path in GENERAL_URLS + meeting_urls["get"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/konto/login/" in response["Location"], path
    for path in meeting_urls["post"]:
        response = client.post(path, {})
        assert response.status_code == 302, path
        assert "/konto/login/" in response["Location"], path


def test_coworker_gets_403_everywhere(client, coworker, meeting_urls):
    client.force_login(coworker)
    for path in GENERAL_URLS + meeting_urls["get"]:
        assert client.get(path).status_code == 403, path
    for path in meeting_urls["post"]:
        assert client.post(path, {}).status_code == 403, path
    assert not OutboxEmail.objects.exists()


def test_manager_of_another_hub_gets_403_on_this_meeting_and_journey(
    client, other_manager, meeting, meeting_urls
):
    client.force_login(other_manager)
    for path in meeting_urls["get"]:
        assert client.get(path).status_code == 403, path
    for path in meeting_urls["post"]:
        assert client.post(path, {}).status_code == 403, path
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    # An organiser elsewhere still has their own overview and forms.
    for path in GENERAL_URLS:
        assert client.get(path).status_code == 200, path
    overview = client.get(url("index")).content.decode()
    assert f'data-meeting="{meeting.pk}"' not in overview


@pytest.mark.parametrize("persona", ["manager", "staff", "admin"])
def test_venue_manager_staff_and_admin_open_every_page(client, request, persona, meeting_urls):
    client.force_login(request.getfixturevalue(persona))
    for path in GENERAL_URLS + meeting_urls["get"]:
        assert client.get(path).status_code == 200, path


def test_named_organiser_opens_their_meeting_and_the_overview(client, meeting, other_hub):
    organiser = UserFactory()
    meeting.organisers.add(organiser)
    client.force_login(organiser)
    assert client.get(url("index")).status_code == 200
    assert client.get(url("attendees", pk=meeting.pk)).status_code == 200
    assert client.get(url("meeting-edit", pk=meeting.pk)).status_code == 200
    # Not a community manager or staff: may not start new journeys.
    assert client.get(url("journey-create")).status_code == 403


def test_venue_manager_of_meeting_in_foreign_journey(client, manager, hub, other_hub):
    """Managing the venue hub is enough, whoever leads the journey."""
    meeting = MeetingFactory(hub=hub, journey=LearningJourneyFactory(hub=other_hub))
    client.force_login(manager)
    assert client.get(url("attendees", pk=meeting.pk)).status_code == 200
    assert client.get(url("journey-edit", slug=meeting.journey.slug)).status_code == 403


def test_missing_meeting_is_404(client, staff):
    client.force_login(staff)
    assert client.get(url("attendees", pk=999999)).status_code == 404


# --- Overview -----------------------------------------------------------------------


def test_index_shows_seats_alerts_and_missing_reports(client, manager, journey, hub, meeting):
    filling = MeetingFactory(journey=journey, hub=hub, capacity=5, title="Filling")
    RegistrationFactory.create_batch(4, meeting=filling)
    full = MeetingFactory(journey=journey, hub=hub, capacity=2, title="Full")
    RegistrationFactory.create_batch(2, meeting=full)
    RegistrationFactory(meeting=full, status=RS.WAITLISTED)
    start = timezone.now() - timedelta(days=3)
    unreported = MeetingFactory(
        journey=journey, hub=hub, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    reported = MeetingFactory(
        journey=journey, hub=hub, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    MeetingReport.objects.create(meeting=reported, participants=5, facilitators=1)

    client.force_login(manager)
    response = client.get(url("index"))
    assert response.status_code == 200
    overview = response.context["overview"]
    by_pk = {m.pk: m for m in overview.upcoming + overview.past}
    assert by_pk[meeting.pk].seat_alert is None
    assert by_pk[filling.pk].seat_alert == 80
    assert by_pk[filling.pk].seats.fill_percent == 80
    assert by_pk[full.pk].seat_alert == 100
    assert by_pk[full.pk].seats.taken == 2
    assert by_pk[full.pk].waitlisted == 1
    assert by_pk[unreported.pk].report_missing
    assert not by_pk[reported.pk].report_missing
    html = response.content.decode()
    assert html.count('data-seat-alert="80"') == 1
    assert html.count('data-seat-alert="100"') == 1
    assert html.count('data-report-missing="true"') == 1
    assert 'id="new-journey"' in html
    assert 'id="new-meeting"' in html


def test_index_query_count_does_not_grow_with_meetings(
    client, manager, journey, hub, django_assert_num_queries
):
    for _ in range(4):
        m = MeetingFactory(journey=journey, hub=hub)
        RegistrationFactory.create_batch(3, meeting=m)
        start = timezone.now() - timedelta(days=5)
        MeetingFactory(
            journey=journey, hub=hub, starts_at=start, ends_at=start + timedelta(hours=1)
        )
    LearningJourneyFactory.create_batch(3, hub=hub)
    client.force_login(manager)
    # 1 session, 2 user, 3 can_organise (manages a hub?), 4 journeys with meeting
    # counts, 5 upcoming and 6 past meetings with seat counts and report flags.
    with django_assert_num_queries(6):
        response = client.get(url("index"))
    assert response.status_code == 200
    assert len(response.context["overview"].upcoming) == 4
    assert len(response.context["overview"].past) == 4


# --- Journeys -----------------------------------------------------------------------


def test_create_journey_makes_a_unique_slug_and_records_the_creator(client, manager, hub):
    LearningJourneyFactory(slug="laranderesa-trondheim")
    org = OrganisationFactory()
    client.force_login(manager)
    response = client.post(url("journey-create"), journey_data(hub, organisations=[org.pk]))
    assert response.status_code == 302
    journey = LearningJourney.objects.get(title="Läranderesa Trondheim")
    assert journey.slug == "laranderesa-trondheim-2"
    assert journey.created_by == manager
    assert journey.hub == hub
    assert list(journey.organisations.all()) == [org]


def test_create_journey_with_end_before_start_re_renders(client, manager, hub):
    client.force_login(manager)
    response = client.post(
        url("journey-create"), journey_data(hub, starts_on="2030-06-01", ends_on="2030-05-01")
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not LearningJourney.objects.exists()


def test_journey_hub_is_limited_to_the_managers_hubs(client, manager, hub, other_hub):
    client.force_login(manager)
    response = client.post(url("journey-create"), journey_data(other_hub))
    assert response.status_code == 200
    assert "hub" in response.context["form"].errors
    assert not LearningJourney.objects.exists()


def test_edit_journey_with_taken_slug_changes_nothing(client, manager, journey, hub):
    LearningJourneyFactory(slug="taken")
    client.force_login(manager)
    response = client.post(
        url("journey-edit", slug=journey.slug), journey_data(hub, title="New title", slug="taken")
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    journey.refresh_from_db()
    assert journey.title == "Hybrid work"
    assert journey.slug == "hybrid"


def test_edit_journey_saves(client, manager, journey, hub):
    client.force_login(manager)
    response = client.post(
        url("journey-edit", slug=journey.slug),
        journey_data(hub, title="Hybrid work 2", slug="hybrid"),
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.title == "Hybrid work 2"


# --- Meetings -----------------------------------------------------------------------


def test_create_meeting_as_draft_in_stockholm_time_with_creator_as_organiser(
    client, manager, journey, hub
):
    client.force_login(manager)
    response = client.post(url("meeting-create"), meeting_data(journey, hub))
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Workshop om distansarbete")
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.starts_at == datetime(2030, 5, 14, 9, 0, tzinfo=STOCKHOLM)
    assert meeting.starts_at.astimezone(ZoneInfo("UTC")).hour == 7  # CEST
    assert list(meeting.organisers.all()) == [manager]


def test_meeting_create_preselects_the_journey(client, manager, journey):
    client.force_login(manager)
    response = client.get(url("meeting-create") + f"?journey={journey.slug}")
    assert response.context["form"].initial["journey"] == journey.pk
    assert f'<option value="{journey.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2030-05-14T08:00"}, "ends_at"),
        ({"ends_at": "2030-05-14T09:00"}, "ends_at"),
        ({"hub": "", "venue": "", "online_url": ""}, "hub"),
        (
            {
                "registration_opens_at": "2030-05-10T10:00",
                "registration_closes_at": "2030-05-09T10:00",
            },
            "registration_closes_at",
        ),
        (
            {
                "registration_opens_at": "2030-05-10T10:00",
                "registration_closes_at": "2030-05-10T10:00",
            },
            "registration_closes_at",
        ),
        ({"registration_closes_at": "2030-05-14T09:30"}, "registration_closes_at"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "abc"}, "capacity"),
        ({"starts_at": "not a date"}, "starts_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
    ],
)
def test_create_meeting_with_bad_input_re_renders_and_saves_nothing(
    client, manager, journey, hub, overrides, field
):
    client.force_login(manager)
    response = client.post(url("meeting-create"), meeting_data(journey, hub, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Meeting.objects.filter(title="Workshop om distansarbete").exists()


def test_online_only_meeting_needs_no_hub(client, manager, journey, hub):
    client.force_login(manager)
    response = client.post(
        url("meeting-create"),
        meeting_data(journey, hub, hub="", online_url="https://meet.example.org/x"),
    )
    assert response.status_code == 302
    assert Meeting.objects.get(title="Workshop om distansarbete").hub is None


def test_manager_cannot_pick_a_journey_or_hub_they_do_not_manage(
    client, manager, journey, hub, other_hub
):
    foreign = LearningJourneyFactory(hub=other_hub)
    client.force_login(manager)
    response = client.post(url("meeting-create"), meeting_data(foreign, hub))
    assert "journey" in response.context["form"].errors
    response = client.post(url("meeting-create"), meeting_data(journey, other_hub))
    assert "hub" in response.context["form"].errors
    assert not Meeting.objects.filter(title="Workshop om distansarbete").exists()


def test_edit_cannot_lower_capacity_below_seats_taken(client, manager, meeting, journey, hub):
    RegistrationFactory.create_batch(4, meeting=meeting)
    client.force_login(manager)
    data = meeting_data(journey, hub, title=meeting.title, capacity="3")
    response = client.post(url("meeting-edit", pk=meeting.pk), data)
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.capacity == 10


def test_edit_with_larger_capacity_promotes_the_waitlist(client, manager, journey, hub):
    meeting = MeetingFactory(journey=journey, hub=hub, capacity=1)
    RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=RS.WAITLISTED)
    local_start = timezone.localtime(meeting.starts_at)
    client.force_login(manager)
    data = meeting_data(
        journey,
        hub,
        title=meeting.title,
        capacity="2",
        starts_at=local_start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(local_start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(url("meeting-edit", pk=meeting.pk), data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RS.CONFIRMED
    assert OutboxEmail.objects.filter(to=waiting.email).exists()


def test_publish(client, manager, journey, hub):
    draft = MeetingFactory(journey=journey, hub=hub, status="draft")
    client.force_login(manager)
    response = client.post(url("meeting-publish", pk=draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.PUBLISHED
    assert draft.published_at is not None
    assert client.get(url("meeting-publish", pk=draft.pk)).status_code == 405


def test_publishing_a_cancelled_meeting_is_refused(client, manager, meeting):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    client.force_login(manager)
    response = client.post(url("meeting-publish", pk=meeting.pk), follow=True)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_cancel_confirms_then_emails_everyone_once(client, manager, meeting):
    seated = RegistrationFactory.create_batch(2, meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=RS.WAITLISTED)
    client.force_login(manager)
    response = client.get(url("meeting-cancel", pk=meeting.pk))
    assert response.status_code == 200
    assert 'id="meeting-cancel-confirm"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    assert client.post(url("meeting-cancel", pk=meeting.pk)).status_code == 302
    assert client.post(url("meeting-cancel", pk=meeting.pk)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    for person in [*seated, waiting]:
        assert OutboxEmail.objects.filter(to=person.email).count() == 1


# --- Reserved seats -------------------------------------------------------------------


def reservation_post(rows, *, initial=0, release="") -> dict:
    data = {
        "reservations-TOTAL_FORMS": str(len(rows)),
        "reservations-INITIAL_FORMS": str(initial),
        "reservations-MIN_NUM_FORMS": "0",
        "reservations-MAX_NUM_FORMS": "1000",
        "reservations_release_at": release,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"reservations-{i}-{key}"] = value
    return data


def test_reservations_save_with_release_time(client, manager, meeting):
    a, b = OrganisationFactory(), OrganisationFactory()
    client.force_login(manager)
    response = client.post(
        url("reservations", pk=meeting.pk),
        reservation_post(
            [
                {"organisation": a.pk, "seats": "2"},
                {"organisation": b.pk, "seats": "3"},
                {"organisation": "", "seats": ""},
            ],
            release="2030-01-10T12:00",
        ),
    )
    assert response.status_code == 302
    assert {(r.organisation_id, r.seats) for r in meeting.reservations.all()} == {
        (a.pk, 2),
        (b.pk, 3),
    }
    meeting.refresh_from_db()
    assert meeting.reservations_release_at == datetime(2030, 1, 10, 12, 0, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    "rows",
    [
        # More than the meeting's 10 seats.
        [{"seats": "6"}, {"seats": "5"}],
        # The same organisation twice.
        [{"seats": "1", "same": True}, {"seats": "1", "same": True}],
        # No seats.
        [{"seats": "0"}],
    ],
)
def test_invalid_reservations_save_nothing(client, manager, meeting, rows):
    same = OrganisationFactory()
    posted = [
        {
            "organisation": same.pk if row.get("same") else OrganisationFactory().pk,
            "seats": row["seats"],
        }
        for row in rows
    ]
    client.force_login(manager)
    response = client.post(
        url("reservations", pk=meeting.pk), reservation_post(posted, release="2030-01-10T12:00")
    )
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not MeetingReservation.objects.exists()
    meeting.refresh_from_db()
    assert meeting.reservations_release_at is None


def test_reservations_can_be_changed_and_removed(client, manager, meeting):
    a, b = OrganisationFactory(), OrganisationFactory()
    kept = MeetingReservation.objects.create(meeting=meeting, organisation=a, seats=2)
    gone = MeetingReservation.objects.create(meeting=meeting, organisation=b, seats=2)
    client.force_login(manager)
    response = client.post(
        url("reservations", pk=meeting.pk),
        reservation_post(
            [
                {"id": kept.pk, "organisation": a.pk, "seats": "4"},
                {"id": gone.pk, "organisation": b.pk, "seats": "2", "DELETE": "on"},
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    assert [(r.organisation_id, r.seats) for r in meeting.reservations.all()] == [(a.pk, 4)]


# --- Attendees and check-in -------------------------------------------------------------


def test_attendee_list_shows_seated_waitlist_and_counts(client, manager, meeting):
    seated = RegistrationFactory.create_batch(3, meeting=meeting)
    now = timezone.now()
    second = RegistrationFactory(
        meeting=meeting, status=RS.WAITLISTED, waitlisted_at=now - timedelta(minutes=1)
    )
    first = RegistrationFactory(
        meeting=meeting, status=RS.WAITLISTED, waitlisted_at=now - timedelta(minutes=5)
    )
    RegistrationFactory(meeting=meeting, user=None, email="guest@example.org", status=RS.PENDING)
    RegistrationFactory(meeting=meeting, status=RS.CANCELLED)
    client.force_login(manager)
    response = client.get(url("attendees", pk=meeting.pk))
    lists = response.context["lists"]
    assert [r.pk for r in lists.seated] == [r.pk for r in seated]
    assert [(pos, r.pk) for pos, r in lists.waitlist] == [(1, first.pk), (2, second.pk)]
    assert lists.pending == 1
    assert lists.cancelled == 1
    html = response.content.decode()
    assert f'data-registration="{first.pk}" data-position="1"' in html
    assert 'data-count="pending">1<' in html


def test_attendee_list_search_keeps_waitlist_positions(client, manager, meeting):
    now = timezone.now()
    RegistrationFactory(meeting=meeting, status=RS.WAITLISTED, waitlisted_at=now - timedelta(1))
    anna = RegistrationFactory(meeting=meeting, status=RS.WAITLISTED, name="Anna Berg")
    client.force_login(manager)
    response = client.get(url("attendees", pk=meeting.pk) + "?q=anna")
    assert [(pos, r.pk) for pos, r in response.context["lists"].waitlist] == [(2, anna.pk)]


def test_attendee_list_alerts_at_80_percent_and_full(client, manager, journey, hub):
    meeting = MeetingFactory(journey=journey, hub=hub, capacity=5)
    RegistrationFactory.create_batch(4, meeting=meeting)
    client.force_login(manager)
    html = client.get(url("attendees", pk=meeting.pk)).content.decode()
    assert 'class="notice seat-alert seat-alert-80" data-seat-alert="80"' in html
    RegistrationFactory(meeting=meeting)
    html = client.get(url("attendees", pk=meeting.pk)).content.decode()
    assert 'data-seat-alert="100"' in html


def test_attendee_page_query_count(client, manager, meeting, django_assert_num_queries):
    org = OrganisationFactory()
    RegistrationFactory.create_batch(5, meeting=meeting, organisation=org)
    RegistrationFactory.create_batch(3, meeting=meeting, status=RS.WAITLISTED)
    client.force_login(manager)
    # 1 session, 2 user, 3 meeting with journey and hub, 4 manages the venue hub?,
    # 5 seated and waitlisted registrations with user and organisation,
    # 6 pending/cancelled counts, 7-8 seat_state (counts, reservations).
    with django_assert_num_queries(8):
        response = client.get(url("attendees", pk=meeting.pk))
    assert len(response.context["lists"].seated) == 5


def test_check_in_without_js_redirects_back(client, manager, meeting):
    registration = RegistrationFactory(meeting=meeting)
    client.force_login(manager)
    path = url("attendance", pk=meeting.pk, registration_pk=registration.pk)
    response = client.post(path, {"value": "attended"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#registration-{registration.pk}")
    registration.refresh_from_db()
    assert registration.status == RS.ATTENDED
    assert registration.checked_in_at is not None

    client.post(path, {"value": "no_show"})
    registration.refresh_from_db()
    assert (registration.status, registration.checked_in_at) == (RS.NO_SHOW, None)

    client.post(path, {"value": "undo"})
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED


def test_check_in_with_htmx_returns_the_row(client, manager, meeting):
    registration = RegistrationFactory(meeting=meeting)
    client.force_login(manager)
    response = client.post(
        url("attendance", pk=meeting.pk, registration_pk=registration.pk),
        {"value": "attended"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="attendee" id="registration-{registration.pk}"')
    assert 'data-status="attended"' in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "<html" not in html
    registration.refresh_from_db()
    assert registration.status == RS.ATTENDED


def test_check_in_refuses_waitlisted_bad_values_and_other_meetings(client, manager, meeting):
    waiting = RegistrationFactory(meeting=meeting, status=RS.WAITLISTED)
    client.force_login(manager)
    path = url("attendance", pk=meeting.pk, registration_pk=waiting.pk)
    response = client.post(path, {"value": "attended"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == RS.WAITLISTED
    seated = RegistrationFactory(meeting=meeting)
    client.post(url("attendance", pk=meeting.pk, registration_pk=seated.pk), {"value": "yes"})
    seated.refresh_from_db()
    assert seated.status == RS.CONFIRMED
    elsewhere = RegistrationFactory()
    response = client.post(
        url("attendance", pk=meeting.pk, registration_pk=elsewhere.pk), {"value": "attended"}
    )
    assert response.status_code == 404


# --- CSV ----------------------------------------------------------------------------------


def test_csv_export_with_bom_semicolons_and_formula_guard(client, manager, meeting):
    org = OrganisationFactory(name="Skatteverket")
    RegistrationFactory(meeting=meeting, name="Åsa Öberg", organisation=org)
    RegistrationFactory(meeting=meeting, name='=HYPERLINK("http://evil")', status=RS.ATTENDED)
    RegistrationFactory(meeting=meeting, name="+46 70", organisation_name="@corp")
    RegistrationFactory(meeting=meeting, name="Gone", status=RS.CANCELLED)
    client.force_login(manager)
    response = client.get(url("attendees-csv", pk=meeting.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 4  # header + three active registrations
    cells = [cell for row in rows[1:] for cell in row]
    assert "Åsa Öberg" in cells
    assert "Skatteverket" in cells
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+46 70" in cells
    assert "'@corp" in cells
    assert "Gone" not in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)


# --- Message --------------------------------------------------------------------------------


def test_message_queues_one_email_per_seated_person(client, manager, meeting):
    seated = RegistrationFactory.create_batch(3, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RS.ATTENDED)
    RegistrationFactory(meeting=meeting, status=RS.WAITLISTED)
    RegistrationFactory(meeting=meeting, status=RS.CANCELLED)
    client.force_login(manager)
    assert client.get(url("message", pk=meeting.pk)).status_code == 200
    response = client.post(
        url("message", pk=meeting.pk), {"subject": "Parkering", "body": "Parkera bakom huset."}
    )
    assert response.status_code == 302
    emails = OutboxEmail.objects.filter(subject__endswith="Parkering")
    assert emails.count() == 4
    for person in seated:
        assert emails.filter(to=person.email).count() == 1
    assert "Parkera bakom huset." in emails.first().body


def test_message_without_subject_re_renders(client, manager, meeting):
    RegistrationFactory(meeting=meeting)
    client.force_login(manager)
    response = client.post(url("message", pk=meeting.pk), {"subject": "", "body": "Hej"})
    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    assert not OutboxEmail.objects.filter(body__contains="Hej").exists()


# --- Report and insights ---------------------------------------------------------------------


def test_report_waits_for_the_meeting_to_start(client, manager, meeting):
    client.force_login(manager)
    response = client.get(url("report", pk=meeting.pk))
    html = response.content.decode()
    assert 'id="report-not-started"' in html
    assert 'id="report-form"' not in html
    client.post(
        url("report", pk=meeting.pk),
        {"action": "report", "participants": "3", "facilitators": "1"},
    )
    assert not MeetingReport.objects.exists()


def test_report_is_prefilled_from_attendance_then_filed(client, manager, past_meeting):
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    RegistrationFactory.create_batch(
        3, meeting=past_meeting, status=RS.ATTENDED, organisation=org_a
    )
    RegistrationFactory(meeting=past_meeting, status=RS.NO_SHOW, organisation=org_b)
    client.force_login(manager)
    response = client.get(url("report", pk=past_meeting.pk))
    form = response.context["report_form"]
    assert form.initial["participants"] == 3
    assert form.initial["facilitators"] == 2
    assert list(form.initial["organisations"]) == [org_a]
    assert 'data-report-filed="false"' in response.content.decode()

    response = client.post(
        url("report", pk=past_meeting.pk),
        {
            "action": "report",
            "participants": "15",
            "facilitators": "2",
            "organisations": [org_a.pk, org_b.pk],
            "summary": "Bra samtal.",
        },
    )
    assert response.status_code == 302
    report = MeetingReport.objects.get(meeting=past_meeting)
    assert (report.participants, report.facilitators, report.filed_by) == (15, 2, manager)
    assert set(report.organisations.all()) == {org_a, org_b}
    response = client.get(url("report", pk=past_meeting.pk))
    assert response.context["report_form"].initial["participants"] == 15
    assert 'data-report-filed="true"' in response.content.decode()


def test_invalid_report_re_renders(client, manager, past_meeting):
    client.force_login(manager)
    response = client.post(
        url("report", pk=past_meeting.pk),
        {"action": "report", "participants": "-1", "facilitators": "x"},
    )
    assert response.status_code == 200
    assert set(response.context["report_form"].errors) == {"participants", "facilitators"}
    assert not MeetingReport.objects.exists()


def test_insights_are_added_to_meeting_and_journey_and_removed_by_their_author(
    client, manager, staff, past_meeting
):
    client.force_login(manager)
    response = client.post(
        url("report", pk=past_meeting.pk),
        {"action": "insight", "kind": "works", "text": "Fika först, sedan workshop."},
    )
    assert response.status_code == 302
    insight = Insight.objects.get()
    assert (insight.meeting, insight.journey, insight.kind) == (
        past_meeting,
        past_meeting.journey,
        "works",
    )
    html = client.get(url("report", pk=past_meeting.pk)).content.decode()
    assert f'data-insight="{insight.pk}" data-kind="works"' in html

    response = client.post(url("report", pk=past_meeting.pk), {"action": "insight", "kind": "x"})
    assert response.status_code == 200
    assert set(response.context["insight_form"].errors) == {"kind", "text"}

    response = client.post(
        url("report", pk=past_meeting.pk), {"action": "insight-delete", "insight": "1 OR 1"}
    )
    assert response.status_code == 302
    client.force_login(staff)
    client.post(
        url("report", pk=past_meeting.pk), {"action": "insight-delete", "insight": insight.pk}
    )
    assert Insight.objects.exists()
    client.force_login(manager)
    client.post(
        url("report", pk=past_meeting.pk), {"action": "insight-delete", "insight": insight.pk}
    )
    assert not Insight.objects.exists()


# --- Feedback ------------------------------------------------------------------------------------


def give_feedback(meeting, ratings):
    for rating in ratings:
        registration = RegistrationFactory(meeting=meeting, status=RS.ATTENDED)
        Feedback.objects.create(
            meeting=meeting,
            registration=registration,
            rating=rating,
            will_do_differently="Jobba från hubben",
            comment="Tack!",
        )


def test_feedback_with_four_answers_is_suppressed(client, manager, past_meeting):
    give_feedback(past_meeting, [5, 4, 4, 1])
    client.force_login(manager)
    html = client.get(url("feedback", pk=past_meeting.pk)).content.decode()
    assert 'data-feedback-count="&lt;5"' in html
    assert 'data-suppressed="true"' in html
    assert "data-average" not in html
    assert "data-rating" not in html
    assert "Jobba från hubben" not in html
    assert "Tack!" not in html


def test_feedback_with_five_answers_shows_figures(client, manager, past_meeting):
    give_feedback(past_meeting, [5, 4, 4, 2, 5])
    client.force_login(manager)
    html = client.get(url("feedback", pk=past_meeting.pk)).content.decode()
    assert 'data-feedback-count="5"' in html
    assert "data-suppressed" not in html
    assert 'data-average="4.0"' in html
    assert 'data-rating="4" data-n="2"' in html
    assert 'data-rating="3" data-n="0"' in html
    assert "Jobba från hubben" in html
    assert "Tack!" in html
