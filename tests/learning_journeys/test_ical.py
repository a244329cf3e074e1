"""Calendar files: the .ics download of a meeting and a user's private feed.
Valid RFC 5545 (parsed with icalendar), times in Europe/Stockholm with TZID,
public information only."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from learning_journeys import links
from learning_journeys.models import CalendarFeed, Registration
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

STOCKHOLM = "Europe/Stockholm"


def ics_url(meeting):
    return reverse("learning_journeys:meeting-ics", kwargs={"pk": meeting.pk})


def feed_url(feed):
    return reverse("learning_journeys:calendar-feed", kwargs={"token": feed.token})


def events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def assert_public_only(content: bytes, registrations) -> None:
    text = content.decode()
    for registration in registrations:
        assert registration.token not in text
        for salt in (links.CONFIRM_SALT, links.CANCEL_SALT, links.FEEDBACK_SALT):
            assert links.sign(registration, salt) not in text
        if registration.email:
            assert registration.email not in text
    assert "/avboka/" not in text and "/bekrafta/" not in text and "/aterkoppling/" not in text


@pytest.mark.django_db
def test_meeting_ics_download(client):
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # 10:00 in Stockholm (summer time)
    meeting = MeetingFactory(
        title="Lärandeträff 7",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        online_url="https://meet.example.org/lt7",
    )
    registrations = [
        RegistrationFactory(meeting=meeting),
        RegistrationFactory(meeting=meeting, user=None, email="guest@example.org"),
    ]

    response = client.get(ics_url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert (
        response["Content-Disposition"] == f'attachment; filename="larandetraff-{meeting.pk}.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [STOCKHOLM]
    event = events(response.content)["Lärandeträff 7"]
    dtstart = event["DTSTART"]
    assert dtstart.params["TZID"] == STOCKHOLM
    assert (dtstart.dt.hour, dtstart.dt.minute) == (10, 0)
    assert dtstart.dt.astimezone(UTC) == start
    assert event["DTEND"].params["TZID"] == STOCKHOLM
    assert event["DTEND"].dt.hour == 13
    assert "DTSTART;TZID=Europe/Stockholm:20260601T100000" in response.content.decode()
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    assert_public_only(response.content, registrations)


@pytest.mark.django_db
def test_meeting_ics_winter_time(client):
    start = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm (winter time)
    meeting = MeetingFactory(title="Winter", starts_at=start, ends_at=start + timedelta(hours=1))
    event = events(client.get(ics_url(meeting)).content)["Winter"]
    assert event["DTSTART"].params["TZID"] == STOCKHOLM
    assert event["DTSTART"].dt.hour == 10
    assert event["DTSTART"].dt.astimezone(UTC) == start


@pytest.mark.django_db
def test_meeting_ics_cancelled_and_draft(client):
    cancelled = MeetingFactory(status="cancelled", title="Off")
    assert str(events(client.get(ics_url(cancelled)).content)["Off"]["STATUS"]) == "CANCELLED"
    draft = MeetingFactory(status="draft")
    assert client.get(ics_url(draft)).status_code == 404
    assert (
        client.get(reverse("learning_journeys:meeting-ics", kwargs={"pk": 999999})).status_code
        == 404
    )


@pytest.mark.django_db
def test_calendar_feed_holds_my_meetings_only(client):
    user = UserFactory()
    feed = CalendarFeed.objects.create(user=user)
    now = timezone.now()

    def meeting(title, days, **kwargs):
        start = now + timedelta(days=days)
        return MeetingFactory(
            title=title, starts_at=start, ends_at=start + timedelta(hours=2), **kwargs
        )

    mine = [
        RegistrationFactory(meeting=meeting("Confirmed", 3), user=user),
        RegistrationFactory(meeting=meeting("Waitlisted", 4), user=user, status="waitlisted"),
        RegistrationFactory(meeting=meeting("Attended", -30), user=user, status="attended"),
        RegistrationFactory(meeting=meeting("Called off", 5, status="cancelled"), user=user),
    ]
    RegistrationFactory(meeting=meeting("I cancelled", 6), user=user, status="cancelled")
    RegistrationFactory(meeting=meeting("Long ago", -120), user=user, status="attended")
    RegistrationFactory(meeting=meeting("Draft", 7, status="draft"), user=user)
    others = [RegistrationFactory(meeting=meeting("Not mine", 8))]

    response = client.get(feed_url(feed))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    shown = events(response.content)
    assert set(shown) == {"Confirmed", "Waitlisted", "Attended", "Called off"}
    assert str(shown["Called off"]["STATUS"]) == "CANCELLED"
    for event in shown.values():
        assert event["DTSTART"].params["TZID"] == STOCKHOLM
    text = response.content.decode()
    assert feed.token not in text
    assert_public_only(response.content, mine + others)
    assert user.email not in text


@pytest.mark.django_db
def test_calendar_feed_unknown_token_is_404(client):
    CalendarFeed.objects.create(user=UserFactory())
    response = client.get(
        reverse("learning_journeys:calendar-feed", kwargs={"token": "not-a-token"})
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_calendar_feed_of_inactive_user_is_404(client):
    user = UserFactory(is_active=False)
    feed = CalendarFeed.objects.create(user=user)
    assert client.get(feed_url(feed)).status_code == 404


@pytest.mark.django_db
def test_calendar_feed_query_count(client, django_assert_max_num_queries):
    user = UserFactory()
    feed = CalendarFeed.objects.create(user=user)
    for _ in range(4):
        RegistrationFactory(user=user)
    # feed with user, meetings with hubs.
    with django_assert_max_num_queries(2):
        response = client.get(feed_url(feed))
    assert len(events(response.content)) == 4
    assert Registration.objects.filter(user=user).count() == 4
