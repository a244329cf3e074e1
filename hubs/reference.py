"""Load the county's reference data shipped in hubs/data/ (see docs/SOURCES.md).

Idempotent: rows are matched on their natural key and updated in place.
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import CountyEvent, Municipality, Organisation

DATA = Path(__file__).resolve().parent / "data"

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}

# Agencies named in the study as members of Myndighetsnätverket or tenants at
# Samverket (DOMAIN.md; study 2024). Membership beyond these is not documented.
AGENCY_NETWORK = {
    "Länsstyrelsen Jämtlands län",
    "Försäkringskassan",
    "Naturvårdsverket",
    "Myndigheten för tillväxtpolitiska utvärderingar och analyser (Tillväxtanalys)",
    "Tillväxtverket",
    "Polismyndigheten",
    "Skatteverket",
}
SAMVERKET_TENANTS = {
    "Myndigheten för tillväxtpolitiska utvärderingar och analyser (Tillväxtanalys)",
    "Naturvårdsverket",
    "Polismyndigheten",
    "Skatteverket",
    "Länsstyrelsen Jämtlands län",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def months_from_text(text: str) -> list[int]:
    """'June/July (last days of June ...)' -> [6, 7]; unknown -> []."""
    head = text.split("(")[0].lower()
    found = [MONTHS[word] for word in re.findall(r"[a-z]+", head) if word in MONTHS]
    return sorted(set(found))


@transaction.atomic
def municipalities_load() -> list[Municipality]:
    result = []
    for row in _rows("municipalities.csv"):
        population = int(row["population"])
        land = Decimal(row["land_area_km2"])
        municipality, _ = Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "population": population,
                "population_year": int(row["year"]),
                "land_area_km2": land,
                "area_class": Municipality.classify(population, land),
                "source": row["source"],
            },
        )
        result.append(municipality)
    return result


@transaction.atomic
def organisations_load() -> list[Organisation]:
    by_name = {m.name: m for m in Municipality.objects.all()}
    result = []
    for row in _rows("agencies.csv"):
        name = row["name"]
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": Organisation.Kind.ACADEMIA
                if "universitet" in name.lower()
                else Organisation.Kind.STATE_AGENCY,
                "municipality": by_name.get(row["town"]),
                "in_agency_network": name in AGENCY_NETWORK,
                "samverket_tenant": name in SAMVERKET_TENANTS,
                "source": row["source"],
            },
        )
        result.append(organisation)
    for name, kind in (
        ("Region Jämtland Härjedalen", Organisation.Kind.REGION),
        ("Östersunds kommun", Organisation.Kind.MUNICIPALITY),
    ):
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "municipality": by_name.get("Östersund"),
                "in_agency_network": name == "Östersunds kommun",
                "samverket_tenant": name == "Region Jämtland Härjedalen",
                "source": "Study for Region JH (2024), see DOMAIN.md",
            },
        )
        result.append(organisation)
    return result


@transaction.atomic
def county_events_load() -> list[CountyEvent]:
    municipalities = list(Municipality.objects.all())
    result = []
    for row in _rows("events.csv"):
        place = row["place"]
        municipality = next((m for m in municipalities if m.name in place), None)
        event, _ = CountyEvent.objects.update_or_create(
            slug=slugify(row["name"])[:80],
            defaults={
                "name": row["name"],
                "months": months_from_text(row["month"]),
                "timing": row["month"][:200],
                "place": place[:200],
                "municipality": municipality,
                "source": row["source"],
            },
        )
        result.append(event)
    return result


def reference_load() -> None:
    municipalities_load()
    organisations_load()
    county_events_load()
