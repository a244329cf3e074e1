"""The roll-up: facts → hub-month partial sums → snapshots, in PostgreSQL, set-based.

Two steps:
1. Partials: for each computed indicator one INSERT … SELECT groups the
   indicator's facts (accounting.indicators) by hub and month (and distinct
   key) into HubMonthFact. This is the one pass over the source tables; it can
   be run for any set of hubs, so a full run is split into parts that several
   Celery workers share (accounting.tasks).
2. Derive: from the partials, one INSERT … SELECT per aggregation and period
   type (month, quarter, year) groups by GROUPING SETS (hub, municipality,
   rural/urban, county). The partials are small (hubs × months), so this is
   cheap. Manual values are copied in, and the agency-network coverage is
   computed for the county.

- Full run (nightly, or a staff member's "recompute"): rewrites every partial
  and every computed snapshot.
- Incremental run (after a change to one hub's data in one month): rewrites
  that hub's partials for that month, then only the snapshots that depend on
  it: that hub, its municipality, its rural/urban class and the county, for
  that month, its quarter and its year.

Both are idempotent: partials and snapshots are a function of the raw tables.
Each step runs in a transaction: a run that dies midway rolls back and leaves
the previous snapshots intact. Advisory locks keep concurrent runs apart: one
per hub for partials, one for the snapshots.
"""

import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from hubs.models import Hub, Organisation

from .indicators import AGENCY_COVERAGE, COMPUTED, DISTINCT, FIRST, MEAN, PERCENT, SUM, Computed
from .models import (
    HubMonthFact,
    Indicator,
    ManualValue,
    PeriodType,
    RollupRun,
    ScopeType,
    Snapshot,
    scope_key,
)

SNAPSHOT = Snapshot._meta.db_table
PARTIAL = HubMonthFact._meta.db_table
TRUNC = {PeriodType.MONTH: "month", PeriodType.QUARTER: "quarter", PeriodType.YEAR: "year"}
# The first of the month of a local date (a date, not a timestamp: no time zone work).
MONTH_OF = "date_trunc('month', ({col})::timestamp)::date"

# value, numerator, denominator, people: from the partials (alias p).
_AGGREGATES = {
    SUM: ("SUM(p.num)", "SUM(p.num)", "NULL::numeric", "SUM(p.people)"),
    DISTINCT: ("COUNT(DISTINCT p.dkey)", "COUNT(DISTINCT p.dkey)", "NULL::numeric", "NULL::int"),
    FIRST: ("COUNT(DISTINCT p.dkey)", "COUNT(DISTINCT p.dkey)", "NULL::numeric", "NULL::int"),
    PERCENT: (
        "100.0 * SUM(p.num) / NULLIF(SUM(p.den), 0)",
        "SUM(p.num)",
        "SUM(p.den)",
        "NULL::int",
    ),
    MEAN: (
        "SUM(p.num)::numeric / NULLIF(SUM(p.den), 0)",
        "SUM(p.num)",
        "SUM(p.den)",
        "SUM(p.people)",
    ),
}

_LOCK_NAMESPACE = zlib.crc32(b"accounting.rollup") & 0x7FFFFFFF
_SNAPSHOT_LOCK = 0


