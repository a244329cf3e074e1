from datetime import date

from celery import shared_task
from django.conf import settings

from . import rollup
from .models import RollupRun
from .rollup import run_logged


@shared_task(name="accounting.tasks.rollup_full", ignore_result=True, acks_late=True, bind=True)
def rollup_full(self, user_id: int | None = None, parts: int | None = None) -> int:
    """Nightly (beat) and on a staff member's request: recompute all snapshots.

    Split into `parts` tasks (default settings.ROLLUP_PARTS), each for a group
    of hubs, on the same queue, so that every worker listening there shares
    the work; the last part to finish derives the snapshots."""
    user = None if user_id is None else _user(user_id)
    parts = settings.ROLLUP_PARTS if parts is None else parts
    groups = rollup.hub_parts(parts) if parts > 1 else []
    if len(groups) <= 1:
        return run_logged(RollupRun.Kind.FULL, user=user).rows
    run = rollup.start_split_run(len(groups), user=user)
    queue = (self.request.delivery_info or {}).get("routing_key")
    for index, hub_ids in enumerate(groups):
        rollup_part.apply_async(args=(run.pk, index, hub_ids), queue=queue)
    return 0


@shared_task(name="accounting.tasks.rollup_part", ignore_result=True, acks_late=True)
def rollup_part(run_id: int, index: int, hub_ids: list[int]) -> int:
    """One part of a split full run (see rollup.run_part)."""
    run = rollup.run_part(run_id, index, hub_ids)
    return run.rows if run is not None else 0


@shared_task(name="accounting.tasks.rollup_hub_month", ignore_result=True, acks_late=True)
def rollup_hub_month(hub_id: int, month: str) -> int:
    """After a change to one hub's data in one month: recompute what depends on it."""
    return run_logged(
        RollupRun.Kind.INCREMENTAL, hub_id=hub_id, month=date.fromisoformat(month)
    ).rows


def _user(user_id: int):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id).first()


@shared_task(name="accounting.tasks.open_data_generate", ignore_result=True, acks_late=True)
def open_data_generate() -> int:
    """Nightly (beat): regenerate the open-data CSV files from the snapshots."""
    from .open_data import generate_open_data

    return sum(stored.rows for stored in generate_open_data())
