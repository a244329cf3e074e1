"""Changes to targets: one target per indicator, scope and year (saved again
it is updated), and the county climate target as a yearly series.

The climate series follows Länsstyrelsen Jämtlands län (accounting/data/
climate_targets.csv, first row): the county is to cut greenhouse-gas
emissions by at least 10 % every year 2023–2030. From the value of the base
year 2022, year n gets the target base × 0.9^(n − 2022) (compounded: each
year 10 % below the year before).
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.db import transaction

from hubs.models import Hub, Municipality

from .models import Indicator, ScopeType, Target

CLIMATE_TARGETS_CSV = Path(__file__).parent / "data" / "climate_targets.csv"
CLIMATE_BASE_YEAR = 2022
CLIMATE_YEARS = range(2023, 2031)
CLIMATE_FACTOR = Decimal("0.9")  # at least 10 % less than the year before
FOUR_PLACES = Decimal("0.0001")


def target_save(*, indicator: Indicator, scope_type: str, year: int, value: Decimal,
                hub: Hub | None = None, municipality: Municipality | None = None,
                note: str = "") -> Target:  # fmt: skip
    """Create the target, or update the one for this indicator, scope and year."""
    target, _created = Target.objects.update_or_create(
        indicator=indicator,
        scope_type=scope_type,
        hub=hub,
        municipality=municipality,
        year=year,
        defaults={"value": value, "note": note},
    )
    return target


@cache
def climate_target_source() -> str:
    """The county climate target and its source, from climate_targets.csv."""
    with CLIMATE_TARGETS_CSV.open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    return f"{first['target']}. {first['source']}"


def climate_series(base_value: Decimal) -> dict[int, Decimal]:
    """Yearly targets 2023–2030, each at least 10 % below the year before."""
    return {
        year: (base_value * CLIMATE_FACTOR ** (year - CLIMATE_BASE_YEAR)).quantize(
            FOUR_PLACES, rounding=ROUND_HALF_UP
        )
        for year in CLIMATE_YEARS
    }


def climate_series_create(*, indicator: Indicator, base_value: Decimal) -> list[Target]:
    """County targets for a lower-is-better indicator, 2023–2030."""
    if indicator.direction != Indicator.Direction.LOWER:
        raise ValueError("the climate series needs a lower-is-better indicator")
    note = climate_target_source()
    with transaction.atomic():
        return [
            target_save(
                indicator=indicator,
                scope_type=ScopeType.COUNTY,
                year=year,
                value=value,
                note=note,
            )
            for year, value in climate_series(base_value).items()
        ]
