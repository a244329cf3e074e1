"""Demo hubs: the four with written evidence, made-up example hubs in other
localities, the study's activities at Samverket and two years of generated
activities and occupancy."""

import csv
import hashlib
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils.text import slugify

from coworking_region.demo.common import STOCKHOLM
from hubs.models import Activity, Amenity, Hub, Municipality, Occupancy, Organisation
from hubs.reference import DATA

# The four hubs with written evidence (hubs/data/hubs.csv, docs/SOURCES.md).
REAL_HUBS = {
    "Samverket (public-sector coworking)": {
        "name": "Samverket",
        "slug": "samverket",
        "address": "Biblioteksgatan 9, Östersund",
        "niche": "Offentlig coworking för myndigheter, kommun och region",
        "target_groups": "Anställda i statliga myndigheter, Östersunds kommun och Region JH",
        "amenities": [
            Amenity.WIFI,
            Amenity.MEETING_ROOM,
            Amenity.VIDEO,
            Amenity.KITCHEN,
            Amenity.PUBLIC_TRANSPORT,
            Amenity.DROP_IN,
        ],
    },
    "Norra Station (café/gallery/co-working space, Hamngatan 11)": {
        "name": "Norra Station",
        "slug": "norra-station",
        "address": "Hamngatan 11, Östersund",
        "niche": "Café, galleri och coworking",
        "target_groups": "Kreativa företagare och distansarbetare",
        "amenities": [Amenity.WIFI, Amenity.KITCHEN, Amenity.PUBLIC_TRANSPORT, Amenity.DROP_IN],
    },
    "House be / HouseBe": {
        "name": "House be",
        "slug": "house-be",
        "address": "",
        "niche": "Coworking i fjällmiljö",
        "target_groups": "Distansarbetare och företagare i Åre",
        "amenities": [Amenity.WIFI, Amenity.MEETING_ROOM, Amenity.KITCHEN, Amenity.DROP_IN],
    },
    "Kollektivet": {
        "name": "Kollektivet",
        "slug": "kollektivet",
        "address": "Klövsjö",
        "desks": 12,
        "niche": "Landsbygdshubb med 12 skrivbord och drop-in",
        "target_groups": "Boende och besökare i Klövsjö och Vemdalen",
        "amenities": [
            Amenity.WIFI,
            Amenity.MEETING_ROOM,
            Amenity.PHONE_ROOM,
            Amenity.DROP_IN,
            Amenity.PARKING,
        ],
    },
}

# Localities (hubs/data/towns.csv) that get a made-up example hub; Östersund and
# Åre get extra ones since most coworking is there. About 30 hubs exist in the county.
EXAMPLE_LOCALITIES = [
    "Järpen",
    "Funäsdalen",
    "Vemdalen",
    "Sveg",
    "Strömsund",
    "Hammerdal",
    "Gäddede",
    "Svenstavik",
    "Bräcke",
    "Kälarne",
    "Hammarstrand",
    "Stugun",
    "Föllinge",
    "Lit",
    "Krokom",
    "Östersund",
    "Östersund",
    "Åre",
    "Åre",
]

# The learning activities at Samverket documented in the study (DOMAIN.md).
STUDY_ACTIVITIES = [
    (
        "study-lt1",
        date(2022, 3, 23),
        "seminar",
        "Lärandeträff 1: värdeskapande på Samverket",
        0,
        0,
        [
            "Region Jämtland Härjedalen",
            "Östersunds kommun",
            "Naturvårdsverket",
            "Myndigheten för tillväxtpolitiska utvärderingar och analyser (Tillväxtanalys)",
            "Tillväxtverket",
        ],
        (True, True, False),
    ),
    (
        "study-lt2",
        date(2022, 5, 6),
        "seminar",
        "Lärandeträff 2: ekonomiska och sociala dimensioner av flexibelt hybridarbete",
        15,
        2,
        [
            "Region Jämtland Härjedalen",
            "Polismyndigheten",
            "Östersunds kommun",
            "Naturvårdsverket",
            "Skatteverket",
            "Myndigheten för tillväxtpolitiska utvärderingar och analyser (Tillväxtanalys)",
        ],
        (True, True, False),
    ),
    (
        "study-lt3",
        date(2022, 6, 3),
        "seminar",
        "Lärandeträff 3: miljödimensionen (Agenda 2030) av hybridarbete",
        14,
        2,
        [
            "Region Jämtland Härjedalen",
            "Polismyndigheten",
            "Östersunds kommun",
            "Naturvårdsverket",
            "Myndigheten för tillväxtpolitiska utvärderingar och analyser (Tillväxtanalys)",
        ],
        (False, False, True),
    ),
    (
        "study-lt4",
        date(2022, 11, 25),
        "seminar",
        "Lärandeträff 4: coworking som väg till Net Zero 2030",
        15,
        2,
        ["Region Jämtland Härjedalen", "Östersunds kommun", "Försäkringskassan"],
        (False, True, True),
    ),
    (
        "study-lt5",
        date(2023, 2, 3),
        "workshop",
        "Lärandeträff 5: på Lagerelden – Agenda 2030",
        8,
        2,
        ["Region Jämtland Härjedalen", "Länsstyrelsen Jämtlands län", "Östersunds kommun"],
        (True, False, True),
    ),
    (
        "study-lt6",
        date(2023, 3, 29),
        "workshop",
        "Lärandeträff 6: The Co-Working Region – mot Samverket 2.0",
        10,
        2,
        ["Region Jämtland Härjedalen", "Länsstyrelsen Jämtlands län", "Östersunds kommun"],
        (True, True, False),
    ),
]

