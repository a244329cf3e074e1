"""Reads for the public and coworker pages of learning journeys.

Public means: journeys that are not drafts, meetings that are not drafts
(cancelled ones stay visible, marked as cancelled). Organisers may preview
drafts; the `*_for_user` selectors raise Http404 for everyone else.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from hubs.models import Hub, Municipality, Organisation

from . import permissions
from .models import CalendarFeed, Feedback, Insight, LearningJourney, Meeting, Registration

RS = Registration.Status

# The private calendar feed shows meetings from this far back.
FEED_PAST_DAYS = 90

MODE_ONLINE = "online"
MODE_ON_SITE = "on_site"


def _registrations_counted(status_filter: Q) -> Subquery:
    counted = (
        Registration.objects.filter(status_filter, meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_seat_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate `seats_taken`, `waitlisted` and `seats_left` (capacity minus
    taken; reservations not subtracted) without a query per meeting. Used by
    the public pages, the organiser pages, the API and the hub page section.

    Correlated subqueries (index registration_meeting_status), not a join with
    GROUP BY: a page of 50 meetings counts the registrations of those 50 only,
    instead of grouping every registration before the LIMIT."""
    return meetings.annotate(
        seats_taken=_registrations_counted(Q(status__in=Registration.SEATED)),
        waitlisted=_registrations_counted(Q(status=RS.WAITLISTED)),
    ).annotate(seats_left=Greatest(F("capacity") - F("seats_taken"), Value(0)))


def meeting_list_upcoming(
    *,
    hub_slug: str | None = None,
    municipality_code: str | None = None,
    theme: str | None = None,
    mode: str | None = None,
    now: datetime | None = None,
) -> QuerySet[Meeting]:
    """Published and cancelled meetings that have not ended yet, soonest first
    (one query, with seat counts)."""
    now = now or timezone.now()
    meetings = Meeting.objects.exclude(status=Meeting.Status.DRAFT).filter(ends_at__gte=now)
    if hub_slug:
        meetings = meetings.filter(hub__slug=hub_slug)
    if municipality_code:
        meetings = meetings.filter(hub__municipality__code=municipality_code)
    if theme:
        meetings = meetings.filter(
            Q(theme__icontains=theme)
            | Q(title__icontains=theme)
            | Q(journey__theme__icontains=theme)
        )
    if mode == MODE_ONLINE:
        meetings = meetings.exclude(online_url="")
    elif mode == MODE_ON_SITE:
        meetings = meetings.filter(Q(hub__isnull=False) | ~Q(venue=""))
    meetings = meetings.select_related("hub", "hub__municipality", "journey")
    return with_seat_counts(meetings).order_by("starts_at", "id")


def journey_list_public() -> QuerySet[LearningJourney]:
    """Journeys that are not drafts, newest period first (one query)."""
    return (
        LearningJourney.objects.exclude(status=LearningJourney.Status.DRAFT)
        .select_related("hub")
        .order_by("-starts_on", "title")
    )


def filter_choices() -> tuple[list[Hub], list[Municipality]]:
    """Options of the meeting filter: hubs and municipalities (two queries)."""
    hubs = list(Hub.objects.filter(is_active=True).order_by("name").only("pk", "name", "slug"))
    municipalities = list(Municipality.objects.order_by("name").only("pk", "name", "code"))
    return hubs, municipalities


def organisation_options() -> list[Organisation]:
    """Organisations a person may say they come from (one query)."""
    return list(Organisation.objects.order_by("name").only("pk", "name"))


def journey_get_for_user(*, slug: str, user) -> LearningJourney:
    """A public journey, or a draft one for those who manage it; else 404."""
    journey = (
        LearningJourney.objects.select_related("hub")
        .prefetch_related("organisations")
        .filter(slug=slug)
        .first()
    )
    if journey is None:
        raise Http404
    if not journey.is_public and not permissions.can_manage_journey(user, journey):
        raise Http404
    return journey


def journey_timeline(journey: LearningJourney) -> list[Meeting]:
    """The journey's non-draft meetings in time order, with seat counts and the
    closing report (and its organisations) of past ones."""
    meetings = (
        journey.meetings.exclude(status=Meeting.Status.DRAFT)
        .select_related("hub", "hub__municipality", "report")
        .prefetch_related(
            Prefetch(
                "report__organisations",
                queryset=Organisation.objects.order_by("name").only("pk", "name"),
            )
        )
        .order_by("starts_at", "id")
    )
    timeline = list(with_seat_counts(meetings))
    for meeting in timeline:
        # The reverse one-to-one raises when there is no report; templates read this instead.
        meeting.closing_report = getattr(meeting, "report", None)
    return timeline


