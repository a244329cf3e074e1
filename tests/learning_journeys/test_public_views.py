"""The public and coworker pages of learning journeys: the list, journey and
meeting pages, one-click sign-up and the waitlist, guest sign-up with double
opt-in, signed links (confirm, cancel, feedback), my sign-ups and feedback."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from coworking_region.models import OutboxEmail
from learning_journeys import links, services
from learning_journeys.models import CalendarFeed, Feedback, Insight, MeetingReport, Registration
from tests.factories import (
    HubFactory,
    LearningJourneyFactory,
    MeetingFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

RS = Registration.Status

INDEX = reverse("learning_journeys:index")
MY = reverse("learning_journeys:my-registrations")


def meeting_url(meeting, name="meeting-detail"):
    return reverse(f"learning_journeys:{name}", kwargs={"pk": meeting.pk})


def link_url(name, registration, salt):
    return reverse(f"learning_journeys:{name}", kwargs={"signed": links.sign(registration, salt)})


def html_ids(response, attr):
    """Values of a data-attribute in the page, in order."""
    return re.findall(rf'{attr}="([^"]*)"', response.content.decode())


# --- The list -------------------------------------------------------------------------


@pytest.mark.django_db
def test_index_lists_upcoming_public_meetings_and_journeys(client):
    soon = MeetingFactory(title="Soon")
    later = MeetingFactory(
        title="Later", starts_at=timezone.now() + timedelta(days=20), hub=soon.hub
    )
    cancelled = MeetingFactory(status="cancelled")
    draft = MeetingFactory(status="draft")
    past = MeetingFactory(starts_at=timezone.now() - timedelta(days=3))
    draft_journey = LearningJourneyFactory(status="draft")

    response = client.get(INDEX)

    assert response.status_code == 200
    shown = [int(pk) for pk in html_ids(response, "data-meeting")]
    assert shown == [soon.pk, cancelled.pk, later.pk] or shown == [cancelled.pk, soon.pk, later.pk]
    assert draft.pk not in shown and past.pk not in shown
    assert f'data-meeting="{cancelled.pk}" data-status="cancelled"' in response.content.decode()
    journeys = html_ids(response, "data-journey")
    assert soon.journey.slug in journeys
    assert draft_journey.slug not in journeys
    assert 'id="my-registrations-link"' not in response.content.decode()


@pytest.mark.django_db
def test_index_shows_seats_left_and_my_signups_link(client, coworker):
    meeting = MeetingFactory(capacity=3)
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status="waitlisted")
    RegistrationFactory(meeting=meeting, status="cancelled")
    client.force_login(coworker)

    response = client.get(INDEX)

    assert (
        f'data-meeting="{meeting.pk}" data-status="published" data-seats-left="1"'
        in response.content.decode()
    )
    assert 'id="my-registrations-link"' in response.content.decode()
    assert 'id="organise-link"' not in response.content.decode()


@pytest.mark.django_db
def test_index_links_organisers_to_their_pages(client, manager, staff):
    for user in (manager, staff):
        client.force_login(user)
        assert 'id="organise-link"' in client.get(INDEX).content.decode()


@pytest.mark.django_db
def test_index_filters(client):
    ostersund = MunicipalityFactory()
    are = MunicipalityFactory(code="2321", name="Åre")
    hub_a = HubFactory(municipality=ostersund)
    hub_b = HubFactory(municipality=are)
    at_a = MeetingFactory(hub=hub_a, theme="Hybrid work")
    at_b = MeetingFactory(
        hub=hub_b, theme="Agenda 2030", title="Net zero", journey__theme="Climate"
    )
    online = MeetingFactory(hub=None, online_url="https://meet.example.org/x", theme="Hybrid work")

    def shown(**params):
        response = client.get(INDEX, params)
        assert response.status_code == 200
        return {int(pk) for pk in html_ids(response, "data-meeting")}

    assert shown() == {at_a.pk, at_b.pk, online.pk}
    assert shown(hub=hub_a.slug) == {at_a.pk}
    assert shown(municipality="2321") == {at_b.pk}
    assert shown(theme="hybrid") == {at_a.pk, online.pk}
    assert shown(theme="net zero") == {at_b.pk}
    assert shown(mode="online") == {online.pk}
    assert shown(mode="on_site") == {at_a.pk, at_b.pk}
    assert shown(mode="on_site", theme="hybrid") == {at_a.pk}


@pytest.mark.django_db
def test_index_invalid_filter_is_an_error_not_a_crash(client):
    meeting = MeetingFactory()
    response = client.get(INDEX, {"hub": "no-such-hub", "mode": "teleport", "theme": "x" * 500})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="hub"' in content and 'aria-invalid="true"' in content
    # Invalid filters are ignored: everything is shown.
    assert str(meeting.pk) in html_ids(response, "data-meeting")


@pytest.mark.django_db
def test_index_query_count_does_not_grow_with_meetings(
    client, coworker, django_assert_max_num_queries
):
    for _ in range(4):
        meeting = MeetingFactory(journey=LearningJourneyFactory())
        RegistrationFactory.create_batch(2, meeting=meeting)
        RegistrationFactory(meeting=meeting, status="waitlisted")
    client.force_login(coworker)
    # 1 session, 2 user, 3 hubs (filter), 4 municipalities (filter),
    # 5 meetings with hub, municipality, journey and seat counts, 6 journeys.
    with django_assert_max_num_queries(8):
        response = client.get(INDEX, {"theme": "agenda"})
    assert len(html_ids(response, "data-meeting")) == 4


# --- Journey page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_journey_detail_timeline_report_and_insights(client):
    organisation = OrganisationFactory(name="Länsstyrelsen")
    journey = LearningJourneyFactory(description="Why we travel", goals="Learn together")
    journey.organisations.add(organisation)
    held = MeetingFactory(
        journey=journey,
        starts_at=timezone.now() - timedelta(days=40),
        ends_at=timezone.now() - timedelta(days=40) + timedelta(hours=3),
    )
    report = MeetingReport.objects.create(meeting=held, participants=15, facilitators=2)
    report.organisations.add(organisation)
    small = MeetingFactory(
        journey=journey,
        starts_at=timezone.now() - timedelta(days=20),
        ends_at=timezone.now() - timedelta(days=20) + timedelta(hours=3),
    )
    MeetingReport.objects.create(meeting=small, participants=3, facilitators=1)
    upcoming = MeetingFactory(journey=journey)
    draft = MeetingFactory(journey=journey, status="draft")
    Insight.objects.create(journey=journey, meeting=held, kind="works", text="Hybrid meetings work")
    Insight.objects.create(journey=journey, kind="next_step", text="Visit Trondheim")
    Insight.objects.create(
        journey=journey, meeting=draft, kind="works", text="Secret draft insight"
    )

    response = client.get(journey.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    shown = {int(pk) for pk in html_ids(response, "data-meeting")}
    assert shown == {held.pk, small.pk, upcoming.pk}
    assert 'data-report-participants="15" data-report-facilitators="2"' in content
    assert 'data-report-participants="&lt;5"' in content
    assert html_ids(response, "data-insight-kind") == ["works", "next_step"]
    assert "Hybrid meetings work" in content and "Visit Trondheim" in content
    assert "Secret draft insight" not in content
    assert "Länsstyrelsen" in content


@pytest.mark.django_db
def test_journey_detail_query_count(client, django_assert_max_num_queries):
    journey = LearningJourneyFactory()
    journey.organisations.add(OrganisationFactory(), OrganisationFactory())
    for days in (10, 20, 30):
        start = timezone.now() - timedelta(days=days)
        held = MeetingFactory(journey=journey, starts_at=start, ends_at=start + timedelta(hours=2))
        report = MeetingReport.objects.create(meeting=held, participants=12, facilitators=2)
        report.organisations.add(OrganisationFactory())
        Insight.objects.create(journey=journey, meeting=held, kind="works", text=f"Insight {days}")
    MeetingFactory.create_batch(2, journey=journey)
    # 1 journey, 2 its organisations, 3 meetings with hubs, reports and seat
    # counts, 4 the reports' organisations, 5 insights with meetings.
    with django_assert_max_num_queries(5):
        response = client.get(journey.get_absolute_url())
    assert len(html_ids(response, "data-meeting")) == 5
    assert len(html_ids(response, "data-report-participants")) == 3


@pytest.mark.django_db
def test_draft_journey_is_404_for_public_and_visible_to_its_managers(
    client, hub, coworker, manager, staff
):
    journey = LearningJourneyFactory(status="draft", hub=hub)
    url = journey.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(coworker)
    assert client.get(url).status_code == 404
    client.force_login(manager)
    assert client.get(url).status_code == 200
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("learning_journeys:journey-detail", kwargs={"slug": "nope"})).status_code
        == 404
    )


# --- Meeting page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_meeting_detail_for_anonymous_offers_login_and_guest_signup(client):
    meeting = MeetingFactory(capacity=5, online_url="https://meet.example.org/abc")
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting, status="waitlisted")

    response = client.get(meeting_url(meeting))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-seats-left="4"' in content
    assert 'data-waitlisted="1"' in content
    assert 'data-open="true"' in content
    assert f'href="{reverse("account_login")}?next={meeting_url(meeting)}"' in content
    assert meeting_url(meeting, "guest-register") in content
    assert meeting_url(meeting, "meeting-ics") in content
    assert meeting.hub.get_absolute_url() in content
    assert 'id="signup-button"' not in content
    assert 'id="organise-link"' not in content


@pytest.mark.django_db
def test_meeting_detail_shows_times_in_stockholm(client):
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    content = client.get(meeting_url(meeting)).content.decode()
    assert 'datetime="2026-06-01T10:00:00+02:00"' in content
    assert 'datetime="2026-06-01T12:00:00+02:00"' in content


@pytest.mark.django_db
def test_meeting_detail_signup_button_or_waitlist_when_full(client, coworker):
    meeting = MeetingFactory(capacity=1)
    client.force_login(coworker)
    content = client.get(meeting_url(meeting)).content.decode()
    assert 'id="signup-button"' in content and 'id="waitlist-button"' not in content

    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting, status="waitlisted")
    content = client.get(meeting_url(meeting)).content.decode()
    assert 'id="waitlist-button"' in content and 'id="signup-button"' not in content
    assert 'name="join_waitlist" value="1"' in content
    assert 'data-waitlisted="1"' in content


@pytest.mark.django_db
def test_meeting_detail_shows_my_registration(client, coworker):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting, status="waitlisted")
    RegistrationFactory(meeting=meeting, user=coworker, status="waitlisted")
    client.force_login(coworker)
    content = client.get(meeting_url(meeting)).content.decode()
    assert 'id="my-registration" data-status="waitlisted" data-position="2"' in content
    assert 'id="cancel-button"' in content
    assert 'id="signup-button"' not in content and 'id="waitlist-button"' not in content


@pytest.mark.django_db
def test_meeting_detail_closed_registration(client, coworker):
    meeting = MeetingFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(coworker)
    content = client.get(meeting_url(meeting)).content.decode()
    assert 'data-open="false"' in content
    assert 'id="signup-closed"' in content and 'id="signup-button"' not in content


@pytest.mark.django_db
def test_draft_meeting_is_404_for_public_previewable_by_organisers(
    client, hub, coworker, manager, other_manager
):
    meeting = MeetingFactory(status="draft", hub=hub)
    url = meeting_url(meeting)
    assert client.get(url).status_code == 404
    assert client.get(meeting_url(meeting, "meeting-ics")).status_code == 404
    assert client.get(meeting_url(meeting, "guest-register")).status_code == 404
    client.force_login(coworker)
    assert client.get(url).status_code == 404
    client.force_login(other_manager)
    assert client.get(url).status_code == 404
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    organise = reverse("learning_journeys:organise-attendees", kwargs={"pk": meeting.pk})
    assert f'href="{organise}"' in response.content.decode()
    # Even organisers cannot sign up for a draft.
    client.post(meeting_url(meeting, "meeting-register"))
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_unknown_meeting_is_404(client):
    assert (
        client.get(reverse("learning_journeys:meeting-detail", kwargs={"pk": 999999})).status_code
        == 404
    )


# --- Signing up as a logged-in user ---------------------------------------------------------


@pytest.mark.django_db
def test_one_click_signup(client, coworker):
    meeting = MeetingFactory()
    client.force_login(coworker)

    response = client.post(meeting_url(meeting, "meeting-register"))

    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    registration = Registration.objects.get(meeting=meeting, user=coworker)
    assert registration.status == RS.CONFIRMED
    assert registration.email == coworker.email
    assert OutboxEmail.objects.filter(to=coworker.email).count() == 1
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["success"]


@pytest.mark.django_db
def test_signup_with_organisation(client, coworker):
    meeting = MeetingFactory()
    organisation = OrganisationFactory()
    client.force_login(coworker)
    client.post(meeting_url(meeting, "meeting-register"), {"organisation": organisation.pk})
    assert Registration.objects.get(user=coworker).organisation == organisation

    other = MeetingFactory()
    client.post(
        meeting_url(other, "meeting-register"),
        {"organisation": "", "organisation_name": "Byrån AB"},
    )
    registration = Registration.objects.get(user=coworker, meeting=other)
    assert registration.organisation is None and registration.organisation_name == "Byrån AB"


@pytest.mark.django_db
def test_signup_with_bad_organisation_changes_nothing(client, coworker):
    meeting = MeetingFactory()
    client.force_login(coworker)
    response = client.post(
        meeting_url(meeting, "meeting-register"), {"organisation": "99999"}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_signup_twice_is_refused(client, coworker):
    meeting = MeetingFactory()
    client.force_login(coworker)
    client.post(meeting_url(meeting, "meeting-register"), follow=True)
    response = client.post(meeting_url(meeting, "meeting-register"), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Registration.objects.filter(user=coworker).count() == 1


@pytest.mark.django_db
def test_signup_when_full_needs_the_waitlist_choice(client, coworker):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    client.force_login(coworker)

    response = client.post(meeting_url(meeting, "meeting-register"), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Registration.objects.filter(user=coworker).exists()

    client.post(meeting_url(meeting, "meeting-register"), {"join_waitlist": "1"})
    assert Registration.objects.get(user=coworker).status == RS.WAITLISTED


@pytest.mark.django_db
def test_signup_when_closed_changes_nothing(client, coworker):
    meeting = MeetingFactory(status="cancelled")
    client.force_login(coworker)
    response = client.post(meeting_url(meeting, "meeting-register"), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_signup_needs_login_and_post(client, coworker):
    meeting = MeetingFactory()
    response = client.post(meeting_url(meeting, "meeting-register"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Registration.objects.exists()
    client.force_login(coworker)
    assert client.get(meeting_url(meeting, "meeting-register")).status_code == 405
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_waitlist_flow_fill_cancel_promote(client):
    meeting = MeetingFactory(capacity=2)
    first, second, third, fourth = UserFactory.create_batch(4)
    for user in (first, second, third, fourth):
        client.force_login(user)
        client.post(meeting_url(meeting, "meeting-register"), {"join_waitlist": "1"})

    status = dict(Registration.objects.values_list("user_id", "status"))
    assert status == {
        first.pk: RS.CONFIRMED,
        second.pk: RS.CONFIRMED,
        third.pk: RS.WAITLISTED,
        fourth.pk: RS.WAITLISTED,
    }
    client.force_login(fourth)
    content = client.get(meeting_url(meeting)).content.decode()
    assert 'data-status="waitlisted" data-position="2"' in content

    client.force_login(first)
    response = client.post(meeting_url(meeting, "meeting-cancel-own"))
    assert response.status_code == 302

    status = dict(Registration.objects.values_list("user_id", "status"))
    assert status == {
        first.pk: RS.CANCELLED,
        second.pk: RS.CONFIRMED,
        third.pk: RS.CONFIRMED,
        fourth.pk: RS.WAITLISTED,
    }
    assert OutboxEmail.objects.filter(to=third.email, dedupe_key__isnull=False).count() >= 2
    client.force_login(fourth)
    content = client.get(meeting_url(meeting)).content.decode()
    assert 'data-status="waitlisted" data-position="1"' in content

    # Anyone can leave the waitlist themselves.
    client.post(meeting_url(meeting, "meeting-cancel-own"))
    assert Registration.objects.get(user=fourth).status == RS.CANCELLED
    assert Registration.objects.filter(meeting=meeting, status=RS.CONFIRMED).count() == 2


@pytest.mark.django_db
def test_cancel_own_without_registration_changes_nothing(client, coworker):
    meeting = MeetingFactory()
    other = RegistrationFactory(meeting=meeting)
    client.force_login(coworker)
    response = client.post(meeting_url(meeting, "meeting-cancel-own"), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    other.refresh_from_db()
    assert other.status == RS.CONFIRMED


@pytest.mark.django_db
def test_cancel_own_redirects_to_safe_next_only(client, coworker):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, user=coworker)
    client.force_login(coworker)
    response = client.post(
        meeting_url(meeting, "meeting-cancel-own"), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == meeting_url(meeting)
    assert Registration.objects.get(user=coworker).status == RS.CANCELLED

    other = MeetingFactory()
    RegistrationFactory(meeting=other, user=coworker)
    response = client.post(meeting_url(other, "meeting-cancel-own"), {"next": MY})
    assert response["Location"] == MY


# --- Guests ----------------------------------------------------------------------------------


GUEST = {
    "name": "Greta Gäst",
    "email": "greta@myndighet.example",
    "organisation_name": "Myndigheten",
    "consent": "on",
}


@pytest.mark.django_db
def test_guest_signup_holds_no_seat_until_confirmed(client):
    meeting = MeetingFactory(capacity=1)
    response = client.get(meeting_url(meeting, "guest-register"))
    assert response.status_code == 200
    assert 'id="guest-waitlist-note"' not in response.content.decode()

    response = client.post(meeting_url(meeting, "guest-register"), GUEST)

    assert response.status_code == 200
    assert 'id="guest-check-email"' in response.content.decode()
    registration = Registration.objects.get(meeting=meeting)
    assert registration.status == RS.PENDING and registration.user is None
    assert registration.organisation_name == "Myndigheten"
    assert services.seat_state(meeting).free == 1
    email = OutboxEmail.objects.get(to=GUEST["email"])
    signed = re.search(r"/laranderesor/bekrafta/([^/\s]+)/", email.body).group(1)
    assert links.resolve(signed, links.CONFIRM_SALT, max_age=links.CONFIRM_MAX_AGE) == registration

    # A user takes the only seat meanwhile: the guest confirms onto the waitlist.
    RegistrationFactory(meeting=meeting)
    response = client.get(meeting_url(meeting, "guest-register"))
    assert 'id="guest-waitlist-note"' in response.content.decode()
    confirm = link_url("guest-confirm", registration, links.CONFIRM_SALT)
    response = client.post(confirm)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RS.WAITLISTED
    assert 'data-status="waitlisted" data-position="1"' in response.content.decode()


@pytest.mark.django_db
def test_guest_confirm_get_does_nothing_post_confirms(client):
    meeting = MeetingFactory()
    client.post(meeting_url(meeting, "guest-register"), GUEST)
    registration = Registration.objects.get()
    url = link_url("guest-confirm", registration, links.CONFIRM_SALT)

    response = client.get(url)
    assert response.status_code == 200 and 'id="confirm-button"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RS.PENDING
    assert not OutboxEmail.objects.filter(dedupe_key=f"lj:confirmed:{registration.pk}").exists()

    response = client.post(url)
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED
    assert 'id="registration-status" data-status="confirmed"' in response.content.decode()
    # Confirming again changes nothing and does not fail.
    assert client.post(url).status_code == 200
    assert Registration.objects.get().status == RS.CONFIRMED


@pytest.mark.django_db
def test_guest_confirm_bad_or_expired_link_is_a_friendly_404(client):
    registration = RegistrationFactory(
        user=None, email="g@example.org", status="pending", confirmed_at=None
    )
    good = links.sign(registration, links.CONFIRM_SALT)
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    for signed in (tampered, "garbage", links.sign(registration, links.CANCEL_SALT)):
        response = client.get(reverse("learning_journeys:guest-confirm", kwargs={"signed": signed}))
        assert response.status_code == 404
        assert 'id="link-invalid"' in response.content.decode()
        assert (
            client.post(
                reverse("learning_journeys:guest-confirm", kwargs={"signed": signed})
            ).status_code
            == 404
        )

    old = timezone.now().timestamp() - links.CONFIRM_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=old):
        expired = links.sign(registration, links.CONFIRM_SALT)
    response = client.post(reverse("learning_journeys:guest-confirm", kwargs={"signed": expired}))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RS.PENDING


@pytest.mark.django_db
def test_guest_confirm_when_meeting_closed_shows_the_reason(client):
    registration = RegistrationFactory(
        user=None, email="g@example.org", status="pending", confirmed_at=None
    )
    services.meeting_cancel(meeting=registration.meeting)
    response = client.post(link_url("guest-confirm", registration, links.CONFIRM_SALT))
    assert response.status_code == 200
    assert 'id="confirm-error"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RS.PENDING


@pytest.mark.django_db
def test_guest_signup_invalid_form_rerenders_with_errors(client):
    meeting = MeetingFactory()
    response = client.post(
        meeting_url(meeting, "guest-register"), {**GUEST, "email": "not-an-email", "consent": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="guest-form-errors"' in content
    assert re.search(r'<input[^>]*name="email"[^>]*aria-invalid="true"', content)
    assert re.search(r'<input[^>]*name="consent"[^>]*aria-invalid="true"', content)
    assert 'aria-describedby="id_email_error"' in content or "id_email_error" in content
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_guest_signup_again_with_same_email(client):
    meeting = MeetingFactory()
    client.post(meeting_url(meeting, "guest-register"), GUEST)
    # Still pending: the link is sent again, no second registration.
    response = client.post(meeting_url(meeting, "guest-register"), GUEST)
    assert 'id="guest-check-email"' in response.content.decode()
    assert Registration.objects.count() == 1

    registration = Registration.objects.get()
    client.post(link_url("guest-confirm", registration, links.CONFIRM_SALT))
    response = client.post(
        meeting_url(meeting, "guest-register"), {**GUEST, "email": GUEST["email"].upper()}
    )
    assert response.status_code == 200
    assert 'id="guest-form-errors"' in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_guest_signup_redirects_logged_in_users_and_respects_closing(client, coworker):
    meeting = MeetingFactory()
    client.force_login(coworker)
    response = client.get(meeting_url(meeting, "guest-register"))
    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    client.logout()

    closed = MeetingFactory(status="cancelled")
    response = client.get(meeting_url(closed, "guest-register"))
    assert response.status_code == 200 and 'id="signup-closed"' in response.content.decode()
    client.post(meeting_url(closed, "guest-register"), GUEST)
    assert not Registration.objects.exists()


# --- Cancel through the signed link ----------------------------------------------------------


@pytest.mark.django_db
def test_link_cancel_without_login_frees_the_seat_and_promotes(client):
    meeting = MeetingFactory(capacity=1)
    registration = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status="waitlisted")
    url = link_url("link-cancel", registration, links.CANCEL_SALT)

    response = client.get(url)
    assert response.status_code == 200
    assert 'id="link-cancel-button"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED

    response = client.post(url)
    assert response.status_code == 200
    assert 'id="cancel-done"' in response.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RS.CANCELLED
    assert waiting.status == RS.CONFIRMED

    # Already cancelled: the page says so and offers no button.
    response = client.get(url)
    content = response.content.decode()
    assert 'data-status="cancelled"' in content and 'id="link-cancel-button"' not in content
    assert client.post(url).status_code == 200


@pytest.mark.django_db
def test_link_cancel_tampered_or_wrong_salt_is_404(client):
    registration = RegistrationFactory()
    for signed in (
        "x" * 20,
        links.sign(registration, links.CONFIRM_SALT),
        links.sign(registration, links.CANCEL_SALT) + "x",
    ):
        url = reverse("learning_journeys:link-cancel", kwargs={"signed": signed})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED


@pytest.mark.django_db
def test_link_dies_with_anonymisation(client):
    registration = RegistrationFactory()
    url = link_url("link-cancel", registration, links.CANCEL_SALT)
    Registration.objects.filter(pk=registration.pk).update(
        token=None, user=None, anonymised_at=timezone.now()
    )
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_link_cancel_after_check_in_is_refused(client):
    registration = RegistrationFactory(status="attended")
    response = client.post(link_url("link-cancel", registration, links.CANCEL_SALT))
    assert response.status_code == 200
    assert 'id="link-cancel-button"' not in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RS.ATTENDED


# --- My sign-ups -------------------------------------------------------------------------------


def _past_meeting(**kwargs):
    start = timezone.now() - timedelta(days=5)
    return MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2), **kwargs)


@pytest.mark.django_db
def test_my_registrations(client, coworker, django_assert_max_num_queries):
    upcoming = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=upcoming)
    RegistrationFactory(meeting=upcoming, status="waitlisted")
    mine_waiting = RegistrationFactory(meeting=upcoming, user=coworker, status="waitlisted")
    confirmed = RegistrationFactory(user=coworker)
    past = _past_meeting()
    past_mine = RegistrationFactory(meeting=past, user=coworker)
    answered = _past_meeting()
    answered_mine = RegistrationFactory(meeting=answered, user=coworker, status="attended")
    Feedback.objects.create(meeting=answered, registration=answered_mine, rating=4)
    RegistrationFactory(meeting=_past_meeting(), user=coworker, status="no_show")
    RegistrationFactory()  # someone else's
    client.force_login(coworker)

    # 1 session, 2 user, 3 registrations with meetings, hubs, waitlist
    # positions and feedback flags, 4-7 the feed: select, then savepoint,
    # insert, release on the first visit.
    with django_assert_max_num_queries(7):
        response = client.get(MY)

    assert response.status_code == 200
    content = response.content.decode()
    assert (
        f'data-registration="{mine_waiting.pk}" data-status="waitlisted" data-position="2"'
        in content
    )
    assert f'data-registration="{confirmed.pk}" data-status="confirmed"' in content
    assert (
        f'data-cancel="{upcoming.pk}"' in content
        and f'data-cancel="{confirmed.meeting.pk}"' in content
    )
    assert f'data-cancel="{past.pk}"' not in content
    assert f'data-feedback="{past.pk}"' in content
    assert f'data-feedback="{answered.pk}"' not in content
    assert f'data-registration="{past_mine.pk}"' in content
    assert len(html_ids(response, "data-registration")) == 5
    feed = CalendarFeed.objects.get(user=coworker)
    assert feed.get_absolute_url() in content


@pytest.mark.django_db
def test_calendar_feed_reset(client, coworker):
    client.force_login(coworker)
    client.get(MY)
    old = CalendarFeed.objects.get(user=coworker).token
    assert client.get(reverse("learning_journeys:calendar-feed-reset")).status_code == 405
    response = client.post(reverse("learning_journeys:calendar-feed-reset"))
    assert response.status_code == 302 and response["Location"] == MY
    new = CalendarFeed.objects.get(user=coworker).token
    assert new != old
    assert (
        client.get(reverse("learning_journeys:calendar-feed", kwargs={"token": old})).status_code
        == 404
    )
    assert (
        client.get(reverse("learning_journeys:calendar-feed", kwargs={"token": new})).status_code
        == 200
    )


@pytest.mark.django_db
def test_my_registrations_needs_login(client):
    response = client.get(MY)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    response = client.post(reverse("learning_journeys:calendar-feed-reset"))
    assert response.status_code == 302 and not CalendarFeed.objects.exists()


# --- Feedback ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_feedback_as_logged_in_participant(client, coworker):
    meeting = _past_meeting()
    registration = RegistrationFactory(meeting=meeting, user=coworker, status="attended")
    client.force_login(coworker)
    url = meeting_url(meeting, "meeting-feedback")

    assert 'id="feedback-link"' in client.get(meeting_url(meeting)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert re.search(r"<fieldset[^>]*>\s*<legend", content)
    assert content.count('type="radio" name="rating"') == 5

    response = client.post(url, {"rating": "9", "comment": "x"})
    assert response.status_code == 200
    assert 'id="feedback-form-errors"' in response.content.decode()
    assert not Feedback.objects.exists()

    response = client.post(
        url, {"rating": "4", "will_do_differently": "Work from the hub", "comment": "Good"}
    )
    assert response.status_code == 302 and response["Location"] == MY
    feedback = Feedback.objects.get()
    assert (feedback.registration, feedback.rating, feedback.will_do_differently) == (
        registration,
        4,
        "Work from the hub",
    )

    # Once only; the meeting page no longer offers it.
    assert 'id="feedback-link"' not in client.get(meeting_url(meeting)).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"rating": "5"}).status_code == 403
    assert Feedback.objects.count() == 1


@pytest.mark.django_db
def test_feedback_not_allowed_is_a_friendly_403(client, coworker):
    client.force_login(coworker)
    upcoming = RegistrationFactory(user=coworker)
    response = client.get(meeting_url(upcoming.meeting, "meeting-feedback"))
    assert response.status_code == 403 and 'id="feedback-unavailable"' in response.content.decode()
    not_mine = _past_meeting()
    RegistrationFactory(meeting=not_mine)
    assert client.get(meeting_url(not_mine, "meeting-feedback")).status_code == 403
    assert (
        client.post(meeting_url(not_mine, "meeting-feedback"), {"rating": "5"}).status_code == 403
    )
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_feedback_through_signed_link_for_guests(client):
    meeting = _past_meeting()
    registration = RegistrationFactory(meeting=meeting, user=None, email="g@example.org")
    url = link_url("link-feedback", registration, links.FEEDBACK_SALT)
    assert client.get(url).status_code == 200
    response = client.post(url, {"rating": "3"})
    assert response.status_code == 200 and 'id="feedback-thanks"' in response.content.decode()
    assert Feedback.objects.get().registration == registration
    assert client.get(url).status_code == 403

    bad = reverse(
        "learning_journeys:link-feedback",
        kwargs={"signed": links.sign(registration, links.CANCEL_SALT)},
    )
    assert client.get(bad).status_code == 404
    assert client.post(bad, {"rating": "3"}).status_code == 404