@dataclass(frozen=True)
class Affected:
    """What an incremental run recomputes: one hub in one month."""

    hub_id: int
    municipality_id: int | None
    area_class: str
    month: date

    def scope_keys(self) -> list[str]:
        keys = [scope_key(ScopeType.HUB, hub_id=self.hub_id), scope_key(ScopeType.COUNTY)]
        if self.municipality_id:
            keys.append(scope_key(ScopeType.MUNICIPALITY, municipality_id=self.municipality_id))
        if self.area_class:
            keys.append(scope_key(ScopeType.AREA, area_class=self.area_class))
        return keys

    def period_starts(self) -> dict[str, date]:
        quarter_month = 3 * ((self.month.month - 1) // 3) + 1
        return {
            PeriodType.MONTH: self.month.replace(day=1),
            PeriodType.QUARTER: date(self.month.year, quarter_month, 1),
            PeriodType.YEAR: date(self.month.year, 1, 1),
        }


def _lock(cursor, key: int) -> None:
    """A transaction-level advisory lock (key 0: the snapshots; else a hub id)."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, key])


# --- Step 1: partials -------------------------------------------------------------


def grouped_facts_sql(computed: Computed, *, hubs: bool, month: bool) -> str:
    """The indicator's facts grouped by hub and month (and distinct key): the
    SELECT that fills the partials, and, alone, the benchmark's floor."""
    where = ["facts.day <= %(today)s"]
    if hubs:
        where.append("facts.hub_id = ANY(%(hub_ids)s)")
    if month and computed.aggregation != FIRST:
        where.append("facts.day >= %(start)s AND facts.day < %(end)s")
    month_of = MONTH_OF.format(col="facts.day")
    return f"""
    SELECT facts.hub_id, {month_of} AS month, COALESCE(facts.dkey, '') AS dkey,
           MIN(facts.day) AS first_day, SUM(facts.num) AS num, SUM(facts.den) AS den,
           SUM(facts.people) AS people
    FROM ({computed.facts_sql}) facts
    WHERE {" AND ".join(where)}
    GROUP BY facts.hub_id, {month_of}, COALESCE(facts.dkey, '')
    """


def _partials(hub_ids: Sequence[int] | None, *, today: date, month: date | None = None) -> int:
    """Rewrite the partials of these hubs (None: all), for one month or all."""
    indicators = _computed_indicators()
    rows = 0
    with connection.cursor() as cursor:
        for hub_id in sorted(hub_ids or Hub.objects.values_list("pk", flat=True)):
            _lock(cursor, hub_id)
        for computed in COMPUTED:
            indicator = indicators.get(computed.code)
            if indicator is None:
                continue
            params = {"indicator_id": indicator.pk, "today": today, "hub_ids": list(hub_ids or [])}
            delete = HubMonthFact.objects.filter(indicator_id=indicator.pk)
            if hub_ids is not None:
                delete = delete.filter(hub_id__in=hub_ids)
            by_month = month is not None and computed.aggregation != FIRST
            if by_month:
                params |= {"start": month, "end": _period_end(PeriodType.MONTH, month)}
                delete = delete.filter(month=month)
            delete.delete()
            cursor.execute(
                f"""INSERT INTO {PARTIAL}
                    (indicator_id, hub_id, month, dkey, first_day, num, den, people)
                SELECT %(indicator_id)s, g.* FROM (
                    {grouped_facts_sql(computed, hubs=hub_ids is not None, month=by_month)}
                ) g""",
                params,
            )
            rows += cursor.rowcount
    return rows


# --- Step 2: derive snapshots ---------------------------------------------------------


def _derive_sql(aggregation: str, *, affected: bool) -> str:
    value, numerator, denominator, people = _AGGREGATES[aggregation]
    source = f"{PARTIAL}"
    if aggregation == FIRST:
        # Each key once, at its county-wide first appearance.
        source = f"""(SELECT DISTINCT ON (indicator_id, dkey) * FROM {PARTIAL}
                      WHERE indicator_id = ANY(%(indicator_ids)s)
                      ORDER BY indicator_id, dkey, first_day, hub_id)"""
    period_filter = "AND p.month >= %(start)s AND p.month < %(end)s" if affected else ""
    restrict = ""
    if affected:
        restrict = """
          AND (GROUPING(h.id) = 1 OR h.id = %(hub_id)s)
          AND (GROUPING(h.municipality_id) = 1
               OR h.municipality_id IS NOT DISTINCT FROM %(municipality_id)s)
          AND (GROUPING(mu.area_class) = 1 OR mu.area_class = %(area_class)s)"""
    return f"""
    INSERT INTO {SNAPSHOT} (
        indicator_id, scope_type, scope_key, hub_id, municipality_id, area_class,
        period_type, period_start, value, numerator, denominator, people, computed_at
    )
    SELECT p.indicator_id,
        CASE WHEN GROUPING(h.id) = 0 THEN 'hub'
             WHEN GROUPING(h.municipality_id) = 0 THEN 'municipality'
             WHEN GROUPING(mu.area_class) = 0 THEN 'area' ELSE 'county' END,
        CASE WHEN GROUPING(h.id) = 0 THEN 'hub:' || h.id
             WHEN GROUPING(h.municipality_id) = 0 THEN 'municipality:' || h.municipality_id
             WHEN GROUPING(mu.area_class) = 0 THEN 'area:' || mu.area_class ELSE 'county' END,
        CASE WHEN GROUPING(h.id) = 0 THEN h.id END,
        CASE WHEN GROUPING(h.municipality_id) = 0 THEN h.municipality_id END,
        CASE WHEN GROUPING(mu.area_class) = 0 THEN mu.area_class ELSE '' END,
        %(period_type)s, date_trunc(%(trunc)s, p.month::timestamp)::date,
        {value}, {numerator}, {denominator}, {people}, %(now)s
    FROM {source} p
    JOIN hubs_hub h ON h.id = p.hub_id
    LEFT JOIN hubs_municipality mu ON mu.id = h.municipality_id
    WHERE p.indicator_id = ANY(%(indicator_ids)s) {period_filter}
    GROUP BY p.indicator_id, date_trunc(%(trunc)s, p.month::timestamp),
             GROUPING SETS ((h.id), (h.municipality_id), (mu.area_class), ())
    HAVING NOT (GROUPING(h.municipality_id) = 0 AND h.municipality_id IS NULL)
       AND NOT (GROUPING(mu.area_class) = 0 AND mu.area_class IS NULL)
       {restrict}
    """


def _derive(*, affected: Affected | None, now) -> int:
    by_aggregation: dict[str, list[int]] = {}
    indicators = _computed_indicators()
    for computed in COMPUTED:
        if computed.code in indicators:
            by_aggregation.setdefault(computed.aggregation, []).append(indicators[computed.code].pk)
    rows = 0
    with connection.cursor() as cursor:
        for aggregation, indicator_ids in by_aggregation.items():
            for period_type, trunc in TRUNC.items():
                params = {
                    "indicator_ids": indicator_ids,
                    "period_type": str(period_type),
                    "trunc": trunc,
                    "now": now,
                }
                if affected is not None:
                    start = affected.period_starts()[period_type]
                    params |= {
                        "start": start,
                        "end": _period_end(period_type, start),
                        "hub_id": affected.hub_id,
                        "municipality_id": affected.municipality_id,
                        "area_class": affected.area_class,
                    }
                cursor.execute(_derive_sql(aggregation, affected=affected is not None), params)
                rows += cursor.rowcount
    return rows


def _period_end(period_type: str, start: date) -> date:
    months = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}[period_type]
    total = start.month - 1 + months
    return date(start.year + total // 12, total % 12 + 1, 1)


def _indicator_ids(method: str, *, exclude: str = "") -> list[int]:
    """Indicator ids as a literal list: a DELETE joined to the indicator table gets
    a quadratic plan while the snapshot table's statistics are stale."""
    return list(
        Indicator.objects.filter(method=method).exclude(code=exclude).values_list("pk", flat=True)
    )


def _computed_indicators() -> dict[str, Indicator]:
    return {
        i.code: i
        for i in Indicator.objects.filter(method=Indicator.Method.COMPUTED, is_active=True)
    }


def _agency_coverage(*, today: date, now) -> int:
    indicator = _computed_indicators().get(AGENCY_COVERAGE)
    if indicator is None:
        return 0
    agencies = Organisation.objects.filter(kind=Organisation.Kind.STATE_AGENCY)
    total = agencies.count()
    members = agencies.filter(in_agency_network=True).count()
    if not total:
        return 0
    starts = Affected(hub_id=0, municipality_id=None, area_class="", month=today).period_starts()
    for period_type, start in starts.items():
        Snapshot.objects.update_or_create(
            indicator=indicator,
            scope_key=scope_key(ScopeType.COUNTY),
            period_type=period_type,
            period_start=start,
            defaults={
                "scope_type": ScopeType.COUNTY,
                "value": round(100 * members / total, 4),
                "numerator": members,
                "denominator": total,
                "people": None,
                "computed_at": now,
            },
        )
    return len(starts)


def _manual(*, now) -> int:
    """Copy manual values into snapshots (replacing earlier copies)."""
    Snapshot.objects.filter(indicator_id__in=_indicator_ids(Indicator.Method.MANUAL)).delete()
    rows = [
        Snapshot(
            indicator_id=mv.indicator_id,
            scope_type=mv.scope_type,
            scope_key=scope_key(
                mv.scope_type, hub_id=mv.hub_id, municipality_id=mv.municipality_id
            ),
            hub_id=mv.hub_id,
            municipality_id=mv.municipality_id,
            period_type=mv.period_type,
            period_start=mv.period_start,
            value=mv.value,
            numerator=mv.value,
            people=mv.people,
            computed_at=now,
        )
        for mv in ManualValue.objects.all()
    ]
    Snapshot.objects.bulk_create(rows)
    return len(rows)


def derive_all(*, today: date | None = None) -> int:
    """Replace every computed snapshot from the partials (and the manual values)."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, _SNAPSHOT_LOCK)
        Snapshot.objects.filter(indicator_id__in=_indicator_ids(Indicator.Method.COMPUTED)).delete()
        rows = _derive(affected=None, now=now)
        rows += _agency_coverage(today=today, now=now)
        rows += _manual(now=now)
        # Fresh statistics for the dashboards' queries on the rewritten table.
        cursor.execute(f"ANALYZE {SNAPSHOT}")
    return rows


def rollup_part(hub_ids: Sequence[int], *, today: date | None = None) -> int:
    """One part of a split full run: rewrite these hubs' partials."""
    with transaction.atomic():
        return _partials(hub_ids, today=today or timezone.localdate())


def rollup_full(*, today: date | None = None) -> int:
    """Recompute every partial and every snapshot, in one transaction, in this
    process. Returns the number of snapshot rows written."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # (Not TRUNCATE: it fails inside a transaction with deferred FK checks pending.)
        _partials(None, today=today)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {PARTIAL}")
        return derive_all(today=today)


def hub_parts(parts: int) -> list[list[int]]:
    """The hubs split into at most `parts` groups of about equal data volume
    (activities + occupancy days), largest first, for a split full run."""
    hubs = list(Hub.objects.order_by("pk").values_list("pk", flat=True))
    weights = _hub_weights()
    groups: list[list[int]] = [[] for _ in range(max(1, min(parts, len(hubs))))]
    totals = [0] * len(groups)
    for hub_id in sorted(hubs, key=lambda pk: (-weights.get(pk, 0), pk)):
        lightest = totals.index(min(totals))
        groups[lightest].append(hub_id)
        totals[lightest] += weights.get(hub_id, 0) + 1
    return [group for group in groups if group]


def _hub_weights() -> dict[int, int]:
    from hubs.models import Activity, Occupancy

    weights: dict[int, int] = {}
    for model in (Activity, Occupancy):
        for hub_id, count in _counts_by_hub(model):
            weights[hub_id] = weights.get(hub_id, 0) + count
    return weights


def _counts_by_hub(model) -> Iterable[tuple[int, int]]:
    return model.objects.values("hub_id").annotate(n=Count("pk")).values_list("hub_id", "n")


def affected_for(hub_id: int, month: date) -> Affected | None:
    hub = Hub.objects.select_related("municipality").filter(pk=hub_id).first()
    if hub is None:
        return None
    return Affected(
        hub_id=hub.pk,
        municipality_id=hub.municipality_id,
        area_class=hub.municipality.area_class if hub.municipality else "",
        month=month.replace(day=1),
    )


def rollup_incremental(*, hub_id: int, month: date, today: date | None = None) -> int:
    """Recompute only what depends on this hub's data in this month."""
    affected = affected_for(hub_id, month)
    if affected is None:
        return 0
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        _partials([hub_id], today=today, month=affected.month)
        with connection.cursor() as cursor:
            _lock(cursor, _SNAPSHOT_LOCK)
        for period_type, start in affected.period_starts().items():
            Snapshot.objects.filter(
                indicator_id__in=_indicator_ids(Indicator.Method.COMPUTED, exclude=AGENCY_COVERAGE),
                scope_key__in=affected.scope_keys(),
                period_type=period_type,
                period_start=start,
            ).delete()
        return _derive(affected=affected, now=now)


def _expire_abandoned() -> None:
    # A run still "running" after an hour died with its worker; its transaction
    # was rolled back, so the snapshots are those of the run before it.
    RollupRun.objects.filter(
        status=RollupRun.Status.RUNNING, started_at__lt=timezone.now() - timedelta(hours=1)
    ).update(status=RollupRun.Status.FAILED, error="abandoned: the worker stopped during the run")


def _fail(run: RollupRun, exc: BaseException, started: float | None = None) -> None:
    run.status = RollupRun.Status.FAILED
    run.error = f"{type(exc).__name__}: {exc}"[:4000]
    run.finished_at = timezone.now()
    if started is not None:
        run.duration_ms = int((time.monotonic() - started) * 1000)
    else:
        run.duration_ms = int((run.finished_at - run.started_at).total_seconds() * 1000)
    run.save(update_fields=["status", "error", "finished_at", "duration_ms"])


def run_logged(
    kind: str, *, hub_id: int | None = None, month: date | None = None, user=None
) -> RollupRun:
    """Run a roll-up in this process and record it in the run log (start, end,
    rows, duration, error)."""
    _expire_abandoned()
    run = RollupRun.objects.create(kind=kind, hub_id=hub_id, month=month, requested_by=user)
    started = time.monotonic()
    try:
        if kind == RollupRun.Kind.FULL:
            rows = rollup_full()
        else:
            rows = rollup_incremental(hub_id=hub_id, month=month)
    except Exception as exc:
        _fail(run, exc, started)
        raise
    run.status = RollupRun.Status.SUCCEEDED
    run.rows = rows
    run.finished_at = timezone.now()
    run.duration_ms = int((time.monotonic() - started) * 1000)
    run.save(update_fields=["status", "rows", "finished_at", "duration_ms"])
    return run


def start_split_run(parts: int, *, user=None) -> RollupRun:
    """Log a full run that is split into `parts` parts (see run_part)."""
    _expire_abandoned()
    return RollupRun.objects.create(kind=RollupRun.Kind.FULL, parts=parts, requested_by=user)


def run_part(run_id: int, index: int, hub_ids: Sequence[int]) -> RollupRun | None:
    """One part of a split full run: rewrite these hubs' partials; the last part
    to finish derives every snapshot, in the same transaction. A part delivered
    twice (its worker died after committing) does nothing the second time; a
    part whose worker died before committing is redone from scratch."""
    if not RollupRun.objects.filter(pk=run_id, status=RollupRun.Status.RUNNING).exists():
        return None
    try:
        with transaction.atomic():
            today = timezone.localdate()
            _partials(hub_ids, today=today)
            run = (
                RollupRun.objects.select_for_update()
                .filter(pk=run_id, status=RollupRun.Status.RUNNING)
                .first()
            )
            if run is None or index in run.parts_done:
                transaction.set_rollback(True)
                return run
            run.parts_done = sorted({*run.parts_done, index})
            fields = ["parts_done"]
            if len(run.parts_done) >= run.parts:
                run.rows = derive_all(today=today)
                run.status = RollupRun.Status.SUCCEEDED
                run.finished_at = timezone.now()
                run.duration_ms = int((run.finished_at - run.started_at).total_seconds() * 1000)
                fields += ["rows", "status", "finished_at", "duration_ms"]
            run.save(update_fields=fields)
            return run
    except Exception as exc:
        run = RollupRun.objects.filter(pk=run_id).first()
        if run is not None:
            _fail(run, exc)
        raise
