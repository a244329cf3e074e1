"""Signing up, the waitlist, reservations, attendance, reports, feedback,
notifications and anonymisation: the rules in learning_journeys.services."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coworking_region.models import OutboxEmail
from learning_journeys import services
from learning_journeys.models import Feedback, Meeting, MeetingReservation, Registration
from learning_journeys.services import RegistrationError
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
RS = Registration.Status


def emails_to(address: str) -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(to=address).order_by("id"))


def keys_to(address: str) -> list[str]:
    return [e.dedupe_key or "" for e in emails_to(address)]


@pytest.fixture
def meeting(hub):
    return MeetingFactory(hub=hub, capacity=2)


def test_sign_up_confirms_and_queues_a_confirmation_with_calendar_file(meeting, coworker):
    registration = services.register_user(meeting=meeting, user=coworker)
    assert registration.status == RS.CONFIRMED
    assert registration.email == coworker.email
    (email,) = emails_to(coworker.email)
    assert email.dedupe_key == f"lj:confirmed:{registration.pk}"
    assert email.attachments[0]["mimetype"] == "text/calendar"
    assert "BEGIN:VEVENT" in email.attachments[0]["content"]
    # The cancel link is in the email body, never in the calendar file.
    assert "/laranderesor/avboka/" in email.body
    assert "avboka" not in email.attachments[0]["content"]
    assert registration.token not in email.attachments[0]["content"]


def test_second_sign_up_is_refused_and_changes_nothing(meeting, coworker):
    services.register_user(meeting=meeting, user=coworker)
    with pytest.raises(RegistrationError) as error:
        services.register_user(meeting=meeting, user=coworker)
    assert error.value.code == "already_registered"
    assert meeting.registrations.count() == 1


def test_database_allows_one_active_registration_per_person(meeting, coworker):
    RegistrationFactory(meeting=meeting, user=coworker)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(meeting=meeting, user=coworker)
    RegistrationFactory(meeting=meeting, user=None, email="Guest@Example.org", name="G")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(meeting=meeting, user=None, email="guest@example.ORG", name="G")
    # A cancelled registration does not block signing up again.
    Registration.objects.filter(meeting=meeting, user=coworker).update(status=RS.CANCELLED)
    RegistrationFactory(meeting=meeting, user=coworker)


def test_full_meeting_refuses_or_waitlists_in_order(meeting):
    first, second, third, fourth = UserFactory.create_batch(4)
    services.register_user(meeting=meeting, user=first)
    services.register_user(meeting=meeting, user=second)
    with pytest.raises(RegistrationError) as error:
        services.register_user(meeting=meeting, user=third)
    assert error.value.code == "full"
    assert not meeting.registrations.filter(user=third).exists()

    waiting_1 = services.register_user(meeting=meeting, user=third, join_waitlist=True)
    waiting_2 = services.register_user(meeting=meeting, user=fourth, join_waitlist=True)
    assert (waiting_1.status, waiting_2.status) == (RS.WAITLISTED, RS.WAITLISTED)
    assert services.waitlist_position(waiting_1) == 1
    assert services.waitlist_position(waiting_2) == 2
    assert services.seat_state(meeting).waitlisted == 2


def test_cancelling_promotes_the_first_on_the_waitlist_who_is_emailed(meeting):
    first, second, third, fourth = UserFactory.create_batch(4)
    seat = services.register_user(meeting=meeting, user=first)
    services.register_user(meeting=meeting, user=second)
    waiting_1 = services.register_user(meeting=meeting, user=third, join_waitlist=True)
    waiting_2 = services.register_user(meeting=meeting, user=fourth, join_waitlist=True)

    services.cancel_registration(registration=seat)

    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert waiting_1.status == RS.CONFIRMED
    assert waiting_2.status == RS.WAITLISTED
    assert services.waitlist_position(waiting_2) == 1
    assert f"lj:promoted:{waiting_1.pk}" in keys_to(third.email)
    assert not any(k.startswith("lj:promoted") for k in keys_to(fourth.email))


def test_leaving_the_waitlist_frees_nothing_and_moves_the_line(meeting):
    users = UserFactory.create_batch(4)
    for user in users[:2]:
        services.register_user(meeting=meeting, user=user)
    waiting_1 = services.register_user(meeting=meeting, user=users[2], join_waitlist=True)
    waiting_2 = services.register_user(meeting=meeting, user=users[3], join_waitlist=True)
    services.cancel_registration(registration=waiting_1)
    waiting_2.refresh_from_db()
    assert waiting_2.status == RS.WAITLISTED
    assert services.waitlist_position(waiting_2) == 1
    assert services.seat_state(meeting).taken == 2


def test_cancelling_twice_is_harmless_and_attendance_cannot_be_cancelled(meeting, coworker):
    registration = services.register_user(meeting=meeting, user=coworker)
    services.cancel_registration(registration=registration)
    assert services.cancel_registration(registration=registration).status == RS.CANCELLED
    other = RegistrationFactory(meeting=meeting, status=RS.ATTENDED)
    with pytest.raises(RegistrationError):
        services.cancel_registration(registration=other)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": Meeting.Status.DRAFT}, "closed"),
        ({"status": Meeting.Status.CANCELLED}, "closed"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "closed"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
    ],
)
def test_sign_up_only_while_registration_is_open(hub, coworker, change, code):
    meeting = MeetingFactory(hub=hub, **change)
    with pytest.raises(RegistrationError) as error:
        services.register_user(meeting=meeting, user=coworker)
    assert error.value.code == code
    assert not meeting.registrations.exists()


def test_started_meeting_is_closed(hub, coworker):
    meeting = MeetingFactory(hub=hub, starts_at=timezone.now() - timedelta(minutes=5))
    assert services.registration_closed_reason(meeting)
    with pytest.raises(RegistrationError):
        services.register_user(meeting=meeting, user=coworker)


def test_guest_holds_no_seat_until_the_email_link_is_confirmed(meeting):
    guest = services.register_guest(meeting=meeting, name="Ann Agency", email="ann@agency.example")
    assert guest.status == RS.PENDING
    assert services.seat_state(meeting).taken == 0
    (request,) = emails_to("ann@agency.example")
    assert "/laranderesor/bekrafta/" in request.body

    # Two others fill the meeting meanwhile: the guest goes to the waitlist.
    for user in UserFactory.create_batch(2):
        services.register_user(meeting=meeting, user=user)
    guest = services.confirm_guest(registration=guest)
    assert guest.status == RS.WAITLISTED
    # Confirming again changes nothing and sends nothing more.
    count = OutboxEmail.objects.count()
    assert services.confirm_guest(registration=guest).status == RS.WAITLISTED
    assert OutboxEmail.objects.count() == count


def test_guest_signing_up_twice_gets_the_link_again_not_a_second_registration(meeting):
    first = services.register_guest(meeting=meeting, name="Ann", email="ann@agency.example")
    again = services.register_guest(meeting=meeting, name="Ann", email="ANN@agency.example")
    assert again.pk == first.pk
    assert len(emails_to("ann@agency.example")) == 2
    services.confirm_guest(registration=first)
    with pytest.raises(RegistrationError):
        services.register_guest(meeting=meeting, name="Ann", email="ann@agency.example")


def test_reserved_seats_are_kept_for_their_organisation_until_released(hub):
    agency = OrganisationFactory(name="Skatteverket")
    release = timezone.now() + timedelta(days=1)
    meeting = MeetingFactory(hub=hub, capacity=3, reservations_release_at=release)
    MeetingReservation.objects.create(meeting=meeting, organisation=agency, seats=2)

    services.register_user(meeting=meeting, user=UserFactory())
    with pytest.raises(RegistrationError):
        services.register_user(meeting=meeting, user=UserFactory())
    waiting = services.register_user(meeting=meeting, user=UserFactory(), join_waitlist=True)
    from_agency = services.register_user(meeting=meeting, user=UserFactory(), organisation=agency)
    assert from_agency.status == RS.CONFIRMED
    assert services.seat_state(meeting).held == {agency.pk: 1}

    # At release time the last reserved seat goes to the waitlist.
    counts = services.send_due_notifications(now=release + timedelta(minutes=1))
    waiting.refresh_from_db()
    assert waiting.status == RS.CONFIRMED
    assert counts["released"] == 1


def test_seat_alerts_at_80_percent_and_full_once_per_organiser(hub, manager):
    meeting = MeetingFactory(hub=hub, capacity=5)
    users = UserFactory.create_batch(5)
    for user in users[:3]:
        services.register_user(meeting=meeting, user=user)
    assert not any(k.startswith("lj:alert") for k in keys_to(manager.email))
    services.register_user(meeting=meeting, user=users[3])
    assert keys_to(manager.email) == [f"lj:alert80:{meeting.pk}:{manager.pk}"]
    services.register_user(meeting=meeting, user=users[4])
    assert keys_to(manager.email) == [
        f"lj:alert80:{meeting.pk}:{manager.pk}",
        f"lj:alert100:{meeting.pk}:{manager.pk}",
    ]


def test_cancelling_a_meeting_emails_everyone_once(meeting, coworker):
    seat = services.register_user(meeting=meeting, user=coworker)
    guest = services.register_guest(meeting=meeting, name="G", email="g@example.org")
    services.meeting_cancel(meeting=meeting)
    services.meeting_cancel(meeting=meeting)
    for registration in (seat, guest):
        keys = keys_to(registration.email)
        assert keys.count(f"lj:meeting-cancelled:{registration.pk}") == 1
    cancelled = OutboxEmail.objects.get(dedupe_key=f"lj:meeting-cancelled:{seat.pk}")
    assert "STATUS:CANCELLED" in cancelled.attachments[0]["content"]
    meeting.refresh_from_db()
    with pytest.raises(RegistrationError):
        services.meeting_publish(meeting=meeting)


def test_reminder_is_queued_once_however_often_the_job_runs(hub):
    soon = timezone.now() + timedelta(hours=20)
    meeting = MeetingFactory(hub=hub, starts_at=soon, ends_at=soon + timedelta(hours=2))
    later = MeetingFactory(hub=hub)  # in 7 days: no reminder yet
    registration = RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=later)
    RegistrationFactory(meeting=meeting, status=RS.WAITLISTED)

    first = services.send_due_notifications()
    second = services.send_due_notifications()
    assert (first["reminders"], second["reminders"]) == (1, 0)
    assert OutboxEmail.objects.filter(dedupe_key__startswith="lj:reminder:").count() == 1
    assert OutboxEmail.objects.filter(dedupe_key=f"lj:reminder:{registration.pk}").exists()


def test_organisers_are_reminded_daily_until_the_report_is_filed(hub, manager):
    start = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(hub=hub, starts_at=start, ends_at=start + timedelta(hours=2))
    services.send_due_notifications()
    services.send_due_notifications()
    services.send_due_notifications(now=timezone.now() + timedelta(days=1))
    assert len([k for k in keys_to(manager.email) if k.startswith("lj:report:")]) == 2

    services.report_file(
        meeting=meeting, participants=15, facilitators=2, organisations=[], summary="", user=manager
    )
    services.send_due_notifications(now=timezone.now() + timedelta(days=2))
    assert len([k for k in keys_to(manager.email) if k.startswith("lj:report:")]) == 2


def test_attendance_and_report_suggestion(meeting):
    agency = OrganisationFactory(name="MSB")
    present = RegistrationFactory(meeting=meeting, organisation=agency)
    absent = RegistrationFactory(meeting=meeting)
    services.set_attendance(registration=present, attended=True)
    services.set_attendance(registration=absent, attended=False)
    assert (present.status, absent.status) == (RS.ATTENDED, RS.NO_SHOW)
    assert present.checked_in_at is not None
    suggestion = services.attendance_suggestion(meeting)
    assert suggestion["participants"] == 1
    assert suggestion["facilitators"] == meeting.facilitators
    assert suggestion["organisations"] == [agency]
    services.set_attendance(registration=present, attended=None)
    assert present.status == RS.CONFIRMED and present.checked_in_at is None
    waiting = RegistrationFactory(meeting=meeting, status=RS.WAITLISTED)
    with pytest.raises(RegistrationError):
        services.set_attendance(registration=waiting, attended=True)


def test_message_goes_to_everyone_with_a_seat(meeting, manager):
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RS.ATTENDED)
    RegistrationFactory(meeting=meeting, status=RS.WAITLISTED)
    assert (
        services.message_attendees(
            meeting=meeting, subject="Parking", body="Use the back door.", sender=manager
        )
        == 2
    )
    assert OutboxEmail.objects.filter(body__contains="Use the back door.").count() == 2


def test_feedback_once_after_the_meeting_and_summary_hides_small_counts(hub):
    start = timezone.now() - timedelta(hours=5)
    meeting = MeetingFactory(
        hub=hub, starts_at=start, ends_at=start + timedelta(hours=2), capacity=20
    )
    registrations = RegistrationFactory.create_batch(6, meeting=meeting, status=RS.ATTENDED)
    upcoming = RegistrationFactory(meeting=MeetingFactory(hub=hub))
    assert not services.feedback_allowed(upcoming)

    for registration, rating in zip(registrations[:4], [5, 4, 4, 2], strict=True):
        services.feedback_submit(registration=registration, rating=rating, comment=f"c{rating}")
    with pytest.raises(RegistrationError):
        services.feedback_submit(registration=registrations[0], rating=1)
    hidden = services.feedback_summary(meeting)
    assert hidden.count == 4 and hidden.is_suppressed
    assert hidden.average is None and hidden.distribution is None and hidden.comments is None

    services.feedback_submit(
        registration=registrations[4], rating=5, will_do_differently="Work from the hub"
    )
    shown = services.feedback_summary(meeting)
    assert shown.count == 5 and not shown.is_suppressed
    assert shown.average == 4.0
    assert shown.distribution == [(1, 0), (2, 1), (3, 0), (4, 2), (5, 2)]
    assert shown.will_do_differently == ["Work from the hub"]


def test_anonymisation_removes_names_and_keeps_the_counts(hub, settings):
    settings.LEARNING_RETENTION_DAYS = 365
    agency = OrganisationFactory(name="Polisen")
    start = timezone.now() - timedelta(days=400)
    old = MeetingFactory(hub=hub, starts_at=start, ends_at=start + timedelta(hours=3))
    recent = MeetingFactory(
        hub=hub,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=29, hours=20),
    )
    attended = RegistrationFactory.create_batch(
        3, meeting=old, status=RS.ATTENDED, organisation=agency
    )
    RegistrationFactory(
        meeting=old,
        user=None,
        name="Guest Person",
        email="guest.person@example.org",
        status=RS.NO_SHOW,
    )
    Feedback.objects.create(meeting=old, registration=attended[0], rating=4)
    kept = RegistrationFactory(meeting=recent, status=RS.ATTENDED)

    assert services.anonymise_registrations() == 4
    assert services.anonymise_registrations() == 0

    rows = Registration.objects.filter(meeting=old)
    assert rows.count() == 4
    assert rows.filter(status=RS.ATTENDED).count() == 3
    assert rows.filter(status=RS.ATTENDED, organisation=agency).count() == 3
    assert not rows.exclude(email="").exists()
    assert not rows.exclude(name="").exists()
    assert not rows.filter(user__isnull=False).exists()
    assert not rows.filter(token__isnull=False).exists()
    assert not Registration.objects.filter(email="guest.person@example.org").exists()
    assert Feedback.objects.get(meeting=old).rating == 4
    kept.refresh_from_db()
    assert kept.user_id is not None and kept.email


def test_participants_are_asked_for_feedback_once_after_the_meeting(hub, settings, client):
    settings.SITE_URL = "http://testserver"
    start = timezone.now() - timedelta(hours=4)
    meeting = MeetingFactory(hub=hub, starts_at=start, ends_at=start + timedelta(hours=2))
    came = RegistrationFactory(
        meeting=meeting, status=RS.ATTENDED, user=None, email="guest@example.org"
    )
    absent = RegistrationFactory(meeting=meeting, status=RS.NO_SHOW)
    answered = RegistrationFactory(meeting=meeting, status=RS.ATTENDED)
    Feedback.objects.create(meeting=meeting, registration=answered, rating=5)
    RegistrationFactory(meeting=MeetingFactory(hub=hub))  # not yet held

    assert services.send_due_notifications()["feedback_requests"] == 1
    assert services.send_due_notifications()["feedback_requests"] == 0
    (email,) = OutboxEmail.objects.filter(dedupe_key__startswith="lj:feedback:")
    assert email.to == came.email and email.dedupe_key == f"lj:feedback:{came.pk}"
    asked_absent = OutboxEmail.objects.filter(to=absent.email, dedupe_key__startswith="lj:feedback")
    assert not asked_absent.exists()
    # The link in the email opens the feedback form without logging in.
    link = next(line for line in email.body.splitlines() if "/aterkoppling/" in line).strip()
    assert client.get(link.removeprefix("http://testserver")).status_code == 200
