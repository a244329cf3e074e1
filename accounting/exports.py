"""CSV and XLSX of exactly what a dashboard page shows: the KPI table, the
time series, the hub comparison, rural against urban and the map's table (the
hub report: KPI table, time series and the self-assessment). Values go through
accounting.display.export_value: a number, or "<5" — never a hidden number.

CSV: UTF-8 with a byte-order mark, semicolon-separated and a decimal comma, as
Excel expects in Swedish; one block per table, each with a title row and a
header row. XLSX (openpyxl): one sheet per table with a header row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .dashboard_selectors import Report, Tile

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    title: str
    sheet: str
    header: list[str]
    rows: list[list[str | int | Decimal | None]]


def _change(tile: Tile) -> Decimal | str:
    return "" if tile.change is None else tile.change


def kpi_table(report: Report) -> Table:
    return Table(
        title=_("Key figures: %(scope)s, %(period)s")
        % {"scope": report.scope_label, "period": report.period.label},
        sheet=_("Key figures"),
        header=[
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Capital"),
            _("Scope"),
            _("Period"),
            _("Value"),
            _("Previous period"),
            _("Change (%)"),
            _("Target"),
            _("Target status"),
        ],
        rows=[
            [
                t.indicator.code,
                t.indicator.name,
                t.indicator.unit,
                t.indicator.get_capital_display(),
                report.scope_label,
                report.period.short_label,
                t.current.export,
                t.previous.export,
                _change(t),
                "" if t.target is None else t.target.value,
                "" if t.target_status == "none" else t.target_status,
            ]
            for t in report.tiles
        ],
    )


def series_table(report: Report) -> Table:
    periods = [p for p, _cell in report.series[0].points] if report.series else []
    return Table(
        title=_("Time series: %(scope)s") % {"scope": report.scope_label},
        sheet=_("Time series"),
        header=[_("Code"), _("Indicator"), *[p.short_label for p in periods]],
        rows=[
            [s.indicator.code, s.indicator.name, *[cell.export for _p, cell in s.points]]
            for s in report.series
        ],
    )


def hub_table(report: Report) -> Table:
    return Table(
        title=_("Hubs, %(period)s") % {"period": report.period.label},
        sheet=_("Hubs"),
        header=[_("Hub"), _("Municipality"), *[i.name for i in report.indicators]],
        rows=[
            [row.hub.name, row.municipality, *[cell.export for cell in row.cells]]
            for row in report.hub_rows
        ],
    )


def area_table(report: Report) -> Table:
    return Table(
        title=_("Rural and urban, %(period)s") % {"period": report.period.label},
        sheet=_("Rural and urban"),
        header=[_("Code"), _("Indicator"), _("Rural"), _("Urban")],
        rows=[
            [row.indicator.code, row.indicator.name, row.rural.export, row.urban.export]
            for row in report.area_rows
        ],
    )


def map_table(report: Report) -> Table:
    indicator = report.map_indicator
    return Table(
        title=_("Municipalities: %(indicator)s, %(period)s")
        % {"indicator": indicator.name if indicator else "", "period": report.period.label},
        sheet=_("Municipalities"),
        header=[_("Municipality code"), _("Municipality"), _("Value")],
        rows=[[row.code, row.name, row.cell.export] for row in report.map_rows],
    )


def self_assessment_table(report: Report) -> Table:
    view = report.self_assessment
    rows: list[list[str | int | Decimal | None]] = []
    if view is not None:
        rows = [
            [
                row.factor.get_capital_display(),
                row.factor.name,
                row.factor.quantity,
                row.factor.quality,
                row.factor.systematics,
                row.factor.mean,
                "" if row.change is None else row.change,
            ]
            for row in view.rows
        ]
    return Table(
        title=_("Self-assessment %(year)s") % {"year": view.assessment.year if view else ""},
        sheet=_("Self-assessment"),
        header=[
            _("Capital"),
            _("Factor"),
            _("Quantity (%)"),
            _("Quality (%)"),
            _("Systematics (%)"),
            _("Mean (%)"),
            _("Change since previous year (points)"),
        ],
        rows=rows,
    )


def county_tables(report: Report) -> list[Table]:
    return [
        kpi_table(report),
        series_table(report),
        hub_table(report),
        area_table(report),
        map_table(report),
    ]


def hub_tables(report: Report) -> list[Table]:
    return [kpi_table(report), series_table(report), self_assessment_table(report)]


def _text(value: object) -> str:
    """Text cells that a spreadsheet would run as a formula get a leading quote."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) and text != "-" else text


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return str(value).replace(".", ",")
    return _text(value)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(tables: list[Table], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        writer.writerow([_text(table.title)])
        writer.writerow([_text(h) for h in table.header])
        for row in table.rows:
            writer.writerow([_csv_cell(v) for v in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename)


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    candidate, number = clean, 2
    while candidate in used:
        suffix = f" {number}"
        candidate, number = clean[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def xlsx_bytes(tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.sheet, used))
        sheet.append([_text(h) for h in table.header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append(
                [v if v is None or isinstance(v, Decimal | int) else _text(v) for v in row]
            )
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(tables: list[Table], filename: str) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE), filename)
