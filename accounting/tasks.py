from datetime import date

from celery import shared_task

from .models import RollupRun
from .rollup import run_logged


@shared_task(name="accounting.tasks.rollup_full", ignore_result=True, acks_late=True)
def rollup_full(user_id: int | None = None) -> int:
    """Nightly (beat) and on a staff member's request: recompute all snapshots."""
    return run_logged(RollupRun.Kind.FULL, user=None if user_id is None else _user(user_id)).rows


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
