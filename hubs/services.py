"""Every state change of the hubs app that matters (see STYLE.md §2)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import (
    Activity,
    Hub,
    Municipality,
    Occupancy,
    OccupancyBreakdown,
    Organisation,
)
from .permissions import AnyUser, can_manage_hub

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "duration_minutes",
    "description",
    "participants",
    "facilitators",
    "social",
    "economic",
    "environmental",
    "county_event",
)


def _require_manager(actor: AnyUser, hub: Hub) -> None:
    if not can_manage_hub(actor, hub):
        raise PermissionDenied(_("Only the community managers of this hub may change it."))


@transaction.atomic
def activity_log(
    *,
    actor: AnyUser,
    hub: Hub,
    organisations: Iterable[Organisation] = (),
    import_key: str = "",
    **fields: object,
) -> Activity:
    """Record an activity at a hub. Fields are those in ACTIVITY_FIELDS."""
    _require_manager(actor, hub)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    activity = Activity(hub=hub, import_key=import_key, created_by_id=actor.pk, **fields)
    activity.full_clean()
    activity.save()
    activity.organisations.set(organisations)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: AnyUser,
    activity: Activity,
    organisations: Iterable[Organisation] | None = None,
    **fields: object,
) -> Activity:
    _require_manager(actor, activity.hub)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    if organisations is not None:
        activity.organisations.set(organisations)
    return activity


@transaction.atomic
def activity_delete(*, actor: AnyUser, activity: Activity) -> None:
    _require_manager(actor, activity.hub)
    activity.delete()


def occupancy_total_error(*, hub: Hub, desk_days: int) -> str | None:
    """Why a day's total is implausible for this hub, or None when it is fine.

    Shared by occupancy_record and the spreadsheet import, which reports it per row.
    """
    if desk_days < 0:
        return _("Desk-days cannot be negative.")
    if hub.desks and desk_days > hub.desks * 3:
        return _("%(count)s desk-days is more than three times the hub's %(desks)s desks.") % {
            "count": desk_days,
            "desks": hub.desks,
        }
    return None


@dataclass(frozen=True)
class BreakdownPart:
    home_municipality: Municipality | None
    distance_band: str
    desk_days: int


@transaction.atomic
def occupancy_record(
    *,
    actor: AnyUser,
    hub: Hub,
    day: date,
    desk_days: int | None,
    breakdown: Sequence[BreakdownPart] | None = None,
) -> Occupancy | None:
    """Set the desk-days used at a hub on a day (None clears the day).

    With a breakdown, the parts replace any earlier breakdown of that day and
    must not add up to more than the day's total.
    """
    _require_manager(actor, hub)
    if desk_days is None:
        Occupancy.objects.filter(hub=hub, date=day).delete()
        return None
    total_error = occupancy_total_error(hub=hub, desk_days=desk_days)
    if total_error:
        raise ValidationError({"desk_days": total_error})
    if breakdown is not None:
        keys = [(part.home_municipality, part.distance_band) for part in breakdown]
        if len(keys) != len(set(keys)):
            raise ValidationError(
                {"breakdown": _("Each municipality and distance band may appear only once.")}
            )
        parts_total = sum(part.desk_days for part in breakdown)
    else:
        parts_total = (
            OccupancyBreakdown.objects.filter(occupancy__hub=hub, occupancy__date=day).aggregate(
                total=Sum("desk_days")
            )["total"]
            or 0
        )
    if parts_total > desk_days:
        raise ValidationError(
            {"breakdown": _("The breakdown adds up to more desk-days than the day's total.")}
        )
    occupancy, _created = Occupancy.objects.update_or_create(
        hub=hub, date=day, defaults={"desk_days": desk_days, "recorded_by_id": actor.pk}
    )
    if breakdown is not None:
        occupancy.breakdown.all().delete()
        parts = [
            OccupancyBreakdown(
                occupancy=occupancy,
                home_municipality=part.home_municipality,
                distance_band=part.distance_band,
                desk_days=part.desk_days,
            )
            for part in breakdown
            if part.desk_days
        ]
        for part in parts:
            part.full_clean(exclude=["occupancy"])
        OccupancyBreakdown.objects.bulk_create(parts)
    return occupancy


@transaction.atomic
def occupancy_record_days(
    *, actor: AnyUser, hub: Hub, days: Mapping[date, int | None]
) -> list[Occupancy | None]:
    """Record several days of a hub at once (the week grid): all of them or none.

    Every day is tried so that all problems are reported together; the
    ValidationError is keyed by the day's ISO date.
    """
    _require_manager(actor, hub)
    results: list[Occupancy | None] = []
    errors: dict[str, list[str]] = {}
    for day, desk_days in sorted(days.items()):
        try:
            results.append(occupancy_record(actor=actor, hub=hub, day=day, desk_days=desk_days))
        except ValidationError as error:
            errors[day.isoformat()] = error.messages
    if errors:
        raise ValidationError(errors)  # leaves the atomic block: nothing is kept
    return results
