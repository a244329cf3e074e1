"""The emails: in the recipient's language, local times, links that work,
and calendar attachments without personal data."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from icalendar import Calendar

from coworking_region.models import OutboxEmail
from learning_journeys import emails, services
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# 10:00 in Stockholm (summer time, UTC+2).
START = datetime(2030, 6, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def registration(hub):
    meeting = MeetingFactory(
        hub=hub, title="Hybrid work", starts_at=START, ends_at=START + timedelta(hours=2)
    )
    return RegistrationFactory(meeting=meeting)


def test_confirmation_shows_local_time_and_a_working_cancel_link(registration, settings):
    settings.SITE_URL = "http://testserver"
    emails.registration_confirmed(registration)
    email = OutboxEmail.objects.get(to=registration.email)
    assert "10:00–12:00" in email.body
    assert registration.meeting.hub.name in email.body
    link = next(line for line in email.body.splitlines() if "/avboka/" in line).strip()
    response = Client().get(link.removeprefix("http://testserver"))
    assert response.status_code == 200


def test_emails_use_the_language_of_the_sign_up(registration):
    registration.language = "en"
    emails.reminder(registration)
    english = OutboxEmail.objects.get(to=registration.email)
    assert english.subject == "Reminder: Hybrid work"
    swedish_reg = RegistrationFactory(meeting=registration.meeting, language="sv")
    emails.reminder(swedish_reg)
    swedish = OutboxEmail.objects.get(to=swedish_reg.email)
    assert swedish.subject != english.subject
    assert swedish.subject.endswith(": Hybrid work")


def test_retention_period_in_the_footer_follows_the_setting(registration, settings):
    registration.language = "en"
    settings.LEARNING_RETENTION_DAYS = 180
    emails.reminder(registration)
    assert "remove them 6 months after it" in OutboxEmail.objects.get(to=registration.email).body


def test_calendar_attachment_is_valid_and_public_only(registration):
    emails.registration_confirmed(registration)
    attachment = OutboxEmail.objects.get(to=registration.email).attachments[0]
    calendar = Calendar.from_ical(attachment["content"])
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == START
    assert str(event["dtstart"].params["TZID"]) == "Europe/Stockholm"
    assert calendar.walk("VTIMEZONE")
    for secret in (registration.token, registration.email, "avboka"):
        assert secret not in attachment["content"]


def test_waitlist_email_tells_the_position(hub):
    meeting = MeetingFactory(hub=hub, capacity=1)
    RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status="waitlisted", language="en")
    emails.waitlisted(waiting, position=services.waitlist_position(waiting))
    assert "Your place in line: 1." in OutboxEmail.objects.get(to=waiting.email).body
