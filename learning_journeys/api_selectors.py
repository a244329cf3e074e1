"""Reads for the learning journeys API and the hub page section: scoping
(who sees drafts) and query shape (seat counts annotated, relations joined),
so lists cost a fixed number of queries (STYLE.md §2, §4)."""

from datetime import datetime

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from hubs.models import Hub, Organisation
from hubs.permissions import AnyUser

from .models import Insight, LearningJourney, Meeting, Registration
from .permissions import journeys_managed_by, meetings_organised_by
from .selectors import with_seat_counts, with_waitlist_ahead

RS = Registration.Status


def journey_list_visible(user: AnyUser) -> QuerySet[LearningJourney]:
    """Journeys that are not drafts, and drafts the user may manage."""
    visible = ~Q(status=LearningJourney.Status.DRAFT)
    if user.is_authenticated:
        visible |= Q(pk__in=journeys_managed_by(user).values("pk"))
    return (
        LearningJourney.objects.filter(visible)
        .select_related("hub")
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.only("id", "name"))
        )
        .order_by("-starts_on", "title", "pk")
    )


def journey_get_visible(user: AnyUser, *, slug: str) -> QuerySet[LearningJourney]:
    """The journey detail: its visible meetings (seat counts annotated) and insights."""
    return (
        journey_list_visible(user)
        .filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=with_seat_counts(
                    meeting_list_visible(user).select_related(None).select_related("hub")
                ),
                to_attr="visible_meetings",
            ),
            Prefetch("insights", queryset=Insight.objects.order_by("created_at", "pk")),
        )
    )


def meetings_visible(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings that are not drafts, and drafts the user may organise."""
    visible = ~Q(status=Meeting.Status.DRAFT)
    if user.is_authenticated:
        visible |= Q(pk__in=meetings_organised_by(user).values("pk"))
    return Meeting.objects.filter(visible)


def meeting_list_visible(user: AnyUser) -> QuerySet[Meeting]:
    """Visible meetings with seat counts annotated, journey and hub (with
    municipality) joined, soonest first."""
    return with_seat_counts(
        meetings_visible(user).select_related("journey", "hub", "hub__municipality")
    ).order_by("starts_at", "pk")


def meeting_list_upcoming_at_hub(
    *, hub: Hub, now: datetime | None = None, limit: int = 5
) -> QuerySet[Meeting]:
    """The next published meetings at a hub (for the hub page), soonest first."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(hub=hub, status=Meeting.Status.PUBLISHED, starts_at__gte=now)
    return with_seat_counts(meetings).order_by("starts_at", "pk")[:limit]


def registration_list_for_user(user: AnyUser) -> QuerySet[Registration]:
    """The user's own registrations (all statuses), soonest meeting first."""
    return with_waitlist_ahead(
        Registration.objects.filter(user_id=user.pk).select_related(
            "meeting", "meeting__hub", "organisation"
        )
    ).order_by("meeting__starts_at", "pk")


def registration_get_active(*, meeting: Meeting, user: AnyUser) -> Registration | None:
    return Registration.objects.filter(
        meeting=meeting, user_id=user.pk, status__in=Registration.ACTIVE
    ).first()


def attendee_list(meeting: Meeting) -> QuerySet[Registration]:
    """Everyone signed up for a meeting (organisers only), in sign-up order."""
    return with_waitlist_ahead(
        Registration.objects.filter(meeting=meeting).select_related("user", "organisation")
    ).order_by("created_at", "pk")
