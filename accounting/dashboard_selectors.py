"""Reads for the county dashboard and a hub's report.

Every value comes from Snapshot (never the raw tables), in a fixed number of
queries whatever the number of hubs, municipalities or periods:

- `references()`: active indicators, municipalities, active hubs (3 queries);
- `periods_present()`: the period starts present for a period type (1 query);
- `county_report()` / `hub_report()`: the snapshots of everything shown (1 query)
  and the targets of the year for the scope (1 query); the hub report adds the
  hub's two latest self-assessments with their factors (2 queries).

The report objects below are a read model for the pages and the exports: the
values they expose always go through accounting.display (suppression: fewer
than 5 people behind a value → "<5", never the number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, reduce
from operator import or_

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hubs.models import Hub, Municipality

from . import charts
from .display import display_value, export_value, is_suppressed
from .indicators import AGENCY_COVERAGE, COMPUTED, MEAN, PERCENT
from .models import (
    Capital,
    Indicator,
    PeriodType,
    ScopeType,
    SelfAssessment,
    SelfAssessmentFactor,
    Snapshot,
    Target,
    scope_key,
)
from .services import self_assessment_change

SERIES_LENGTH = 12
MONTHS_PER_PERIOD = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}
AREA_CLASSES = ("rural", "urban")
# Rates and means can be held against a yearly target in any period; sums and
# counts only over a whole year.
RATE_CODES = frozenset(
    [c.code for c in COMPUTED if c.aggregation in (MEAN, PERCENT)] + [AGENCY_COVERAGE]
)


# --- Periods --------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    type: str
    start: date

    @classmethod
    def containing(cls, period_type: str, day: date) -> Period:
        months = MONTHS_PER_PERIOD[period_type]
        return cls(period_type, date(day.year, months * ((day.month - 1) // months) + 1, 1))

    def shifted(self, steps: int) -> Period:
        total = self.start.year * 12 + self.start.month - 1 + steps * MONTHS_PER_PERIOD[self.type]
        return Period(self.type, date(total // 12, total % 12 + 1, 1))

    @property
    def previous(self) -> Period:
        return self.shifted(-1)

    def series(self, length: int = SERIES_LENGTH) -> list[Period]:
        """The `length` periods ending with this one, oldest first."""
        return [self.shifted(-steps) for steps in range(length - 1, -1, -1)]

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        if self.type == PeriodType.MONTH:
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        if self.type == PeriodType.QUARTER:
            return pgettext("period", "Q%(quarter)s %(year)s") % {
                "quarter": self.quarter,
                "year": self.start.year,
            }
        return str(self.start.year)

    @property
    def short_label(self) -> str:
        """Language-neutral label for chart axes, file names and exports."""
        if self.type == PeriodType.MONTH:
            return f"{self.start:%Y-%m}"
        if self.type == PeriodType.QUARTER:
            return f"{self.start.year}-Q{self.quarter}"
        return str(self.start.year)

    @property
    def value(self) -> str:
        return self.start.isoformat()


def periods_present(period_type: str) -> list[date]:
    """Period starts for which snapshots exist, newest first (1 query)."""
    return list(
        Snapshot.objects.filter(period_type=period_type)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .distinct()
    )


# --- Reference data -------------------------------------------------------------


@dataclass(frozen=True)
class References:
    indicators: list[Indicator]
    municipalities: list[Municipality]
    hubs: list[Hub]

    @cached_property
    def municipality_by_id(self) -> dict[int, Municipality]:
        return {m.pk: m for m in self.municipalities}

    def municipality_name(self, hub: Hub) -> str:
        municipality = self.municipality_by_id.get(hub.municipality_id or 0)
        return municipality.name if municipality else ""


def indicators_active() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("sort_order", "code"))


def references() -> References:
    """Active indicators, municipalities and active hubs (3 queries)."""
    return References(
        indicators=indicators_active(),
        municipalities=list(Municipality.objects.order_by("name")),
        hubs=list(Hub.objects.filter(is_active=True).order_by("name")),
    )


# --- Values ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One indicator's value in one scope and period (or its absence)."""

    indicator: Indicator
    snapshot: Snapshot | None

    @property
    def people(self) -> int | None:
        return self.snapshot.people if self.snapshot else None

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.indicator, self.people)

    @property
    def number(self) -> Decimal | None:
        """The value for charts and comparisons: None when suppressed or missing."""
        if self.snapshot is None or self.suppressed:
            return None
        return self.snapshot.value

    @property
    def text(self) -> str:
        return display_value(
            self.indicator, self.snapshot.value if self.snapshot else None, self.people
        )

    @property
    def export(self) -> str | Decimal:
        return export_value(
            self.indicator, self.snapshot.value if self.snapshot else None, self.people
        )


