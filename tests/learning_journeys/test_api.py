"""The learning journeys API: public reads, sign-up and cancel, organisers'
endpoints, permissions, validation, query budgets and the OpenAPI schema."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from coworking_region.models import OutboxEmail
from learning_journeys.models import MAX_CAPACITY, Meeting, Registration
from tests.factories import (
    HubManagerFactory,
    LearningJourneyFactory,
    MeetingFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JOURNEYS = "/api/learning-journeys/"
MEETINGS = "/api/meetings/"
REGISTRATIONS = "/api/registrations/"


def _post(client, url, payload=None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


def _patch(client, url, payload):
    return client.patch(url, json.dumps(payload), content_type="application/json")


def _assert_denied_json(response):
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def _registration_url(meeting):
    return f"{MEETINGS}{meeting.pk}/registration/"


@pytest.fixture
def journey(hub):
    return LearningJourneyFactory(slug="mot-samverket-2-0", title="Mot Samverket 2.0", hub=hub)


@pytest.fixture
def meeting(journey, hub):
    return MeetingFactory(journey=journey, hub=hub, title="Lärandeträff 7", capacity=3)


def _meeting_payload(**overrides):
    start = (timezone.now() + timedelta(days=14)).replace(microsecond=0)
    payload = {
        "journey": "mot-samverket-2-0",
        "kind": "learning_meeting",
        "title": "Lärandeträff om hybridarbete",
        "theme": "Hybridarbete",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "hub": "samverket",
        "capacity": 15,
        "facilitators": 2,
    }
    payload.update(overrides)
    return payload


# --- Public reads ----------------------------------------------------------------------


def test_journeys_are_public_but_drafts_only_for_their_managers(
    client, journey, manager, other_manager
):
    draft = LearningJourneyFactory(slug="utkast", status="draft", hub=journey.hub)
    response = client.get(JOURNEYS)
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["mot-samverket-2-0"]
    assert client.get(f"{JOURNEYS}utkast/").status_code == 404
    row = client.get(f"{JOURNEYS}mot-samverket-2-0/").json()
    assert row["hub"] == {"slug": "samverket", "name": "Samverket"}
    assert row["url"] == journey.get_absolute_url()

    client.force_login(other_manager)
    assert client.get(f"{JOURNEYS}utkast/").status_code == 404
    client.force_login(manager)
    assert {row["slug"] for row in client.get(JOURNEYS).json()["results"]} == {
        "utkast",
        journey.slug,
    }
    assert client.get(f"{JOURNEYS}{draft.slug}/").json()["status"] == "draft"


def test_journey_detail_lists_its_visible_meetings_and_insights(client, journey, meeting):
    MeetingFactory(journey=journey, hub=meeting.hub, status="draft", title="Hemlig")
    journey.insights.create(kind="works", text="Fysiska möten bygger tillit.")
    organisation = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    journey.organisations.add(organisation)
    data = client.get(f"{JOURNEYS}{journey.slug}/").json()
    assert [m["title"] for m in data["meetings"]] == ["Lärandeträff 7"]
    assert data["meetings"][0]["seats_left"] == 3
    assert [(i["kind"], i["text"]) for i in data["insights"]] == [
        ("works", "Fysiska möten bygger tillit.")
    ]
    assert data["organisations"] == [{"id": organisation.pk, "name": "Region Jämtland Härjedalen"}]


def test_meeting_list_and_detail_for_anonymous_clients(client, meeting):
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting, status="waitlisted")
    RegistrationFactory(meeting=meeting, status="cancelled")
    MeetingFactory(journey=meeting.journey, hub=meeting.hub, status="draft")
    response = client.get(MEETINGS)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [meeting.pk]
    row = rows[0]
    assert (row["capacity"], row["seats_left"], row["waitlist_count"]) == (3, 2, 1)
    assert row["journey"] == {"slug": "mot-samverket-2-0", "title": "Mot Samverket 2.0"}
    assert row["hub"] == {"slug": "samverket", "name": "Samverket"}
    assert row["municipality"] == "2380"
    assert row["online_url"] is None
    assert row["url"] == meeting.get_absolute_url()
    # ISO 8601 with the Europe/Stockholm offset
    assert row["starts_at"][-6:] in ("+01:00", "+02:00")
    assert parse_datetime(row["starts_at"]) == meeting.starts_at
    detail = client.get(f"{MEETINGS}{meeting.pk}/")
    assert detail.status_code == 200
    assert detail.json()["seats_left"] == 2
    assert client.get(f"{MEETINGS}999999/").status_code == 404


def test_seats_left_never_goes_below_zero(client, meeting):
    for _n in range(3):
        RegistrationFactory(meeting=meeting, status="attended")
    meeting.capacity = 1
    meeting.save()
    assert client.get(f"{MEETINGS}{meeting.pk}/").json()["seats_left"] == 0


def test_drafts_are_seen_by_their_organisers_only(
    client, meeting, manager, other_manager, staff, coworker
):
    meeting.status = "draft"
    meeting.save()
    url = f"{MEETINGS}{meeting.pk}/"
    assert client.get(url).status_code == 404
    for user in (coworker, other_manager):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(MEETINGS).json()["count"] == 0
    for user in (manager, staff):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert client.get(MEETINGS).json()["count"] == 1


def test_online_link_is_shown_to_organisers_only(client, meeting, manager, coworker):
    meeting.online_url = "https://meet.example.org/lt7"
    meeting.save()
    url = f"{MEETINGS}{meeting.pk}/"
    assert client.get(url).json()["online_url"] is None
    assert client.get(url).json()["online"] is True
    client.force_login(coworker)
    assert client.get(url).json()["online_url"] is None
    client.force_login(manager)
    assert client.get(url).json()["online_url"] == "https://meet.example.org/lt7"


def test_meeting_filters(client, hub, other_hub, journey):
    krokom = MunicipalityFactory(code="2309", name="Krokom")
    other_hub.municipality = krokom
    other_hub.save()
    now = timezone.now()
    at_hub = MeetingFactory(journey=journey, hub=hub, theme="Agenda 2030")
    online = MeetingFactory(
        journey=journey, hub=None, online_url="https://meet.example.org/x", theme="Hybridarbete"
    )
    elsewhere = MeetingFactory(
        journey=LearningJourneyFactory(slug="annan"), hub=other_hub, theme="Net Zero"
    )
    past = MeetingFactory(
        journey=journey,
        hub=hub,
        theme="Coworking",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30, hours=-2),
    )

    def ids(params):
        response = client.get(MEETINGS, params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids({"hub": "samverket"}) == {at_hub.pk, past.pk}
    assert ids({"municipality": "2309"}) == {elsewhere.pk}
    assert ids({"theme": "agenda"}) == {at_hub.pk}
    assert ids({"mode": "online"}) == {online.pk}
    assert ids({"mode": "on_site"}) == {at_hub.pk, elsewhere.pk, past.pk}
    assert ids({"upcoming": "true"}) == {at_hub.pk, online.pk, elsewhere.pk}
    assert ids({"upcoming": "false"}) == {past.pk}
    assert ids({"journey": "annan"}) == {elsewhere.pk}
    assert ids({"hub": "samverket", "upcoming": "true"}) == {at_hub.pk}
    assert client.get(MEETINGS, {"mode": "teleport"}).status_code == 400


def test_public_endpoints_refuse_anonymous_writes_as_json(client, meeting):
    _assert_denied_json(_post(client, JOURNEYS, {"title": "x"}))
    _assert_denied_json(_post(client, MEETINGS, _meeting_payload()))
    _assert_denied_json(_patch(client, f"{MEETINGS}{meeting.pk}/", {"title": "x"}))


# --- Query budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 6])
def test_meeting_list_query_count(client, django_assert_num_queries, journey, hub, rows):
    for _n in range(rows):
        meeting = MeetingFactory(journey=journey, hub=hub)
        RegistrationFactory(meeting=meeting)
        RegistrationFactory(meeting=meeting, status="waitlisted")
    # 1 COUNT, 2 the page (journey, hub and municipality joined, seats annotated)
    with django_assert_num_queries(2):
        response = client.get(MEETINGS)
    assert response.json()["count"] == rows
    assert response.json()["results"][0]["waitlist_count"] == 1


@pytest.mark.parametrize("rows", [3, 6])
def test_meeting_list_query_count_for_an_organiser(
    client, django_assert_num_queries, journey, hub, manager, rows
):
    for n in range(rows):
        MeetingFactory(journey=journey, hub=hub, status="draft" if n % 2 else "published")
    client.force_login(manager)
    # 1 session, 2 user, 3 COUNT, 4 the page (drafts they organise by subquery)
    with django_assert_num_queries(4):
        response = client.get(MEETINGS)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 6])
def test_journey_list_query_count(client, django_assert_num_queries, hub, rows):
    organisations = OrganisationFactory.create_batch(2)
    for _n in range(rows):
        LearningJourneyFactory(hub=hub).organisations.set(organisations)
    # 1 COUNT, 2 the page (hub joined), 3 organisations prefetch
    with django_assert_num_queries(3):
        response = client.get(JOURNEYS)
    assert response.json()["count"] == rows
    assert len(response.json()["results"][0]["organisations"]) == 2


@pytest.mark.parametrize("rows", [3, 6])
def test_journey_detail_query_count(client, django_assert_num_queries, journey, hub, rows):
    for _n in range(rows):
        RegistrationFactory(meeting=MeetingFactory(journey=journey, hub=hub))
        journey.insights.create(kind="next_step", text="Fler träffar på hubbarna.")
    # 1 the journey (hub joined), 2 organisations, 3 meetings with seats, 4 insights
    with django_assert_num_queries(4):
        response = client.get(f"{JOURNEYS}{journey.slug}/")
    assert len(response.json()["meetings"]) == rows


@pytest.mark.parametrize("rows", [3, 6])
def test_registration_list_query_count(
    client, django_assert_num_queries, coworker, journey, hub, rows
):
    for n in range(rows):
        RegistrationFactory(
            meeting=MeetingFactory(journey=journey, hub=hub),
            user=coworker,
            status="waitlisted" if n % 2 else "confirmed",
        )
    client.force_login(coworker)
    # 1 session, 2 user, 3 COUNT, 4 the page (meeting, hub, organisation joined;
    # waitlist position by subquery)
    with django_assert_num_queries(4):
        response = client.get(REGISTRATIONS)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 6])
def test_attendee_list_query_count(client, django_assert_num_queries, meeting, manager, rows):
    meeting.capacity = 100
    meeting.save()
    organisation = OrganisationFactory()
    for n in range(rows):
        RegistrationFactory(meeting=meeting, organisation=organisation)
        RegistrationFactory(
            meeting=meeting,
            user=None,
            email=f"gast{n}@example.org",
            name="Gäst",
            status="waitlisted",
        )
    client.force_login(manager)
    # 1 session, 2 user, 3 the meeting (journey, hub joined), 4 is a manager of
    # the venue hub, 5 COUNT, 6 the page (user and organisation joined)
    with django_assert_num_queries(6):
        response = client.get(f"{MEETINGS}{meeting.pk}/attendees/")
    assert response.json()["count"] == 2 * rows


# --- Signing up and cancelling ------------------------------------------------------------------


def test_sign_up_needs_an_account_and_answers_json(client, meeting):
    _assert_denied_json(_post(client, _registration_url(meeting), {}))
    _assert_denied_json(client.delete(_registration_url(meeting)))
    _assert_denied_json(client.get(REGISTRATIONS))
    assert not Registration.objects.exists()


def test_coworker_signs_up_and_cancels(client, meeting, coworker):
    organisation = OrganisationFactory(name="Skatteverket")
    client.force_login(coworker)
    response = _post(client, _registration_url(meeting), {"organisation": organisation.pk})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["waitlist_position"]) == ("confirmed", None)
    assert data["organisation"] == {"id": organisation.pk, "name": "Skatteverket"}
    assert data["meeting"]["id"] == meeting.pk
    registration = Registration.objects.get()
    assert (registration.user, registration.organisation) == (coworker, organisation)
    assert OutboxEmail.objects.filter(to=coworker.email).exists()
    assert client.get(f"{MEETINGS}{meeting.pk}/").json()["seats_left"] == 2

    again = _post(client, _registration_url(meeting), {})
    assert again.status_code == 409
    assert again.json()["code"] == "already_registered"
    assert again.json()["detail"]

    mine = client.get(REGISTRATIONS).json()
    assert [row["id"] for row in mine["results"]] == [registration.pk]

    response = client.delete(_registration_url(meeting))
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert client.delete(_registration_url(meeting)).status_code == 404


def test_organisation_name_and_bad_organisation(client, meeting, coworker):
    client.force_login(coworker)
    response = _post(client, _registration_url(meeting), {"organisation": 999999})
    assert response.status_code == 400
    assert "organisation" in response.json()
    response = _post(
        client, _registration_url(meeting), {"organisation_name": "  Lokala föreningen "}
    )
    assert response.status_code == 201
    assert response.json()["organisation_name"] == "Lokala föreningen"


def test_full_meeting_offers_the_waitlist_and_cancelling_promotes(client, meeting, coworker):
    holders = [RegistrationFactory(meeting=meeting) for _n in range(3)]
    client.force_login(coworker)
    response = _post(client, _registration_url(meeting), {})
    assert response.status_code == 400
    assert response.json()["code"] == "full"
    assert not Registration.objects.filter(user=coworker).exists()

    response = _post(client, _registration_url(meeting), {"join_waitlist": True})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["waitlist_position"]) == ("waitlisted", 1)

    second = UserFactory()
    client.force_login(second)
    response = _post(client, _registration_url(meeting), {"join_waitlist": True})
    assert response.json()["waitlist_position"] == 2
    assert client.get(f"{MEETINGS}{meeting.pk}/").json()["waitlist_count"] == 2

    # Someone with a seat cancels: the first in line gets it.
    client.force_login(holders[0].user)
    assert client.delete(_registration_url(meeting)).status_code == 200
    client.force_login(coworker)
    mine = client.get(REGISTRATIONS).json()["results"]
    assert (mine[0]["status"], mine[0]["waitlist_position"]) == ("confirmed", None)
    client.force_login(second)
    assert client.get(REGISTRATIONS).json()["results"][0]["waitlist_position"] == 1

    # Leaving the waitlist yourself.
    response = client.delete(_registration_url(meeting))
    assert response.json()["status"] == "cancelled"


def test_sign_up_for_draft_cancelled_or_past_meetings(client, meeting, coworker):
    client.force_login(coworker)
    meeting.status = "draft"
    meeting.save()
    assert _post(client, _registration_url(meeting), {}).status_code == 404
    meeting.status = "cancelled"
    meeting.save()
    response = _post(client, _registration_url(meeting), {})
    assert (response.status_code, response.json()["code"]) == (400, "closed")
    past = MeetingFactory(
        starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now() - timedelta(hours=20)
    )
    assert _post(client, _registration_url(past), {}).json()["code"] == "closed"
    assert not Registration.objects.exists()


def test_attended_registration_cannot_be_cancelled(client, meeting, coworker):
    RegistrationFactory(meeting=meeting, user=coworker, status="attended")
    client.force_login(coworker)
    response = client.delete(_registration_url(meeting))
    assert (response.status_code, response.json()["code"]) == (400, "not_cancellable")


def test_registrations_lists_only_your_own(client, meeting, coworker):
    RegistrationFactory(meeting=meeting)
    own = RegistrationFactory(meeting=meeting, user=coworker)
    client.force_login(coworker)
    assert [row["id"] for row in client.get(REGISTRATIONS).json()["results"]] == [own.pk]


# --- Organisers: create, change, publish, cancel ------------------------------------------


def test_manager_creates_a_draft_meeting_at_their_hub(client, journey, manager):
    client.force_login(manager)
    response = _post(client, MEETINGS, _meeting_payload(online_url="https://meet.example.org/a"))
    assert response.status_code == 201, response.json()
    meeting = Meeting.objects.get()
    assert meeting.status == "draft"
    assert list(meeting.organisers.all()) == [manager]
    assert (meeting.hub.slug, meeting.capacity, meeting.journey) == ("samverket", 15, journey)
    data = response.json()
    assert (data["id"], data["status"], data["seats_left"]) == (meeting.pk, "draft", 15)
    assert data["online_url"] == "https://meet.example.org/a"


def test_naive_times_are_read_as_stockholm_time(client, journey, staff):
    client.force_login(staff)
    response = _post(
        client, MEETINGS, _meeting_payload(starts_at="2030-03-10T09:00", ends_at="2030-03-10T12:00")
    )
    assert response.status_code == 201, response.json()
    assert Meeting.objects.get().starts_at == datetime(2030, 3, 10, 8, 0, tzinfo=UTC)
    assert response.json()["starts_at"] == "2030-03-10T09:00:00+01:00"


def test_who_may_create_meetings(client, journey, coworker, other_manager, staff, admin):
    _assert_denied_json(_post(client, MEETINGS, _meeting_payload()))
    client.force_login(coworker)
    assert _post(client, MEETINGS, _meeting_payload()).status_code == 403
    client.force_login(other_manager)
    response = _post(client, MEETINGS, _meeting_payload())
    assert response.status_code == 400
    assert "hub" in response.json()
    assert _post(client, MEETINGS, _meeting_payload(hub="kollektivet")).status_code == 201
    for user in (staff, admin):
        client.force_login(user)
        assert _post(client, MEETINGS, _meeting_payload()).status_code == 201
    assert Meeting.objects.count() == 3


def test_drafts_of_other_journeys_cannot_get_meetings(client, hub, other_hub, other_manager):
    LearningJourneyFactory(slug="hemlig", status="draft", hub=hub)
    client.force_login(other_manager)
    response = _post(client, MEETINGS, _meeting_payload(journey="hemlig", hub="kollektivet"))
    assert response.status_code == 400
    assert "journey" in response.json()


def _shifted(hours):
    return (timezone.now() + timedelta(days=14, hours=hours)).replace(microsecond=0).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": _shifted(-1)}, "ends_at"),
        ({"hub": None}, "non_field_errors"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": MAX_CAPACITY + 1}, "capacity"),
        ({"facilitators": -1}, "facilitators"),
        (
            {"registration_opens_at": _shifted(-48), "registration_closes_at": _shifted(-72)},
            "registration_closes_at",
        ),
        (
            {"registration_opens_at": _shifted(-48), "registration_closes_at": _shifted(-48)},
            "registration_closes_at",
        ),
        ({"online_url": "not a link"}, "online_url"),
        ({"journey": "finns-inte"}, "journey"),
        ({"hub": "finns-inte"}, "hub"),
        ({"title": ""}, "title"),
        ({"kind": "rave"}, "kind"),
        ({"starts_at": "2030-02-30T10:00"}, "starts_at"),
    ],
)
def test_bad_meeting_input_is_400_with_field_errors(client, journey, manager, overrides, field):
    client.force_login(manager)
    response = _post(client, MEETINGS, _meeting_payload(**overrides))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Meeting.objects.exists()


def test_a_place_may_be_a_venue_or_a_link(client, journey, staff):
    client.force_login(staff)
    assert (
        _post(client, MEETINGS, _meeting_payload(hub=None, venue="Trondheim, Norge")).status_code
        == 201
    )
    response = _post(
        client, MEETINGS, _meeting_payload(hub=None, online_url="https://meet.example.org/b")
    )
    assert response.status_code == 201
    assert response.json()["online"] is True


def test_manager_changes_a_meeting(client, meeting, manager):
    client.force_login(manager)
    url = f"{MEETINGS}{meeting.pk}/"
    response = _patch(client, url, {"title": "Ny titel", "capacity": 12})
    assert response.status_code == 200, response.json()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.capacity) == ("Ny titel", 12)
    assert response.json()["seats_left"] == 12


def test_patch_checks_against_the_stored_values(client, meeting, manager):
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting)
    client.force_login(manager)
    url = f"{MEETINGS}{meeting.pk}/"
    before = (meeting.starts_at - timedelta(hours=1)).isoformat()
    response = _patch(client, url, {"ends_at": before})
    assert response.status_code == 400
    assert "ends_at" in response.json()
    response = _patch(client, url, {"hub": None})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    response = _patch(client, url, {"capacity": 1})
    assert response.status_code == 400
    assert "capacity" in response.json()
    response = _patch(client, url, {"registration_closes_at": timezone.now().isoformat()})
    assert response.status_code == 200
    response = _patch(
        client, url, {"registration_opens_at": (timezone.now() + timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 400
    assert "registration_closes_at" in response.json()
    response = _patch(client, url, {"hub": "kollektivet"})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert (meeting.capacity, meeting.hub.slug) == (3, "samverket")


def test_who_may_change_a_meeting(client, meeting, coworker, other_manager, staff):
    url = f"{MEETINGS}{meeting.pk}/"
    client.force_login(coworker)
    assert _patch(client, url, {"title": "x"}).status_code == 403
    client.force_login(other_manager)
    assert _patch(client, url, {"title": "x"}).status_code == 403
    meeting.status = "draft"
    meeting.save()
    assert _patch(client, url, {"title": "x"}).status_code == 404
    client.force_login(staff)
    assert _patch(client, url, {"title": "Region"}).status_code == 200
    meeting.refresh_from_db()
    assert meeting.title == "Region"


def test_named_organiser_may_change_a_meeting_elsewhere(client, meeting, other_manager):
    meeting.organisers.add(other_manager)
    client.force_login(other_manager)
    assert _patch(client, f"{MEETINGS}{meeting.pk}/", {"theme": "Agenda 2030"}).status_code == 200


def test_cancelled_meeting_cannot_be_changed(client, meeting, manager):
    meeting.status = "cancelled"
    meeting.save()
    client.force_login(manager)
    response = _patch(client, f"{MEETINGS}{meeting.pk}/", {"title": "x"})
    assert (response.status_code, response.json()["code"]) == (400, "cancelled")


def test_publish_and_cancel(client, meeting, manager, coworker, other_manager):
    meeting.status = "draft"
    meeting.save()
    publish = f"{MEETINGS}{meeting.pk}/publish/"
    cancel = f"{MEETINGS}{meeting.pk}/cancel/"
    _assert_denied_json(_post(client, publish))
    client.force_login(coworker)
    assert _post(client, publish).status_code == 404  # a draft they cannot see
    client.force_login(other_manager)
    assert _post(client, publish).status_code == 404

    client.force_login(manager)
    response = _post(client, publish)
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]

    guest = RegistrationFactory(meeting=meeting, user=None, email="gast@example.org", name="Gäst")
    client.force_login(other_manager)
    assert _post(client, cancel).status_code == 403
    client.force_login(coworker)
    assert _post(client, cancel).status_code == 403
    client.force_login(manager)
    response = _post(client, cancel)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert OutboxEmail.objects.filter(to=guest.email).exists()
    # Cancelling twice changes nothing; publishing again is refused.
    assert _post(client, cancel).status_code == 200
    response = _post(client, publish)
    assert (response.status_code, response.json()["code"]) == (400, "cancelled")


def test_attendees_for_organisers_only(client, meeting, manager, other_manager, coworker, staff):
    person = UserFactory(name="Anna Berg", email="anna@example.org")
    RegistrationFactory(meeting=meeting, user=person, name="")
    RegistrationFactory(
        meeting=meeting,
        user=None,
        email="gast@example.org",
        name="Gäst Gästsson",
        status="waitlisted",
    )
    RegistrationFactory(
        meeting=meeting, user=None, email="borta@example.org", name="Borta", status="cancelled"
    )
    url = f"{MEETINGS}{meeting.pk}/attendees/"
    _assert_denied_json(client.get(url))
    for user in (coworker, other_manager):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(manager)
    rows = client.get(url).json()["results"]
    assert [(r["name"], r["email"], r["status"], r["waitlist_position"]) for r in rows] == [
        ("Anna Berg", "anna@example.org", "confirmed", None),
        ("Gäst Gästsson", "gast@example.org", "waitlisted", 1),
    ]
    cancelled = client.get(url, {"status": "cancelled"}).json()["results"]
    assert [r["email"] for r in cancelled] == ["borta@example.org"]
    assert client.get(url, {"status": "nope"}).status_code == 400
    client.force_login(staff)
    assert client.get(url).json()["count"] == 2
    assert client.get(f"{MEETINGS}999999/attendees/").status_code == 404


def test_journey_manager_organises_meetings_at_other_hubs(client, other_hub, journey, manager):
    # The journey's lead hub is Samverket: its manager organises the journey's meetings.
    elsewhere = MeetingFactory(journey=journey, hub=other_hub)
    client.force_login(manager)
    assert client.get(f"{MEETINGS}{elsewhere.pk}/attendees/").status_code == 200


def test_new_manager_of_the_venue_hub_may_organise(client, meeting):
    venue_manager = HubManagerFactory(hub=meeting.hub).user
    other_journey = LearningJourneyFactory(hub=None)
    meeting.journey = other_journey
    meeting.save()
    client.force_login(venue_manager)
    assert _post(client, f"{MEETINGS}{meeting.pk}/cancel/").status_code == 200


# --- Schema -----------------------------------------------------------------------------------


def test_schema_has_the_learning_journey_paths(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    paths = response.json()["paths"]
    for path, methods in {
        "/api/learning-journeys/": {"get"},
        "/api/learning-journeys/{slug}/": {"get"},
        "/api/meetings/": {"get", "post"},
        "/api/meetings/{id}/": {"get", "patch"},
        "/api/meetings/{id}/publish/": {"post"},
        "/api/meetings/{id}/cancel/": {"post"},
        "/api/meetings/{id}/attendees/": {"get"},
        "/api/meetings/{id}/registration/": {"post", "delete"},
        "/api/registrations/": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
    params = {p["name"] for p in paths["/api/meetings/"]["get"]["parameters"]}
    assert {"hub", "municipality", "theme", "mode", "upcoming", "journey", "page"} <= params


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/meetings/{id}/registration/" in target.read_text()


# --- Found by tests/test_api_schemathesis.py ---------------------------------------------


def test_organisers_see_no_online_link_as_null_not_empty(client, meeting, manager):
    # The schema says the link is a URL or null; a meeting without one said "".
    client.force_login(manager)
    assert meeting.online_url == ""
    assert client.get(f"{MEETINGS}{meeting.pk}/").json()["online_url"] is None
    response = _patch(client, f"{MEETINGS}{meeting.pk}/", {"title": "Ny titel"})
    assert response.status_code == 200, response.json()
    assert response.json()["online_url"] is None


def test_meeting_in_a_year_outside_2000_2099_is_refused(client, journey, manager):
    client.force_login(manager)
    payload = _meeting_payload(
        starts_at="1850-06-01T10:00:00+01:00", ends_at="1850-06-01T12:00:00+01:00"
    )
    response = _post(client, MEETINGS, payload)
    assert response.status_code == 400
    assert {"starts_at", "ends_at"} <= set(response.json())
    response = _post(client, MEETINGS, _meeting_payload(registration_closes_at="2200-01-01T10:00"))
    assert response.status_code == 400
    assert "registration_closes_at" in response.json()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("value", ["null", "yes", "1"])
def test_upcoming_filter_refuses_what_is_not_true_or_false(client, meeting, value):
    response = client.get(MEETINGS, {"upcoming": value})
    assert response.status_code == 400
    assert "upcoming" in response.json()
    assert client.get(MEETINGS, {"upcoming": "true"}).json()["count"] == 1
    assert client.get(MEETINGS, {"upcoming": "false"}).json()["count"] == 0
