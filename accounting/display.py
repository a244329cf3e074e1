"""One way to show an indicator value, used by pages, exports and the API:
fewer than 5 people behind a value that rests on people → "<5"."""

from decimal import ROUND_HALF_UP, Decimal

from coworking_region.lib.privacy import SMALL_COUNT_THRESHOLD

from .models import Indicator

SUPPRESSED = f"<{SMALL_COUNT_THRESHOLD}"


def is_suppressed(indicator: Indicator, people: int | None) -> bool:
    return bool(
        indicator.counts_people and people is not None and 0 < people < SMALL_COUNT_THRESHOLD
    )


def rounded(indicator: Indicator, value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-indicator.decimals)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def display_value(indicator: Indicator, value: Decimal | float | None, people: int | None) -> str:
    """The value as text: "<5" when suppressed, "–" when there is none."""
    if is_suppressed(indicator, people):
        return SUPPRESSED
    number = rounded(indicator, value)
    if number is None:
        return "–"
    return f"{number:,}".replace(",", "\u00a0")


def export_value(
    indicator: Indicator, value: Decimal | float | None, people: int | None
) -> str | Decimal:
    """For CSV/XLSX/API: a number, or the text "<5" (never the hidden number)."""
    if is_suppressed(indicator, people):
        return SUPPRESSED
    number = rounded(indicator, value)
    return "" if number is None else number