@dataclass(frozen=True)
class Tile:
    """A KPI tile: the value, its trend since the previous period and the target."""

    indicator: Indicator
    period: Period
    current: Cell
    previous: Cell
    target: Target | None

    @property
    def change(self) -> Decimal | None:
        """Change since the previous period in %, when both values can be shown."""
        now, before = self.current.number, self.previous.number
        if now is None or before is None or before == 0:
            return None
        return ((now - before) / abs(before) * 100).quantize(Decimal("0.1"))

    @property
    def change_text(self) -> str:
        change = self.change
        return "" if change is None else f"{change:+}"

    @property
    def trend(self) -> str:
        now, before = self.current.number, self.previous.number
        if now is None or before is None:
            return "none"
        now, before = _shown(self.indicator, now), _shown(self.indicator, before)
        return "up" if now > before else "down" if now < before else "flat"

    @property
    def judgement(self) -> str:
        trend = self.trend
        if trend == "none":
            return ""
        if trend == "flat":
            return "same"
        higher = self.indicator.direction == Indicator.Direction.HIGHER
        return "better" if (trend == "up") == higher else "worse"

    @property
    def target_text(self) -> str:
        return display_value(self.indicator, self.target.value, None) if self.target else ""

    @property
    def target_comparable(self) -> bool:
        return self.period.type == PeriodType.YEAR or self.indicator.code in RATE_CODES

    @property
    def target_status(self) -> str:
        """none (no target), annual (a part-year sum against a yearly target),
        unknown (no value to compare), met or not-met."""
        if self.target is None:
            return "none"
        if not self.target_comparable:
            return "annual"
        value = self.current.number
        if value is None:
            return "unknown"
        value = _shown(self.indicator, value)
        if self.indicator.direction == Indicator.Direction.HIGHER:
            return "met" if value >= self.target.value else "not-met"
        return "met" if value <= self.target.value else "not-met"


def _shown(indicator: Indicator, value: Decimal) -> Decimal:
    """Compare what is shown, so the arrow agrees with the numbers on the page."""
    return value.quantize(Decimal(1).scaleb(-indicator.decimals))


@dataclass
class Series:
    indicator: Indicator
    points: list[tuple[Period, Cell]]

    @cached_property
    def chart(self) -> str:
        return charts.line_chart(
            [(period.short_label, cell.number, cell.text) for period, cell in self.points],
            label=_(
                "%(indicator)s (%(unit)s), the last %(count)s periods; "
                "the values are in the table below."
            )
            % {
                "indicator": self.indicator.name,
                "unit": self.indicator.unit,
                "count": len(self.points),
            },
            fmt=lambda value: display_value(self.indicator, value, None),
            empty_text=_("No values in these periods."),
        )


@dataclass(frozen=True)
class HubRow:
    hub: Hub
    municipality: str
    cells: list[Cell]


@dataclass(frozen=True)
class AreaRow:
    indicator: Indicator
    rural: Cell
    urban: Cell


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    cell: Cell


@dataclass(frozen=True)
class FactorRow:
    factor: SelfAssessmentFactor
    change: int | None

    @property
    def evidence(self) -> list[tuple[str, bool]]:
        """Each evidence line, and whether it is a web address to link to."""
        lines = [line.strip() for line in self.factor.evidence.splitlines() if line.strip()]
        return [(line, line.startswith(("https://", "http://"))) for line in lines]


@dataclass
class SelfAssessmentView:
    assessment: SelfAssessment
    previous: SelfAssessment | None
    rows: list[FactorRow]

    def for_capital(self, capital: str) -> list[FactorRow]:
        return [row for row in self.rows if row.factor.capital == capital]


@dataclass(frozen=True)
class TileGroup:
    capital: str
    label: str
    tiles: list[Tile]
    factors: list[FactorRow] = field(default_factory=list)


