"""Reads for the organiser's pages (/laranderesor/arrangera/).

Scoping comes from learning_journeys.permissions; these functions fix the query
shape (annotations, select_related) so list pages run a constant number of
queries whatever the number of meetings or registrations.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hubs.permissions import AnyUser

from . import permissions
from .models import LearningJourney, Meeting, MeetingReport, Registration
from .selectors import with_seat_counts
from .services import SEAT_ALERT_LEVELS, SeatState

RS = Registration.Status
PAST_MEETINGS_SHOWN = 50


def seat_alert_level(taken: int, capacity: int) -> int | None:
    """The highest of services.SEAT_ALERT_LEVELS reached (80, 100) or None;
    the same rule as the seat alert emails."""
    reached = [level for level in SEAT_ALERT_LEVELS if taken * 100 >= level * capacity]
    return max(reached) if reached else None


def may_open_organiser_pages(user: AnyUser) -> bool:
    return permissions.can_open_organiser_pages(user)


def may_create_meeting(user: AnyUser) -> bool:
    return permissions.can_organise(user) or permissions.journeys_managed_by(user).exists()


def journey_get_for_organiser(*, user: AnyUser, slug: str) -> LearningJourney:
    """404 when missing, 403 when the user may not manage it."""
    journey = get_object_or_404(LearningJourney.objects.select_related("hub"), slug=slug)
    if not permissions.can_manage_journey(user, journey):
        raise PermissionDenied
    return journey


def meeting_get_for_organiser(*, user: AnyUser, pk: int) -> Meeting:
    """404 when missing, 403 when the user may not organise it."""
    meeting = get_object_or_404(Meeting.objects.select_related("journey", "hub"), pk=pk)
    if not permissions.can_organise_meeting(user, meeting):
        raise PermissionDenied
    return meeting


def _with_seat_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return with_seat_counts(meetings.select_related("journey", "hub")).annotate(
        has_report=Exists(MeetingReport.objects.filter(meeting=OuterRef("pk"))),
    )


def _decorate(meeting: Meeting, now: datetime) -> Meeting:
    meeting.seats = SeatState(
        capacity=meeting.capacity, taken=meeting.seats_taken, waitlisted=meeting.waitlisted
    )
    meeting.seat_alert = seat_alert_level(meeting.seats_taken, meeting.capacity)
    meeting.report_missing = (
        meeting.status == Meeting.Status.PUBLISHED
        and meeting.ends_at <= now
        and not meeting.has_report
    )
    return meeting


@dataclass
class OrganiserOverview:
    journeys: list[LearningJourney]
    upcoming: list[Meeting]
    past: list[Meeting]
    past_truncated: bool = False
    reports_missing: int = 0


def organiser_overview(*, user: AnyUser, now: datetime | None = None) -> OrganiserOverview:
    """The organiser's journeys and meetings (3 queries: journeys, upcoming, past).

    Scoping querysets from permissions use joins and DISTINCT; they go in as a
    pk subquery so the registration counts are not multiplied by those joins.
    """
    now = now or timezone.now()
    journeys = list(
        LearningJourney.objects.filter(pk__in=permissions.journeys_managed_by(user).values("pk"))
        .select_related("hub")
        .annotate(meeting_count=Count("meetings"))
        .order_by("-starts_on", "title")
    )
    scoped = Meeting.objects.filter(pk__in=permissions.meetings_organised_by(user).values("pk"))
    upcoming = [
        _decorate(m, now)
        for m in _with_seat_counts(scoped.filter(ends_at__gt=now)).order_by("starts_at", "pk")
    ]
    past = [
        _decorate(m, now)
        for m in _with_seat_counts(scoped.filter(ends_at__lte=now)).order_by("-starts_at", "-pk")[
            : PAST_MEETINGS_SHOWN + 1
        ]
    ]
    truncated = len(past) > PAST_MEETINGS_SHOWN
    past = past[:PAST_MEETINGS_SHOWN]
    return OrganiserOverview(
        journeys=journeys,
        upcoming=upcoming,
        past=past,
        past_truncated=truncated,
        reports_missing=sum(1 for m in past if m.report_missing),
    )


@dataclass
class AttendeeLists:
    seated: list[Registration]
    waitlist: list[tuple[int, Registration]]
    pending: int
    cancelled: int


def attendee_lists(*, meeting: Meeting, search: str = "") -> AttendeeLists:
    """Seated people (confirmed, attended, no-show), the waitlist in order with
    positions, and counts of pending guests and cancellations (2 queries; 3 when
    searching)."""
    rows = (
        meeting.registrations.filter(status__in=(*Registration.SEATED, RS.WAITLISTED))
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
    if search:
        rows = rows.filter(
            Q(name__icontains=search) | Q(email__icontains=search) | Q(user__name__icontains=search)
        )
    seated: list[Registration] = []
    waiting: list[Registration] = []
    for registration in rows:
        (waiting if registration.status == RS.WAITLISTED else seated).append(registration)
    # The same order as services.waitlist_position: who joined first, then pk.
    # Positions count the whole waitlist, so a search needs the full order.
    waiting.sort(key=lambda r: (r.waitlisted_at or r.created_at, r.pk))
    if search:
        order = list(
            meeting.registrations.filter(status=RS.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .values_list("pk", flat=True)
        )
    else:
        order = [r.pk for r in waiting]
    position = {pk: index for index, pk in enumerate(order, start=1)}
    counts = meeting.registrations.aggregate(
        pending=Count("pk", filter=Q(status=RS.PENDING)),
        cancelled=Count("pk", filter=Q(status=RS.CANCELLED)),
    )
    return AttendeeLists(
        seated=seated,
        waitlist=[(position.get(r.pk, 0), r) for r in waiting],
        pending=counts["pending"],
        cancelled=counts["cancelled"],
    )


def registration_get_for_meeting(*, meeting: Meeting, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("user", "organisation"), meeting=meeting, pk=pk
    )


def attendees_for_export(*, meeting: Meeting) -> QuerySet[Registration]:
    """Everyone holding or waiting for a place (cancelled rows left out)."""
    return (
        meeting.registrations.filter(status__in=Registration.ACTIVE)
        .select_related("user", "organisation")
        .order_by("status", "created_at", "pk")
    )


def seated_count(*, meeting: Meeting) -> int:
    return meeting.registrations.filter(status__in=Registration.SEATED).exclude(email="").count()
