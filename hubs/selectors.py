"""Reads with a purpose: scoping, permissions and query shape (STYLE.md §2)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dates import MONTHS

from .models import (
    Activity,
    CountyEvent,
    Hub,
    HubManager,
    Occupancy,
    OccupancyBreakdown,
    Organisation,
)
from .permissions import AnyUser, hubs_managed_by, is_admin, is_region_staff


def hub_list_public() -> QuerySet[Hub]:
    """Active hubs in the public directory, with their municipality."""
    return Hub.objects.filter(is_active=True).select_related("municipality").order_by("name")


def hub_list_where_manager(*, user_id: int) -> QuerySet[Hub]:
    """The hubs this user holds a community-manager membership of (not admin reach)."""
    return Hub.objects.filter(manager_memberships__user_id=user_id).order_by("name")


# --- Public pages (directory, hub page, county event calendar) -------------------


def hub_list_public_filtered(
    *, municipality_code: str | None = None, amenity: str | None = None
) -> QuerySet[Hub]:
    """The public directory narrowed by municipality (SCB code) and/or one amenity."""
    hubs = hub_list_public()
    if municipality_code:
        hubs = hubs.filter(municipality__code=municipality_code)
    if amenity:
        hubs = hubs.filter(amenities__contains=[amenity])
    return hubs


def hub_get_public(*, slug: str) -> Hub:
    """An active hub for its public page; 404 for unknown or inactive hubs."""
    return get_object_or_404(Hub.objects.select_related("municipality"), slug=slug, is_active=True)


def activity_list_upcoming(
    *, hub: Hub, now: datetime | None = None, limit: int = 10
) -> QuerySet[Activity]:
    """The next `limit` activities at this hub starting now or later, soonest first."""
    now = now or timezone.now()
    return (
        Activity.objects.filter(hub=hub, starts_at__gte=now)
        .select_related("county_event")
        .order_by("starts_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class MonthTotal:
    month: date
    desk_days: int


@dataclass(frozen=True)
class HubActivitySummary:
    """Aggregates of one hub over a window of whole months: never individuals."""

    since: date
    until: date
    activity_count: int
    participants: int
    by_kind: list[KindCount]
    social: int
    economic: int
    environmental: int
    desk_days_by_month: list[MonthTotal]

    @property
    def desk_days_total(self) -> int:
        return sum(row.desk_days for row in self.desk_days_by_month)


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + (day.month - 1) - months_back
    return date(index // 12, index % 12 + 1, 1)


def hub_activity_summary(
    *, hub: Hub, now: datetime | None = None, months: int = 12
) -> HubActivitySummary:
    """What happened at the hub in the last `months` calendar months (this one included).

    Two queries: one aggregate over the activities (counts per kind, participants,
    sustainability dimensions) and one sum of desk-days per month.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = _month_start(today, months - 1)
    since_at = timezone.make_aware(datetime.combine(since, time.min))

    kinds = list(Activity.Kind)
    activities = Activity.objects.filter(hub=hub, starts_at__gte=since_at, starts_at__lt=now)
    totals = activities.aggregate(
        activity_count=Count("pk"),
        participants=Sum("participants", default=0),
        social=Count("pk", filter=Q(social=True)),
        economic=Count("pk", filter=Q(economic=True)),
        environmental=Count("pk", filter=Q(environmental=True)),
        **{f"kind_{kind.value}": Count("pk", filter=Q(kind=kind.value)) for kind in kinds},
    )
    by_kind = [
        KindCount(kind=kind.value, label=str(kind.label), count=totals[f"kind_{kind.value}"])
        for kind in kinds
        if totals[f"kind_{kind.value}"]
    ]

    per_month = dict(
        Occupancy.objects.filter(hub=hub, date__gte=since, date__lte=today)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(total=Sum("desk_days"))
        .values_list("month", "total")
    )
    desk_days_by_month = [
        MonthTotal(month=month, desk_days=per_month.get(month, 0))
        for month in (_month_start(today, back) for back in range(months - 1, -1, -1))
    ]
    return HubActivitySummary(
        since=since,
        until=today,
        activity_count=totals["activity_count"],
        participants=totals["participants"],
        by_kind=by_kind,
        social=totals["social"],
        economic=totals["economic"],
        environmental=totals["environmental"],
        desk_days_by_month=desk_days_by_month,
    )


def county_event_list_public() -> QuerySet[CountyEvent]:
    """County events with their municipality and the number of activities linked to each."""
    return (
        CountyEvent.objects.select_related("municipality")
        .annotate(activity_count=Count("activities"))
        .order_by("name")
    )


@dataclass(frozen=True)
class CalendarMonth:
    """One heading of the event calendar: a month (1-12), or None for "not known"."""

    month: int | None
    events: list[CountyEvent]

    @property
    def name(self) -> str | None:
        """The month's name in the current language, None when not known."""
        return str(MONTHS[self.month]) if self.month else None


def county_event_calendar(events: Iterable[CountyEvent] | None = None) -> list[CalendarMonth]:
    """Group county events by their usual months, January first, unknown last.

    An event held in several months (e.g. [6, 7]) appears under each of them.
    """
    if events is None:
        events = county_event_list_public()
    groups: dict[int | None, list[CountyEvent]] = {}
    for event in events:
        for month in sorted(set(event.months)) or [None]:
            groups.setdefault(month, []).append(event)
    order = [*range(1, 13), None]
    return [CalendarMonth(month=month, events=groups[month]) for month in order if month in groups]