@dataclass
class Report:
    """Everything one dashboard page (and its exports) shows."""

    scope_type: str
    scope_label: str
    period: Period
    indicators: list[Indicator]
    tiles: list[Tile]
    series: list[Series]
    hub_rows: list[HubRow] = field(default_factory=list)
    area_rows: list[AreaRow] = field(default_factory=list)
    map_indicator: Indicator | None = None
    map_rows: list[MapRow] = field(default_factory=list)
    self_assessment: SelfAssessmentView | None = None

    @property
    def tile_groups(self) -> list[TileGroup]:
        groups = []
        for capital, label in Capital.choices:
            tiles = [t for t in self.tiles if t.indicator.capital == capital]
            factors = self.self_assessment.for_capital(capital) if self.self_assessment else []
            if tiles or factors:
                groups.append(TileGroup(capital, str(label), tiles, factors))
        return groups

    @cached_property
    def map_chart(self) -> charts.MapChart | None:
        if self.map_indicator is None:
            return None
        indicator = self.map_indicator
        return charts.choropleth(
            [
                charts.MapArea(row.code, row.name, row.cell.number, row.cell.text)
                for row in self.map_rows
            ],
            label=_(
                "Map of the county's 8 municipalities coloured by %(indicator)s, %(period)s; "
                "the values are in the table below."
            )
            % {"indicator": indicator.name, "period": self.period.label},
            fmt=lambda value: display_value(indicator, value, None),
            none_label=_("No value, or fewer than 5 people (<5)"),
        )

    @cached_property
    def hub_chart(self) -> str:
        """Bars of the map's indicator per hub (the hub table is its data table)."""
        indicator = self.map_indicator
        if indicator is None or not self.hub_rows:
            return ""
        column = self.indicators.index(indicator)
        return charts.bar_chart(
            [
                (row.hub.name, row.cells[column].number, row.cells[column].text)
                for row in self.hub_rows
            ],
            label=_("%(indicator)s per hub, %(period)s; the values are in the hub table.")
            % {"indicator": indicator.name, "period": self.period.label},
            fmt=lambda value: display_value(indicator, value, None),
        )


# --- Building the reports -------------------------------------------------------


SnapshotMap = dict[tuple[int, str, date], Snapshot]


def _snapshots(period_type: str, conditions: list[Q]) -> SnapshotMap:
    """All the snapshots a page shows, in one query."""
    rows = (
        Snapshot.objects.filter(period_type=period_type)
        .filter(reduce(or_, conditions))
        .only("indicator_id", "scope_key", "period_start", "value", "people", "hub_id")
    )
    return {(s.indicator_id, s.scope_key, s.period_start): s for s in rows}


def _targets(*, year: int, scope_type: str, hub_id: int | None = None,
             municipality_id: int | None = None) -> dict[int, Target]:  # fmt: skip
    """The targets of the year for the scope, by indicator (1 query; none for rural/urban)."""
    if scope_type == ScopeType.AREA:
        return {}
    rows = Target.objects.filter(
        year=year, scope_type=scope_type, hub_id=hub_id, municipality_id=municipality_id
    )
    return {t.indicator_id: t for t in rows}


def _cell(snapshots: SnapshotMap, indicator: Indicator, key: str, start: date) -> Cell:
    return Cell(indicator, snapshots.get((indicator.pk, key, start)))


def _tiles_and_series(
    indicators: list[Indicator],
    snapshots: SnapshotMap,
    key: str,
    period: Period,
    targets: dict[int, Target],
) -> tuple[list[Tile], list[Series]]:
    tiles, series = [], []
    periods = period.series()
    for indicator in indicators:
        tiles.append(
            Tile(
                indicator=indicator,
                period=period,
                current=_cell(snapshots, indicator, key, period.start),
                previous=_cell(snapshots, indicator, key, period.previous.start),
                target=targets.get(indicator.pk),
            )
        )
        series.append(
            Series(indicator, [(p, _cell(snapshots, indicator, key, p.start)) for p in periods])
        )
    return tiles, series


@dataclass(frozen=True)
class Filters:
    period: Period
    municipality: Municipality | None = None
    hub: Hub | None = None
    map_indicator: Indicator | None = None


