"""Keep the snapshots fresh: a change to a hub's data in one month queues an
incremental roll-up for that hub and month after the transaction commits
If the broker is down, the nightly full run catches up."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from hubs.models import Activity, Occupancy, OccupancyBreakdown
from learning_journeys.models import Feedback, Meeting, MeetingReport, Registration
from toolbox.models import Adoption

logger = logging.getLogger(__name__)


def _month(value: date | datetime | str) -> date:
    if isinstance(value, str):  # a value assigned but not yet read back from the database
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def _dispatch(hub_id: int, month: str) -> None:
    from .tasks import rollup_hub_month

    try:
        rollup_hub_month.apply_async((hub_id, month), retry=False)
    except Exception:  # noqa: BLE001 - the nightly run covers a broker outage
        logger.warning(
            "accounting: could not queue roll-up for hub %s %s", hub_id, month, exc_info=True
        )


_suspended: ContextVar[bool] = ContextVar("accounting_rollups_suspended", default=False)


@contextmanager
def rollups_suspended():
    """Queue no incremental roll-ups (bulk loads that end with a full roll-up)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def queue_rollup(hub_id: int | None, when: date | datetime | None) -> None:
    """After commit, recompute this hub's month (a rolled-back change queues nothing)."""
    if hub_id is None or when is None or _suspended.get():
        return
    transaction.on_commit(partial(_dispatch, hub_id, _month(when).isoformat()), robust=True)


def _activity(sender, instance: Activity, **kwargs) -> None:
    queue_rollup(instance.hub_id, instance.starts_at)


def _occupancy(sender, instance: Occupancy, **kwargs) -> None:
    queue_rollup(instance.hub_id, instance.date)


def _breakdown(sender, instance: OccupancyBreakdown, **kwargs) -> None:
    occupancy = Occupancy.objects.filter(pk=instance.occupancy_id).only("hub_id", "date").first()
    if occupancy:
        queue_rollup(occupancy.hub_id, occupancy.date)


def _meeting(sender, instance: Meeting, **kwargs) -> None:
    queue_rollup(instance.hub_id, instance.starts_at)


def _via_meeting(sender, instance, **kwargs) -> None:
    meeting = Meeting.objects.filter(pk=instance.meeting_id).only("hub_id", "starts_at").first()
    if meeting:
        queue_rollup(meeting.hub_id, meeting.starts_at)


def _report_orgs(sender, instance: MeetingReport, **kwargs) -> None:
    _via_meeting(sender, instance)


def _activity_orgs(sender, instance: Activity, **kwargs) -> None:
    if isinstance(instance, Activity):
        queue_rollup(instance.hub_id, instance.starts_at)


def _adoption(sender, instance: Adoption, **kwargs) -> None:
    queue_rollup(instance.hub_id, instance.since)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_activity, sender=Activity, dispatch_uid=f"acc-activity-{signal}")
        signal.connect(_occupancy, sender=Occupancy, dispatch_uid=f"acc-occupancy-{signal}")
        signal.connect(
            _breakdown, sender=OccupancyBreakdown, dispatch_uid=f"acc-breakdown-{signal}"
        )
        signal.connect(_meeting, sender=Meeting, dispatch_uid=f"acc-meeting-{signal}")
        for model in (MeetingReport, Feedback, Registration):
            signal.connect(
                _via_meeting, sender=model, dispatch_uid=f"acc-{model.__name__}-{signal}"
            )
        signal.connect(_adoption, sender=Adoption, dispatch_uid=f"acc-adoption-{signal}")
    m2m_changed.connect(
        _activity_orgs, sender=Activity.organisations.through, dispatch_uid="acc-activity-orgs"
    )
    m2m_changed.connect(
        _report_orgs, sender=MeetingReport.organisations.through, dispatch_uid="acc-report-orgs"
    )