# --- Community manager workspace --------------------------------------------------


def hub_get_for_workspace(*, user: AnyUser, slug: str, write: bool) -> Hub:
    """The hub whose workspace this user opens, in one query.

    Managers of this hub (and admins) may read and write; Region staff may only
    read. Everyone else gets PermissionDenied; an unknown slug is a 404. The hub
    comes back with `can_write` set, for templates that show forms disabled.
    """
    if not user.is_authenticated:
        raise PermissionDenied
    hub = (
        Hub.objects.select_related("municipality")
        .annotate(
            is_manager=Exists(HubManager.objects.filter(hub_id=OuterRef("pk"), user_id=user.pk))
        )
        .filter(slug=slug)
        .first()
    )
    if hub is None:
        raise Http404
    # permissions.can_manage_hub, answered in the same query as the hub itself.
    hub.can_write = bool(user.is_active and (hub.is_manager or is_admin(user)))
    if hub.can_write:
        return hub
    if not write and is_region_staff(user):
        return hub
    raise PermissionDenied


def activity_list_for_workspace(
    *,
    hub: Hub,
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    dimension: str = "",
    county_event: CountyEvent | None = None,
) -> QuerySet[Activity]:
    """A hub's activities, newest first, narrowed by the workspace filters.

    Dates are local (Europe/Stockholm) calendar days, both ends included.
    """
    activities = (
        Activity.objects.filter(hub=hub)
        .select_related("county_event")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .order_by("-starts_at", "-pk")
    )
    if kind:
        activities = activities.filter(kind=kind)
    if date_from:
        activities = activities.filter(
            starts_at__gte=timezone.make_aware(datetime.combine(date_from, time.min))
        )
    if date_to and date_to < date.max:  # date.max: no end (and no day after it)
        activities = activities.filter(
            starts_at__lt=timezone.make_aware(
                datetime.combine(date_to + timedelta(days=1), time.min)
            )
        )
    if dimension in Activity.DIMENSIONS:
        activities = activities.filter(**{dimension: True})
    if county_event is not None:
        activities = activities.filter(county_event=county_event)
    return activities


def activity_get_for_workspace(*, hub: Hub, pk: int) -> Activity:
    """One activity of this hub, with what its form needs; 404 for other hubs' activities."""
    return get_object_or_404(
        Activity.objects.select_related("hub", "county_event").prefetch_related("organisations"),
        hub=hub,
        pk=pk,
    )


def occupancy_list_for_week(*, hub: Hub, monday: date) -> QuerySet[Occupancy]:
    """The recorded days of one ISO week (Monday to Sunday), each with its number of
    breakdown rows as `breakdown_count`."""
    return (
        Occupancy.objects.filter(hub=hub, date__gte=monday, date__lte=monday + timedelta(days=6))
        .annotate(breakdown_count=Count("breakdown"))
        .order_by("date")
    )


def occupancy_get_for_day(*, hub: Hub, day: date) -> Occupancy | None:
    """The recorded day with its breakdown rows (and their municipality), or None."""
    return (
        Occupancy.objects.filter(hub=hub, date=day)
        .prefetch_related(
            Prefetch(
                "breakdown",
                queryset=OccupancyBreakdown.objects.select_related("home_municipality").order_by(
                    "home_municipality__name", "distance_band", "pk"
                ),
            )
        )
        .first()
    )


def activity_count_in_year(*, hub: Hub, year: int) -> int:
    """How many activities the hub held in a calendar year (local time)."""
    start = timezone.make_aware(datetime(year, 1, 1))  # noqa: DTZ001
    end = timezone.make_aware(datetime(year + 1, 1, 1))  # noqa: DTZ001
    return Activity.objects.filter(hub=hub, starts_at__gte=start, starts_at__lt=end).count()


def desk_days_in_month(*, hub: Hub, year: int, month: int) -> int:
    """Desk-days used at the hub in a calendar month."""
    return Occupancy.objects.filter(hub=hub, date__year=year, date__month=month).aggregate(
        total=Sum("desk_days", default=0)
    )["total"]


# --- Activity and occupancy records visible to a user (API and exports) ----------


def hub_slug_records_visible_to(user: AnyUser, *, slug: str) -> bool:
    """permissions.can_view_hub_records for a hub named by its slug, in at most one
    query (an API filter names the hub, and an unknown slug must not be told apart)."""
    return is_region_staff(user) or hubs_managed_by(user).filter(slug=slug).exists()


def activity_list_for_user(user: AnyUser) -> QuerySet[Activity]:
    queryset = Activity.objects.select_related("hub", "county_event").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.only("id", "name"))
    )
    if not is_region_staff(user):
        queryset = queryset.filter(hub__in=hubs_managed_by(user))
    return queryset.order_by("-starts_at", "pk")


def occupancy_list_for_user(user: AnyUser) -> QuerySet[Occupancy]:
    queryset = Occupancy.objects.select_related("hub").prefetch_related(
        Prefetch(
            "breakdown",
            queryset=OccupancyBreakdown.objects.select_related("home_municipality").order_by(
                "home_municipality__code", "distance_band"
            ),
        )
    )
    if not is_region_staff(user):
        queryset = queryset.filter(hub__in=hubs_managed_by(user))
    return queryset.order_by("-date", "hub__slug")
