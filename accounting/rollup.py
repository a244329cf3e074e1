"""The roll-up: facts → snapshots, in PostgreSQL, set-based.

For each computed indicator and period type (month, quarter, year) one
INSERT … SELECT groups the indicator's facts by period and by
GROUPING SETS (hub, municipality, rural/urban, county). Manual values are
copied in, and the agency-network coverage is computed for the county.

- Full run (nightly, or a staff member's "recompute"): replaces every
  computed snapshot in one transaction.
- Incremental run (after a change to one hub's data in one month): replaces
  only the snapshots that depend on it: that hub, its municipality, its
  rural/urban class and the county, for that month, its quarter and its year.

Both are idempotent: the snapshots are a function of the raw tables. A run
that dies midway rolls back and leaves the previous snapshots intact.
"""

import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from hubs.models import Hub, Organisation

from .indicators import AGENCY_COVERAGE, COMPUTED, DISTINCT, MEAN, PERCENT, SUM, Computed
from .models import Indicator, ManualValue, PeriodType, RollupRun, ScopeType, Snapshot, scope_key

SNAPSHOT = Snapshot._meta.db_table
TRUNC = {PeriodType.MONTH: "month", PeriodType.QUARTER: "quarter", PeriodType.YEAR: "year"}

_AGGREGATES = {
    SUM: ("SUM(f.num)", "SUM(f.num)", "NULL::numeric", "SUM(f.people)"),
    DISTINCT: ("COUNT(DISTINCT f.dkey)", "COUNT(DISTINCT f.dkey)", "NULL::numeric", "NULL::int"),
    PERCENT: (
        "100.0 * SUM(f.num) / NULLIF(SUM(f.den), 0)",
        "SUM(f.num)",
        "SUM(f.den)",
        "NULL::int",
    ),
    MEAN: (
        "SUM(f.num)::numeric / NULLIF(SUM(f.den), 0)",
        "SUM(f.num)",
        "SUM(f.den)",
        "SUM(f.people)",
    ),
}


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


def _insert_sql(computed: Computed, *, affected: Affected | None) -> str:
    value, numerator, denominator, people = _AGGREGATES[computed.aggregation]
    restrict = ""
    if affected is not None:
        restrict = """
          AND (GROUPING(f.hub_id) = 1 OR f.hub_id = %(hub_id)s)
          AND (GROUPING(f.municipality_id) = 1
               OR f.municipality_id IS NOT DISTINCT FROM %(municipality_id)s)
          AND (GROUPING(f.area_class) = 1 OR f.area_class = %(area_class)s)"""
    period_filter = "AND f.day >= %(start)s AND f.day < %(end)s" if affected is not None else ""
    return f"""
    WITH facts AS ({computed.facts_sql}),
    f AS (
        SELECT facts.*, h.municipality_id, mu.area_class
        FROM facts
        JOIN hubs_hub h ON h.id = facts.hub_id
        LEFT JOIN hubs_municipality mu ON mu.id = h.municipality_id
        WHERE facts.day <= %(today)s
    )
    INSERT INTO {SNAPSHOT} (
        indicator_id, scope_type, scope_key, hub_id, municipality_id, area_class,
        period_type, period_start, value, numerator, denominator, people, computed_at
    )
    SELECT %(indicator_id)s,
        CASE WHEN GROUPING(f.hub_id) = 0 THEN 'hub'
             WHEN GROUPING(f.municipality_id) = 0 THEN 'municipality'
             WHEN GROUPING(f.area_class) = 0 THEN 'area' ELSE 'county' END,
        CASE WHEN GROUPING(f.hub_id) = 0 THEN 'hub:' || f.hub_id
             WHEN GROUPING(f.municipality_id) = 0 THEN 'municipality:' || f.municipality_id
             WHEN GROUPING(f.area_class) = 0 THEN 'area:' || f.area_class ELSE 'county' END,
        CASE WHEN GROUPING(f.hub_id) = 0 THEN f.hub_id END,
        CASE WHEN GROUPING(f.municipality_id) = 0 THEN f.municipality_id END,
        CASE WHEN GROUPING(f.area_class) = 0 THEN f.area_class ELSE '' END,
        %(period_type)s, date_trunc(%(trunc)s, f.day)::date,
        {value}, {numerator}, {denominator}, {people}, %(now)s
    FROM f
    WHERE TRUE {period_filter}
    GROUP BY date_trunc(%(trunc)s, f.day),
             GROUPING SETS ((f.hub_id), (f.municipality_id), (f.area_class), ())
    HAVING NOT (GROUPING(f.municipality_id) = 0 AND f.municipality_id IS NULL)
       AND NOT (GROUPING(f.area_class) = 0 AND f.area_class IS NULL)
       {restrict}
    """


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


def _compute(*, affected: Affected | None, today: date, now) -> int:
    indicators = _computed_indicators()
    rows = 0
    with connection.cursor() as cursor:
        for computed in COMPUTED:
            indicator = indicators.get(computed.code)
            if indicator is None:
                continue
            for period_type, trunc in TRUNC.items():
                params = {
                    "indicator_id": indicator.pk,
                    "period_type": str(period_type),
                    "trunc": trunc,
                    "today": today,
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
                cursor.execute(_insert_sql(computed, affected=affected), params)
                rows += cursor.rowcount
    return rows


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


def rollup_full(*, today: date | None = None) -> int:
    """Recompute every snapshot. Returns the number of rows written."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        Snapshot.objects.filter(indicator_id__in=_indicator_ids(Indicator.Method.COMPUTED)).delete()
        rows = _compute(affected=None, today=today, now=now)
        rows += _agency_coverage(today=today, now=now)
        rows += _manual(now=now)
        # Fresh statistics for the dashboards' queries on the rewritten table.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SNAPSHOT}")
    return rows


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
        for period_type, start in affected.period_starts().items():
            Snapshot.objects.filter(
                indicator_id__in=_indicator_ids(Indicator.Method.COMPUTED, exclude=AGENCY_COVERAGE),
                scope_key__in=affected.scope_keys(),
                period_type=period_type,
                period_start=start,
            ).delete()
        return _compute(affected=affected, today=today, now=now)


def run_logged(
    kind: str, *, hub_id: int | None = None, month: date | None = None, user=None
) -> RollupRun:
    """Run a roll-up and record it in the run log (start, end, rows, duration, error)."""
    # A run still "running" after an hour died with its worker; its transaction
    # was rolled back, so the snapshots are those of the run before it.
    RollupRun.objects.filter(
        status=RollupRun.Status.RUNNING, started_at__lt=timezone.now() - timedelta(hours=1)
    ).update(status=RollupRun.Status.FAILED, error="abandoned: the worker stopped during the run")
    run = RollupRun.objects.create(kind=kind, hub_id=hub_id, month=month, requested_by=user)
    started = time.monotonic()
    try:
        if kind == RollupRun.Kind.FULL:
            rows = rollup_full()
        else:
            rows = rollup_incremental(hub_id=hub_id, month=month)
    except Exception as exc:
        run.status = RollupRun.Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:4000]
        run.finished_at = timezone.now()
        run.duration_ms = int((time.monotonic() - started) * 1000)
        run.save(update_fields=["status", "error", "finished_at", "duration_ms"])
        raise
    run.status = RollupRun.Status.SUCCEEDED
    run.rows = rows
    run.finished_at = timezone.now()
    run.duration_ms = int((time.monotonic() - started) * 1000)
    run.save(update_fields=["status", "rows", "finished_at", "duration_ms"])
    return run