def county_report(*, filters: Filters, refs: References) -> Report:
    """The county dashboard for the filters: the scope is the hub, else the
    municipality, else the county (2 queries)."""
    period = filters.period
    if filters.hub is not None:
        scope_type, label = ScopeType.HUB, filters.hub.name
        key = scope_key("hub", hub_id=filters.hub.pk)
        target_scope = {"hub_id": filters.hub.pk}
    elif filters.municipality is not None:
        scope_type = ScopeType.MUNICIPALITY
        key = scope_key("municipality", municipality_id=filters.municipality.pk)
        label = filters.municipality.name
        target_scope = {"municipality_id": filters.municipality.pk}
    else:
        scope_type, key, label, target_scope = ScopeType.COUNTY, "county", _("Jämtland county"), {}
    hubs = [
        h
        for h in refs.hubs
        if filters.municipality is None or h.municipality_id == filters.municipality.pk
    ]
    area_keys = [scope_key("area", area_class=area) for area in AREA_CLASSES]
    conditions = [
        Q(scope_key=key, period_start__in=[p.start for p in period.series()]),
        Q(scope_key__in=area_keys, period_start=period.start),
    ]
    if hubs:
        conditions.append(
            Q(scope_type=ScopeType.HUB, hub_id__in=[h.pk for h in hubs], period_start=period.start)
        )
    if filters.map_indicator is not None:
        conditions.append(
            Q(
                scope_type=ScopeType.MUNICIPALITY,
                indicator_id=filters.map_indicator.pk,
                period_start=period.start,
            )
        )
    snapshots = _snapshots(period.type, conditions)
    targets = _targets(year=period.start.year, scope_type=scope_type, **target_scope)
    indicators = refs.indicators
    tiles, series = _tiles_and_series(indicators, snapshots, key, period, targets)

    by_code = {m.code: m for m in refs.municipalities}
    map_rows = []
    if filters.map_indicator is not None:
        for code, name in charts.municipality_names():
            municipality = by_code.get(code)
            snapshot = (
                snapshots.get(
                    (
                        filters.map_indicator.pk,
                        scope_key("municipality", municipality_id=municipality.pk),
                        period.start,
                    )
                )
                if municipality
                else None
            )
            map_rows.append(MapRow(code, name, Cell(filters.map_indicator, snapshot)))
    return Report(
        scope_type=scope_type,
        scope_label=label,
        period=period,
        indicators=indicators,
        tiles=tiles,
        series=series,
        hub_rows=[
            HubRow(
                hub,
                refs.municipality_name(hub),
                [_cell(snapshots, i, f"hub:{hub.pk}", period.start) for i in indicators],
            )
            for hub in hubs
        ],
        area_rows=[
            AreaRow(
                i,
                _cell(snapshots, i, area_keys[0], period.start),
                _cell(snapshots, i, area_keys[1], period.start),
            )
            for i in indicators
        ],
        map_indicator=filters.map_indicator,
        map_rows=map_rows,
    )


def self_assessment_latest(hub: Hub) -> SelfAssessmentView | None:
    """The hub's latest self-assessment and each factor's change since the one
    before it (2 queries: assessments and their factors)."""
    latest_two = list(
        SelfAssessment.objects.filter(hub=hub).prefetch_related("factors").order_by("-year")[:2]
    )
    if not latest_two:
        return None
    current = latest_two[0]
    previous = latest_two[1] if len(latest_two) > 1 else None
    changes = self_assessment_change(current, previous)
    rows = [
        FactorRow(factor, changes.get((factor.capital, factor.name)))
        for factor in current.factors.all()
    ]
    return SelfAssessmentView(current, previous, rows)


def hub_report(*, hub: Hub, period: Period, indicators: list[Indicator]) -> Report:
    """One hub's report: tiles, series and the hub's targets (2 queries), and its
    latest self-assessment (2 queries)."""
    key = scope_key("hub", hub_id=hub.pk)
    snapshots = _snapshots(
        period.type, [Q(scope_key=key, period_start__in=[p.start for p in period.series()])]
    )
    targets = _targets(year=period.start.year, scope_type=ScopeType.HUB, hub_id=hub.pk)
    tiles, series = _tiles_and_series(indicators, snapshots, key, period, targets)
    return Report(
        scope_type=ScopeType.HUB,
        scope_label=hub.name,
        period=period,
        indicators=indicators,
        tiles=tiles,
        series=series,
        self_assessment=self_assessment_latest(hub),
    )
