"""The emails of learning journeys, queued in the outbox.

Each is rendered in the recipient's language (the one they signed up in;
Swedish for organisers) from a plain-text template. Deduplication keys make
"once per registration" emails impossible to send twice.
"""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coworking_region.outbox import Attachment, outbox_enqueue

from . import ical, links
from .models import Meeting, Registration


def _site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(
    *,
    to: str,
    language: str,
    template: str,
    subject: str,
    context: dict,
    dedupe_key: str | None = None,
    attach_ics: Meeting | None = None,
) -> bool:
    if not to:
        return False
    with translation.override(language):
        body = render_to_string(
            f"learning_journeys/email/{template}.txt",
            {
                "site_url": settings.SITE_URL,
                "retention_months": max(1, settings.LEARNING_RETENTION_DAYS // 30),
                **context,
            },
        )
        subject = str(subject)
    attachments = []
    if attach_ics is not None:
        attachments.append(
            Attachment(
                filename=ical.meeting_ics_filename(attach_ics),
                content=ical.meeting_ics(attach_ics).decode(),
                mimetype="text/calendar",
            )
        )
    return (
        outbox_enqueue(
            to=to, subject=subject, body=body, attachments=attachments, dedupe_key=dedupe_key
        )
        is not None
    )


def _registration_context(registration: Registration) -> dict:
    meeting = registration.meeting
    return {
        "registration": registration,
        "meeting": meeting,
        "meeting_url": _site(meeting.get_absolute_url()),
        "cancel_url": links.cancel_url(registration),
    }


def _subject(registration: Registration, text) -> str:
    """`text` is lazy: it is translated here, in the recipient's language."""
    with translation.override(registration.language):
        return f"{text}: {registration.meeting.title}"


def registration_confirmed(registration: Registration) -> bool:
    return _send(
        to=registration.email,
        language=registration.language,
        template="confirmed",
        subject=_subject(registration, gettext_lazy("Your place is confirmed")),
        context=_registration_context(registration),
        dedupe_key=f"lj:confirmed:{registration.pk}",
        attach_ics=registration.meeting,
    )


def waitlisted(registration: Registration, *, position: int | None) -> bool:
    return _send(
        to=registration.email,
        language=registration.language,
        template="waitlisted",
        subject=_subject(registration, gettext_lazy("You are on the waitlist")),
        context={**_registration_context(registration), "position": position},
        dedupe_key=f"lj:waitlisted:{registration.pk}",
    )


def guest_confirm_request(registration: Registration) -> bool:
    return _send(
        to=registration.email,
        language=registration.language,
        template="guest_confirm",
        subject=_subject(registration, gettext_lazy("Confirm your sign-up")),
        context={
            **_registration_context(registration),
            "confirm_url": links.confirm_url(registration),
        },
    )


def promoted_from_waitlist(registration: Registration) -> bool:
    return _send(
        to=registration.email,
        language=registration.language,
        template="promoted",
        subject=_subject(registration, gettext_lazy("You got a place")),
        context=_registration_context(registration),
        dedupe_key=f"lj:promoted:{registration.pk}",
        attach_ics=registration.meeting,
    )


def meeting_cancelled(registration: Registration) -> bool:
    context = _registration_context(registration)
    context.pop("cancel_url")
    return _send(
        to=registration.email,
        language=registration.language,
        template="meeting_cancelled",
        subject=_subject(registration, gettext_lazy("Cancelled")),
        context=context,
        dedupe_key=f"lj:meeting-cancelled:{registration.pk}",
        attach_ics=registration.meeting,
    )


def reminder(registration: Registration) -> bool:
    return _send(
        to=registration.email,
        language=registration.language,
        template="reminder",
        subject=_subject(registration, gettext_lazy("Reminder")),
        context=_registration_context(registration),
        dedupe_key=f"lj:reminder:{registration.pk}",
    )


def feedback_request(registration: Registration) -> bool:
    return _send(
        to=registration.email,
        language=registration.language,
        template="feedback_request",
        subject=_subject(registration, gettext_lazy("How was it?")),
        context={
            **_registration_context(registration),
            "feedback_url": links.feedback_url(registration),
        },
        dedupe_key=f"lj:feedback:{registration.pk}",
    )


def organiser_message(registration: Registration, *, subject: str, body: str, sender) -> bool:
    return _send(
        to=registration.email,
        language=registration.language,
        template="organiser_message",
        subject=f"{registration.meeting.title}: {subject}",
        context={**_registration_context(registration), "message": body, "sender": sender},
    )


def seat_alert(meeting: Meeting, organiser, *, level: int, state) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        if level >= 100:
            subject = _("Full: %(title)s") % {"title": meeting.title}
        else:
            subject = _("%(percent)s%% of seats taken: %(title)s") % {
                "percent": level,
                "title": meeting.title,
            }
    return _send(
        to=organiser.email,
        language=settings.LANGUAGE_CODE,
        template="seat_alert",
        subject=subject,
        context={
            "meeting": meeting,
            "level": level,
            "state": state,
            "attendees_url": _site(
                reverse("learning_journeys:organise-attendees", kwargs={"pk": meeting.pk})
            ),
        },
        dedupe_key=f"lj:alert{level}:{meeting.pk}:{organiser.pk}",
    )


def report_reminder(meeting: Meeting, organiser, *, day: date) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Please file the closing report: %(title)s") % {"title": meeting.title}
    return _send(
        to=organiser.email,
        language=settings.LANGUAGE_CODE,
        template="report_reminder",
        subject=subject,
        context={
            "meeting": meeting,
            "report_url": _site(
                reverse("learning_journeys:organise-report", kwargs={"pk": meeting.pk})
            ),
        },
        dedupe_key=f"lj:report:{meeting.pk}:{organiser.pk}:{day.isoformat()}",
    )