GENERATED_TITLES = {
    "breakfast": "Frukostträff",
    "lunch": "Lunch med föredrag",
    "afterwork": "Afterwork",
    "seminar": "Seminarium om hybridarbete",
    "workshop": "Workshop: bättre möten på distans",
    "networking": "Nätverksträff för distansarbetare",
    "study_visit": "Studiebesök",
    "excursion": "Utflykt i närområdet",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def hubs_load() -> list[Hub]:
    municipalities = {m.name: m for m in Municipality.objects.all()}
    hubs = []
    for row in _rows("hubs.csv"):
        profile = REAL_HUBS[row["name"]]
        hub, _ = Hub.objects.update_or_create(
            slug=profile["slug"],
            defaults={
                "name": profile["name"],
                "municipality": municipalities[row["municipality"]],
                "locality": row["town"],
                "latitude": Decimal(row["lat"]),
                "longitude": Decimal(row["lon"]),
                "address": profile["address"],
                "niche": profile["niche"],
                "target_groups": profile["target_groups"],
                "desks": profile.get("desks", 0),  # 0: not documented
                "amenities": profile["amenities"],
                "is_example": False,
                "source": f"{row['source']} (confidence: {row['confidence']})",
            },
        )
        hubs.append(hub)
    towns = {row["town"]: row for row in _rows("towns.csv")}
    seen: dict[str, int] = {}
    amenity_values = [a.value for a in Amenity]
    for locality in EXAMPLE_LOCALITIES:
        seen[locality] = seen.get(locality, 0) + 1
        suffix = f" {seen[locality]}" if seen[locality] > 1 else ""
        name = f"Exempelhubben {locality}{suffix}"
        town = towns[locality]
        rng = random.Random(_seed(name))  # repeatable demo data, not security  # nosec B311
        # Spread hubs in the same locality a little so their markers do not overlap.
        offset = Decimal("0.01") * (seen[locality] - 1)
        hub, _ = Hub.objects.update_or_create(
            slug=f"exempel-{slugify(locality)}{'-' + str(seen[locality]) if suffix else ''}",
            defaults={
                "name": name,
                "municipality": municipalities[town["municipality"]],
                "locality": locality,
                "latitude": Decimal(town["lat"]) + offset,
                "longitude": Decimal(town["lon"]) + offset,
                "niche": "Exempel: lokal coworkinghubb",
                "target_groups": "Distansarbetare och lokala företagare",
                "desks": rng.randint(4, 24),
                "amenities": sorted(rng.sample(amenity_values, 4)),
                "is_example": True,
                "source": "Demo data: an example hub, not a real place.",
            },
        )
        hubs.append(hub)
    return hubs


def study_activities_load(samverket: Hub) -> None:
    organisations = {o.name: o for o in Organisation.objects.all()}
    for key, day, kind, title, participants, facilitators, orgs, dims in STUDY_ACTIVITIES:
        activity, _ = Activity.objects.update_or_create(
            hub=samverket,
            import_key=key,
            defaults={
                "kind": kind,
                "title": title,
                "starts_at": datetime.combine(day, time(9, 0), STOCKHOLM),
                "duration_minutes": 180,
                "participants": participants,
                "facilitators": facilitators,
                "social": dims[0],
                "economic": dims[1],
                "environmental": dims[2],
                "description": "Documented in the study for Region JH (2024).",
            },
        )
        activity.organisations.set([organisations[name] for name in orgs if name in organisations])


def generated_history_load(hubs: list[Hub], *, today: date, years: int = 2) -> None:
    """Two years of made-up activities and daily occupancy per hub (once per hub)."""
    organisations = list(Organisation.objects.order_by("name"))
    start = today - timedelta(days=365 * years)
    already = set(
        Activity.objects.filter(import_key__startswith="demo-").values_list("hub_id", flat=True)
    )
    through = Activity.organisations.through
    for hub in hubs:
        if hub.pk in already:
            continue
        rng = random.Random(_seed(hub.slug))  # repeatable demo data, not security  # nosec B311
        capacity = hub.desks or 15
        occupancies = []
        day = start
        while day <= today:
            if day.weekday() < 5:
                used = max(0, round(capacity * rng.uniform(0.15, 0.75)))
                occupancies.append(Occupancy(hub=hub, date=day, desk_days=used))
            day += timedelta(days=1)
        Occupancy.objects.bulk_create(occupancies, ignore_conflicts=True)
        activities = []
        kinds = list(GENERATED_TITLES)
        for number in range(years * 24):
            day = start + timedelta(days=rng.randint(0, 365 * years + 60))
            kind = rng.choice(kinds)
            activities.append(
                Activity(
                    hub=hub,
                    import_key=f"demo-{hub.slug}-{number}",
                    kind=kind,
                    title=GENERATED_TITLES[kind],
                    starts_at=datetime.combine(day, time(rng.choice([8, 12, 16]), 0), STOCKHOLM),
                    duration_minutes=rng.choice([60, 90, 120]),
                    participants=rng.randint(3, 25),
                    facilitators=rng.randint(0, 2),
                    social=True,
                    economic=rng.random() < 0.3,
                    environmental=rng.random() < 0.3,
                )
            )
        Activity.objects.bulk_create(activities)
        links = [
            through(activity_id=activity.pk, organisation_id=organisation.pk)
            for activity in activities
            for organisation in rng.sample(organisations, rng.randint(0, 3))
        ]
        through.objects.bulk_create(links, ignore_conflicts=True)
