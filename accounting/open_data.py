"""Open data: the county's and the municipalities' indicator tables as CSV,
regenerated nightly (accounting.tasks.open_data_generate) from the snapshots
and stored in OpenDataFile, from where the public page serves them.

UTF-8, comma-separated, one header row. Values go through
accounting.display.export_value, so a value resting on fewer than 5 people
is the text "<5"; the number of people is never exported. The content is a
function of the snapshots (no timestamps inside): generating twice gives the
same files.
"""

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .display import export_value
from .models import Indicator, OpenDataFile, PeriodType, ScopeType, Snapshot

HEADER = [
    "indicator_code",
    "name_sv",
    "name_en",
    "unit",
    "scope",
    "period_type",
    "period_start",
    "value",
]
PERIOD_TYPES = [PeriodType.YEAR, PeriodType.QUARTER]
COUNTY_NAME = "Jämtlands län"  # a proper name, the same in every language
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Region Jämtland Härjedalen"


@dataclass(frozen=True)
class OpenDataSet:
    name: str
    scope_type: str


COUNTY_FILE = OpenDataSet(name="lan-indikatorer", scope_type=ScopeType.COUNTY)
MUNICIPALITY_FILE = OpenDataSet(name="kommun-indikatorer", scope_type=ScopeType.MUNICIPALITY)
DATA_SETS = (COUNTY_FILE, MUNICIPALITY_FILE)


def _rows(data_set: OpenDataSet) -> list[list[object]]:
    snapshots = (
        Snapshot.objects.filter(
            scope_type=data_set.scope_type,
            period_type__in=PERIOD_TYPES,
            indicator__is_active=True,
        )
        .select_related("indicator", "municipality")
        .only(
            "value",
            "people",
            "period_type",
            "period_start",
            "indicator__code",
            "indicator__name_sv",
            "indicator__name_en",
            "indicator__unit",
            "indicator__counts_people",
            "indicator__decimals",
            "municipality__name",
        )
    )
    rows = []
    for s in snapshots:
        indicator: Indicator = s.indicator
        scope = s.municipality.name if s.municipality_id else COUNTY_NAME
        rows.append(
            [
                indicator.code,
                indicator.name_sv,
                indicator.name_en,
                indicator.unit,
                scope,
                s.period_type,
                s.period_start.isoformat(),
                export_value(indicator, s.value, s.people),
            ]
        )
    # A stable order, so that the same snapshots always give the same file.
    rows.sort(key=lambda r: (r[0], r[4], r[5], r[6]))
    return rows


def open_data_csv(data_set: OpenDataSet) -> tuple[str, int]:
    """The CSV text and its number of data rows."""
    rows = _rows(data_set)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue(), len(rows)


def generate_open_data(*, now=None) -> list[OpenDataFile]:
    """Write (or rewrite) every open-data file."""
    now = now or timezone.now()
    files = []
    with transaction.atomic():
        for data_set in DATA_SETS:
            content, rows = open_data_csv(data_set)
            stored, _created = OpenDataFile.objects.update_or_create(
                name=data_set.name,
                defaults={"content": content, "rows": rows, "generated_at": now},
            )
            files.append(stored)
    return files
