"""The annual intellectual-capital statement (årsredovisning) for the county
or one hub: the data both the printable page and the PDF are made from, and
the PDF itself (fpdf2, core font Helvetica).

Per capital, each indicator's value for the year against the year's target
and the year before (values through accounting.display, so fewer than 5
people show as "<5" and are never compared with anything); the challenges
and their progress; highlights from the year's insights.

Queries (fixed, whatever the amount of data): indicators, snapshots,
targets, challenges, their sub-results, their updates in the year, insights.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hubs.models import Hub
from learning_journeys.models import Insight, LearningJourney

from .display import display_value, is_suppressed
from .models import (
    Capital,
    Challenge,
    ChallengeUpdate,
    Indicator,
    PeriodType,
    ScopeType,
    Snapshot,
    Target,
    scope_key,
)
from .services import challenge_progress

HIGHLIGHTS = 10


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    value: str  # as shown: a number, "<5" or "–"
    target: str
    previous: str
    # Against the target: "met", "not_met" or "" (no target, no value, or suppressed).
    status: str
    # Against the year before: "better", "worse", "same" or "".
    trend: str


@dataclass(frozen=True)
class CapitalSection:
    capital: str
    label: str
    lines: list[IndicatorLine]


@dataclass(frozen=True)
class ChallengeLine:
    challenge: Challenge
    progress: int
    latest: ChallengeUpdate | None  # the newest update of the year
    updates: int  # updates in the year


@dataclass(frozen=True)
class AnnualReport:
    year: int
    hub: Hub | None
    sections: list[CapitalSection]
    challenges: list[ChallengeLine]
    highlights: list[Insight]
    generated_at: object = field(default_factory=timezone.now)

    @property
    def scope_name(self) -> str:
        return self.hub.name if self.hub else _("Jämtland county")


def _compare(indicator: Indicator, value: Decimal | None, other: Decimal | None) -> int | None:
    """+1 when `value` is better than `other` (by the indicator's direction),
    -1 when worse, 0 when equal, None when either is missing."""
    if value is None or other is None:
        return None
    if value == other:
        return 0
    better = value > other
    if indicator.direction == Indicator.Direction.LOWER:
        better = not better
    return 1 if better else -1


def _line(
    indicator: Indicator,
    current: Snapshot | None,
    previous: Snapshot | None,
    target: Target | None,
) -> IndicatorLine:
    value = current.value if current else None
    people = current.people if current else None
    before = previous.value if previous else None
    before_people = previous.people if previous else None
    hidden = is_suppressed(indicator, people)
    status = ""
    if target is not None and value is not None and not hidden:
        # Meeting the target is being at least as good as it.
        status = "met" if (_compare(indicator, value, target.value) or 0) >= 0 else "not_met"
    trend = ""
    if not hidden and not is_suppressed(indicator, before_people):
        trend = {1: "better", -1: "worse", 0: "same", None: ""}[_compare(indicator, value, before)]
    return IndicatorLine(
        indicator=indicator,
        value=display_value(indicator, value, people),
        target=display_value(indicator, target.value, None) if target else "–",
        previous=display_value(indicator, before, before_people),
        status=status,
        trend=trend,
    )


def _sections(*, year: int, hub: Hub | None) -> list[CapitalSection]:
    key = scope_key(ScopeType.HUB, hub_id=hub.pk) if hub else scope_key(ScopeType.COUNTY)
    this_year, last_year = date(year, 1, 1), date(year - 1, 1, 1)
    snapshots = {
        (s.indicator_id, s.period_start.year): s
        for s in Snapshot.objects.filter(
            scope_key=key,
            period_type=PeriodType.YEAR,
            period_start__in=[this_year, last_year],
        ).only("indicator_id", "period_start", "value", "people")
    }
    targets = Target.objects.filter(year=year)
    if hub:
        targets = targets.filter(scope_type=ScopeType.HUB, hub=hub)
    else:
        targets = targets.filter(scope_type=ScopeType.COUNTY)
    target_of = {t.indicator_id: t for t in targets}
    lines: dict[str, list[IndicatorLine]] = {c: [] for c in Capital.values}
    for indicator in Indicator.objects.filter(is_active=True):
        current = snapshots.get((indicator.pk, year))
        previous = snapshots.get((indicator.pk, year - 1))
        target = target_of.get(indicator.pk)
        if current is None and previous is None and target is None:
            continue  # e.g. a county-only indicator in a hub's report
        lines[indicator.capital].append(_line(indicator, current, previous, target))
    return [
        CapitalSection(capital=c.value, label=str(c.label), lines=lines[c.value]) for c in Capital
    ]


def _challenges(*, year: int, hub: Hub | None, include_private: bool) -> list[ChallengeLine]:
    challenges = Challenge.objects.prefetch_related(
        "sub_results",
        Prefetch(
            "updates",
            queryset=ChallengeUpdate.objects.filter(created_at__year=year).order_by(
                "-created_at", "-id"
            ),
            to_attr="year_updates",
        ),
    ).order_by("title")
    if hub:
        challenges = challenges.filter(hubs=hub)
    if not include_private:
        challenges = challenges.filter(is_public=True)
    return [
        ChallengeLine(
            challenge=c,
            progress=challenge_progress(c, c.sub_results.all()),
            latest=c.year_updates[0] if c.year_updates else None,
            updates=len(c.year_updates),
        )
        for c in challenges
    ]


def _highlights(*, year: int, hub: Hub | None) -> list[Insight]:
    insights = Insight.objects.filter(created_at__year=year).exclude(
        journey__status=LearningJourney.Status.DRAFT
    )
    if hub:
        insights = insights.filter(Q(meeting__hub=hub) | Q(journey__hub=hub))
    return list(
        insights.select_related("journey", "meeting").order_by("-created_at", "-id")[:HIGHLIGHTS]
    )


def annual_report_build(*, year: int, hub: Hub | None = None, include_private: bool = False
                        ) -> AnnualReport:  # fmt: skip
    """The statement for the county (hub=None) or one hub. Private challenges
    only with include_private (Region staff)."""
    return AnnualReport(
        year=year,
        hub=hub,
        sections=_sections(year=year, hub=hub),
        challenges=_challenges(year=year, hub=hub, include_private=include_private),
        highlights=_highlights(year=year, hub=hub),
    )


# --- PDF ----------------------------------------------------------------------------

# Helvetica (a core PDF font) covers Latin-1 only: Swedish å, ä, ö are fine;
# typographic characters outside it get ASCII equivalents.
_PDF_REPLACEMENTS = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2026": "...",
    "\u2192": "->",
    "\u2022": "*",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2082": "2",
}


def pdf_text(text: object) -> str:
    """Text Helvetica can draw: ASCII stand-ins, then "?" for anything else."""
    value = str(text)
    for char, replacement in _PDF_REPLACEMENTS.items():
        value = value.replace(char, replacement)
    return value.encode("latin-1", errors="replace").decode("latin-1")


def annual_report_pdf(report: AnnualReport, *, compress: bool = True) -> bytes:
    """The statement as PDF. Tests pass compress=False to read its text."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(pdf_text(_("Annual report %(year)s") % {"year": report.year}))
    pdf.set_author("Region Jämtland Härjedalen")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw
    new_line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, size * 0.5, pdf_text(text), **new_line)
        pdf.ln(1)

    def paragraph(text: str, size: int = 10, style: str = "") -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, 5, pdf_text(text), **new_line)

    heading(
        _("Intellectual capital statement %(year)s: %(scope)s")
        % {"year": report.year, "scope": report.scope_name},
        16,
    )
    paragraph(
        _("Region Jämtland Härjedalen, Accounting 2.0. Printed %(date)s.")
        % {"date": date_format(timezone.localtime(report.generated_at), "DATE_FORMAT")},
        9,
        "I",
    )
    paragraph(_("Fewer than 5 people behind a value are shown as <5 and are not compared."), 9, "I")
    pdf.ln(4)

    status_label = {"met": _("target met"), "not_met": _("target not met"), "": ""}
    for section in report.sections:
        heading(section.label.capitalize(), 13)
        if not section.lines:
            paragraph(_("No values for this year."), 10, "I")
            pdf.ln(3)
            continue
        pdf.set_font("Helvetica", "", 9)
        with pdf.table(
            col_widths=(44, 14, 14, 14, 14),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
            first_row_as_headings=True,
        ) as table:
            table.row(
                [
                    pdf_text(_("Indicator")),
                    pdf_text(str(report.year)),
                    pdf_text(_("Target")),
                    pdf_text(str(report.year - 1)),
                    pdf_text(_("Against target")),
                ]
            )
            for line in section.lines:
                table.row(
                    [
                        pdf_text(f"{line.indicator.name} ({line.indicator.unit})"),
                        pdf_text(line.value),
                        pdf_text(line.target),
                        pdf_text(line.previous),
                        pdf_text(status_label[line.status]),
                    ]
                )
        pdf.ln(4)

    heading(_("Challenges and their progress"), 13)
    if not report.challenges:
        paragraph(_("No challenges."), 10, "I")
    for item in report.challenges:
        paragraph(
            f"{item.challenge.title}: {item.challenge.get_stage_display()}, {item.progress} %",
            10,
            "B",
        )
        if item.latest is not None:
            paragraph(item.latest.progress_reason, 9)
    pdf.ln(4)

    heading(_("Highlights from insights"), 13)
    if not report.highlights:
        paragraph(_("No insights this year."), 10, "I")
    for insight in report.highlights:
        paragraph(f"{insight.get_kind_display().capitalize()}: {insight.text}", 9)
        paragraph(insight.journey.title, 8, "I")
        pdf.ln(1)
    return bytes(pdf.output())