def journey_insights_by_kind(journey: LearningJourney) -> list[tuple[str, str, list[Insight]]]:
    """(kind, label, insights) for each kind that has insights; insights of
    draft meetings are left out."""
    insights = (
        journey.insights.filter(Q(meeting__isnull=True) | ~Q(meeting__status=Meeting.Status.DRAFT))
        .select_related("meeting")
        .order_by("created_at", "id")
    )
    grouped: dict[str, list[Insight]] = {}
    for insight in insights:
        grouped.setdefault(insight.kind, []).append(insight)
    return [(kind, label, grouped[kind]) for kind, label in Insight.Kind.choices if kind in grouped]


def meeting_get_for_user(*, pk: int, user) -> Meeting:
    """A non-draft meeting, or a draft one for its organisers; else 404."""
    meeting = (
        Meeting.objects.select_related("hub", "hub__municipality", "journey").filter(pk=pk).first()
    )
    if meeting is None:
        raise Http404
    if meeting.status == Meeting.Status.DRAFT and not permissions.can_organise_meeting(
        user, meeting
    ):
        raise Http404
    return meeting


def meeting_get_public(*, pk: int) -> Meeting:
    """A non-draft meeting for anyone (draft → 404, also for organisers)."""
    meeting = (
        Meeting.objects.exclude(status=Meeting.Status.DRAFT)
        .select_related("hub", "hub__municipality", "journey")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def registration_active_for_user(*, meeting: Meeting, user) -> Registration | None:
    """The user's one active registration for the meeting, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.select_related("meeting")
        .filter(meeting=meeting, user=user, status__in=Registration.ACTIVE)
        .first()
    )


def registration_for_feedback(*, meeting_pk: int, user) -> Registration | None:
    """The user's registration that feedback would be given on (latest not cancelled)."""
    return (
        Registration.objects.select_related("meeting")
        .filter(meeting_id=meeting_pk, user=user)
        .exclude(status=RS.CANCELLED)
        .order_by("-created_at", "-pk")
        .first()
    )


def _waitlist_ahead() -> Subquery:
    """How many on the same meeting's waitlist joined before this registration."""
    ahead = (
        Registration.objects.filter(meeting_id=OuterRef("meeting_id"), status=RS.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))


def with_waitlist_ahead(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.annotate(waitlist_ahead=_waitlist_ahead())


@dataclass(frozen=True)
class MyRegistration:
    registration: Registration
    meeting: Meeting
    waitlist_position: int | None
    may_cancel: bool
    may_give_feedback: bool


def registrations_for_user(
    *, user, now: datetime | None = None
) -> tuple[list[MyRegistration], list[MyRegistration]]:
    """The user's registrations as (upcoming, past), one query.

    Waitlist position and whether feedback can be given are computed in the
    query (the same rules as services.waitlist_position and
    services.feedback_allowed, without a query per row).
    """
    now = now or timezone.now()
    rows = (
        Registration.objects.filter(user=user)
        .exclude(meeting__status=Meeting.Status.DRAFT)
        .select_related("meeting", "meeting__hub")
        .annotate(
            waitlist_ahead=_waitlist_ahead(),
            has_feedback=Exists(Feedback.objects.filter(registration_id=OuterRef("pk"))),
        )
        .order_by("meeting__starts_at", "pk")
    )
    upcoming: list[MyRegistration] = []
    past: list[MyRegistration] = []
    for registration in rows:
        meeting = registration.meeting
        is_past = meeting.ends_at < now
        item = MyRegistration(
            registration=registration,
            meeting=meeting,
            waitlist_position=registration.waitlist_ahead + 1
            if registration.status == RS.WAITLISTED
            else None,
            may_cancel=not is_past
            and registration.status in (RS.PENDING, RS.CONFIRMED, RS.WAITLISTED),
            may_give_feedback=(
                registration.status in (RS.ATTENDED, RS.CONFIRMED)
                and meeting.starts_at <= now
                and meeting.status == Meeting.Status.PUBLISHED
                and not registration.has_feedback
            ),
        )
        (past if is_past else upcoming).append(item)
    past.reverse()
    return upcoming, past


def calendar_feed_meetings(*, feed: CalendarFeed, now: datetime | None = None) -> QuerySet[Meeting]:
    """The feed owner's meetings (confirmed, waitlisted or attended) from the
    last FEED_PAST_DAYS days on, including cancelled ones so calendars update."""
    now = now or timezone.now()
    registered = Registration.objects.filter(
        meeting_id=OuterRef("pk"),
        user_id=feed.user_id,
        status__in=(RS.CONFIRMED, RS.WAITLISTED, RS.ATTENDED),
    )
    return (
        Meeting.objects.exclude(status=Meeting.Status.DRAFT)
        .filter(Exists(registered), starts_at__gte=now - timedelta(days=FEED_PAST_DAYS))
        .select_related("hub")
        .order_by("starts_at", "id")
    )
