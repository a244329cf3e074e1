"""Accounting roll-ups through the real Celery worker: a committed change to a
hub's data queues an incremental run after commit; a full run twice gives
identical snapshots; a worker killed in the middle of a full run leaves the
previous snapshots intact, and a rerun gives those of a clean run."""

import os
import signal
import subprocess
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounting import tasks
from accounting.catalogue import catalogue_load
from accounting.models import Indicator, RollupRun, Snapshot
from tests.factories import ActivityFactory, HubFactory, OccupancyFactory, OrganisationFactory
from tests.integration.conftest import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

KILL_QUEUE = "accounting-kill-test"


@pytest.fixture(autouse=True)
def indicators():
    # Transactional tests empty every table afterwards, the migration's catalogue too.
    catalogue_load(Indicator)


def snapshot_state():
    """Every snapshot's identity and numbers (not when it was computed)."""
    return sorted(
        Snapshot.objects.values_list(
            "indicator__code",
            "scope_key",
            "period_type",
            "period_start",
            "value",
            "numerator",
            "denominator",
            "people",
        )
    )


def runs(kind, *, after=0, status=RollupRun.Status.SUCCEEDED):
    return RollupRun.objects.filter(kind=kind, status=status, pk__gt=after)


def last_run_id():
    return RollupRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def some_data():
    """Two hubs with activities (one cross-sector) and occupancy this month."""
    agency = OrganisationFactory(name="Skatteverket", kind="state_agency")
    company = OrganisationFactory(name="Bolaget AB", kind="company")
    today = timezone.localdate()
    for n, hub in enumerate((HubFactory(desks=8), HubFactory(desks=4))):
        activity = ActivityFactory(hub=hub, participants=6 + n, economic=True)
        activity.organisations.set([agency, company])
        ActivityFactory(hub=hub, participants=3, environmental=True)
        OccupancyFactory(hub=hub, date=today - timedelta(days=1), desk_days=3 + n)


def full_run_on_session_worker():
    before = last_run_id()
    tasks.rollup_full.delay(parts=1)
    wait_for(lambda: runs(RollupRun.Kind.FULL, after=before).exists(), timeout=20)


def test_a_committed_activity_queues_an_incremental_rollup(celery_worker_process):
    hub = HubFactory()
    before = last_run_id()
    activity = ActivityFactory(hub=hub, participants=9, social=True)  # committed: autocommit
    month = timezone.localtime(activity.starts_at).date().replace(day=1)

    run = wait_for(
        lambda: runs(RollupRun.Kind.INCREMENTAL, after=before).filter(hub=hub).first(),
        timeout=20,
    )
    assert run.month == month and run.rows > 0 and run.finished_at and run.error == ""
    row = Snapshot.objects.get(
        indicator__code="activities_social",
        scope_key=f"hub:{hub.pk}",
        period_type="month",
        period_start=month,
    )
    assert row.value == 1 and row.hub_id == hub.pk
    # Its municipality and the county were recomputed too, for the month, quarter and year.
    assert Snapshot.objects.filter(
        indicator__code="activities_social", scope_key="county", period_type="year"
    ).exists()


def test_a_full_rollup_twice_gives_identical_snapshots(celery_worker_process):
    some_data()
    full_run_on_session_worker()
    first = snapshot_state()
    assert len(first) > 20
    full_run_on_session_worker()
    assert snapshot_state() == first
    assert runs(RollupRun.Kind.FULL).count() == 2
    assert not RollupRun.objects.filter(status=RollupRun.Status.FAILED).exists()


def _kill_test_worker(tmp_path, monkeypatch) -> WorkerProcess:
    """A second worker that listens only on its own queue, so the full run sent
    there is surely its own (the session worker takes the default queue)."""
    popen = subprocess.Popen

    def own_queue(args, **kwargs):
        return popen([*args, "--queues", KILL_QUEUE, "--hostname", "kill-test@%h"], **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(subprocess, "Popen", own_queue)
        worker = WorkerProcess(tmp_path)
    worker.wait_ready()
    return worker


def test_a_worker_killed_midway_leaves_the_previous_snapshots(
    celery_worker_process, tmp_path, monkeypatch
):
    some_data()
    full_run_on_session_worker()
    clean = snapshot_state()
    worker = _kill_test_worker(tmp_path, monkeypatch)
    try:
        before = last_run_id()
        # Hold a lock that lets the run start but not replace snapshots: the
        # worker is surely in the middle of its transaction when it is killed.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Snapshot._meta.db_table} IN SHARE MODE")
            tasks.rollup_full.apply_async(queue=KILL_QUEUE)
            wait_for(
                lambda: runs(
                    RollupRun.Kind.FULL, after=before, status=RollupRun.Status.RUNNING
                ).exists(),
                timeout=20,
            )
            wait_for(lambda: " received" in worker.log(), timeout=5)
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait(10)
    finally:
        worker.stop()

    # Never partial: the killed run's transaction was rolled back.
    assert snapshot_state() == clean
    killed = RollupRun.objects.get(pk__gt=before, kind=RollupRun.Kind.FULL)
    assert killed.status == RollupRun.Status.RUNNING and killed.finished_at is None

    # The rerun (nightly, or a staff member's "recompute") gives the clean snapshots.
    full_run_on_session_worker()
    assert snapshot_state() == clean


def test_a_full_rollup_split_into_parts_gives_the_same_snapshots(celery_worker_process):
    some_data()
    HubFactory(desks=2)  # a third hub, with no data: its part writes nothing
    full_run_on_session_worker()
    whole = snapshot_state()

    before = last_run_id()
    tasks.rollup_full.delay(parts=3)
    run = wait_for(lambda: runs(RollupRun.Kind.FULL, after=before).first(), timeout=30)
    assert run.parts == 3 and run.parts_done == [0, 1, 2] and run.rows > 0
    assert snapshot_state() == whole
