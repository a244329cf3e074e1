"""iCalendar (RFC 5545) files for meetings: public information only.

No cancel links, tokens or attendee data go into a calendar file, because
calendars get shared. Times carry TZID=Europe/Stockholm with a VTIMEZONE.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

PRODID = "-//Region Jämtland Härjedalen//Coworking Jämtland//SV"


def _calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _location(meeting: Meeting) -> str:
    parts = []
    if meeting.hub_id:
        hub = meeting.hub
        parts.append(", ".join(p for p in (hub.name, hub.address, hub.locality) if p))
    if meeting.venue:
        parts.append(meeting.venue)
    if meeting.online_url:
        parts.append(meeting.online_url)
    return " · ".join(parts)


def _event(meeting: Meeting, *, now: datetime) -> Event:
    tz = timezone.get_default_timezone()
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.SITE_URL.split('://')[-1]}")
    event.add("dtstamp", now)
    event.add("dtstart", timezone.localtime(meeting.starts_at, tz))
    event.add("dtend", timezone.localtime(meeting.ends_at, tz))
    event.add("summary", meeting.title)
    description = "\n\n".join(p for p in (meeting.theme, meeting.description) if p)
    if description:
        event.add("description", description)
    location = _location(meeting)
    if location:
        event.add("location", location)
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("last-modified", meeting.updated_at)
    # SEQUENCE grows with each change so calendar apps take the update.
    event.add("sequence", int(meeting.updated_at.timestamp()) - int(meeting.created_at.timestamp()))
    return event


def calendar_for(meetings: Iterable[Meeting], *, name: str | None = None) -> bytes:
    now = timezone.now()
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, now=now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    return calendar_for([meeting])


def meeting_ics_filename(meeting: Meeting) -> str:
    return f"larandetraff-{meeting.pk}.ics"
