"""Demo data for development: one login per role, the county's reference data,
the four hubs with written evidence, example hubs in other localities, two
years of generated activities and occupancy so that pages are not empty, the
study's learning journey and upcoming learning meetings to sign up for.

Idempotent: running it again updates the same rows and creates nothing new.
Never runs with DEBUG off (the command refuses).
"""

import csv
import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hubs.models import Activity, Amenity, Hub, HubManager, Municipality, Occupancy, Organisation
from hubs.reference import DATA, reference_load
from learning_journeys.models import (
    Insight,
    LearningJourney,
    Meeting,
    MeetingReport,
    MeetingReservation,
    Registration,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

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


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


DEMO_LOGINS = (
    DemoLogin("admin@demo.example", "admin"),
    DemoLogin("staff@demo.example", "Region staff"),
    DemoLogin("manager@demo.example", "community manager of Samverket"),
    DemoLogin("coworker@demo.example", "coworker"),
)


def _demo_user(email: str, password: str, **flags: bool):
    User = get_user_model()
    user, _ = User.objects.update_or_create(email=email, defaults={"is_active": True, **flags})
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


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
        rng = random.Random(_seed(name))
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
        rng = random.Random(_seed(hub.slug))
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


# --- Learning journeys -------------------------------------------------------------
# The real learning journey of the study "The Co-Working Region" (Region JH,
# 2024; /work/shared/DOMAIN.md "Real learning activities"), and a made-up
# follow-up journey with upcoming meetings at several hubs so that sign-up,
# the waitlist and reserved seats can be tried.

STUDY_SOURCE = "Studien The Co-Working Region (Region Jämtland Härjedalen, 2024)"

# Organisations named in the study's table that the reference data lacks.
# Matched by name; an existing organisation is never changed.
STUDY_ORGANISATIONS = {
    "Borlänge kommun": Organisation.Kind.MUNICIPALITY,
    "Uppsala kommun": Organisation.Kind.MUNICIPALITY,
    "Myndigheten för samhällsskydd och beredskap (MSB)": Organisation.Kind.STATE_AGENCY,
    "Forskningsrådet för hållbar utveckling (Formas)": Organisation.Kind.STATE_AGENCY,
    "Naboer AB": Organisation.Kind.COMPANY,
}

REGION = "Region Jämtland Härjedalen"
OSTERSUND = "Östersunds kommun"
NATURVARDSVERKET = "Naturvårdsverket"
TILLVAXTANALYS = "Myndigheten för tillväxtpolitiska utvärderingar och analyser (Tillväxtanalys)"
MSB = "Myndigheten för samhällsskydd och beredskap (MSB)"
POLISEN = "Polismyndigheten"
LANSSTYRELSEN = "Länsstyrelsen Jämtlands län"


@dataclass(frozen=True)
class StudyMeeting:
    """One row of the study's table of activities, as a meeting with its report."""

    kind: str
    title: str
    theme: str
    starts: datetime
    ends: datetime
    participants: int
    facilitators: int
    organisations: tuple[str, ...]
    summary: str
    at_samverket: bool = True
    venue: str = ""


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), STOCKHOLM)


STUDY_MEETINGS = (
    StudyMeeting(
        kind=Meeting.Kind.WORKSHOP,
        title="Intern workshop om värdeskapande aktiviteter inom Samverket",
        theme="Värdeskapande på Samverket",
        # The study gives "January–February 2022", no day: the meeting spans the period.
        starts=_at(date(2022, 1, 10), 9),
        ends=_at(date(2022, 2, 25), 12),
        participants=7,
        facilitators=0,
        organisations=(REGION,),
        summary="7 deltagare: Region JH:s medarbetare med plats på Samverket. "
        "Studien anger januari–februari 2022 utan exakt datum.",
    ),
    StudyMeeting(
        kind=Meeting.Kind.LEARNING_MEETING,
        title="Lärandeträff 1: värdeskapandet inom Samverket",
        theme="Värdeskapande på Samverket",
        starts=_at(date(2022, 3, 23), 9),
        ends=_at(date(2022, 3, 23), 12),
        # The study gives no head count for this online meeting.
        participants=0,
        facilitators=0,
        organisations=(
            REGION,
            OSTERSUND,
            "Borlänge kommun",
            NATURVARDSVERKET,
            TILLVAXTANALYS,
            "Tillväxtverket",
        ),
        summary="Online. Studien anger deltagande organisationer men inte antalet deltagare "
        "(0 betyder här: uppgift saknas).",
        at_samverket=False,
        venue="Online (Teams)",
    ),
    StudyMeeting(
        kind=Meeting.Kind.LEARNING_MEETING,
        title="Lärandeträff 2: ekonomiska och sociala dimensionerna av flexibelt hybridarbete",
        theme="Flexibelt hybridarbete: ekonomi och socialt",
        starts=_at(date(2022, 5, 6), 9),
        ends=_at(date(2022, 5, 6), 12),
        participants=15,
        facilitators=2,
        organisations=(
            REGION,
            MSB,
            POLISEN,
            TILLVAXTANALYS,
            OSTERSUND,
            NATURVARDSVERKET,
            "Skatteverket",
        ),
        summary="15 + 2 (15 deltagare och 2 facilitatorer).",
    ),
    StudyMeeting(
        kind=Meeting.Kind.LEARNING_MEETING,
        title="Lärandeträff 3: miljömässiga dimensionen (Agenda 2030) av flexibelt hybridarbete",
        theme="Agenda 2030 och hybridarbete",
        starts=_at(date(2022, 6, 3), 9),
        ends=_at(date(2022, 6, 3), 12),
        participants=14,
        facilitators=2,
        organisations=(REGION, MSB, POLISEN, TILLVAXTANALYS, OSTERSUND, NATURVARDSVERKET),
        summary="14 + 2 (14 deltagare och 2 facilitatorer).",
    ),
    StudyMeeting(
        kind=Meeting.Kind.EXCURSION,
        title="Läranderesa till FN:s bærekraftssenter (Agenda 2030) i Trondheim",
        theme="Agenda 2030",
        starts=_at(date(2022, 6, 20), 8),
        ends=_at(date(2022, 6, 21), 17),
        participants=5,
        facilitators=0,
        organisations=(REGION, "Naboer AB"),
        summary="5 deltagare (Region JH och Naboer AB).",
        at_samverket=False,
        venue="Trondheim, Norge",
    ),
    StudyMeeting(
        kind=Meeting.Kind.LEARNING_MEETING,
        title="Lärandeträff 4: coworking som möjlighet att nå Net Zero 2030",
        theme="Net Zero 2030",
        starts=_at(date(2022, 11, 25), 9),
        ends=_at(date(2022, 11, 25), 12),
        participants=15,
        facilitators=2,
        organisations=(
            REGION,
            OSTERSUND,
            "Uppsala kommun",
            MSB,
            "Forskningsrådet för hållbar utveckling (Formas)",
            "Försäkringskassan",
        ),
        summary="15 + 2 (15 deltagare och 2 facilitatorer).",
    ),
    StudyMeeting(
        kind=Meeting.Kind.LEARNING_MEETING,
        title="Lärandeträff 5: vid Lagerelden – Agenda 2030",
        theme="Agenda 2030",
        starts=_at(date(2023, 2, 3), 9),
        ends=_at(date(2023, 2, 3), 12),
        participants=8,
        facilitators=2,
        organisations=(REGION, LANSSTYRELSEN, OSTERSUND),
        summary="8 + 2 (8 deltagare och 2 facilitatorer).",
    ),
    StudyMeeting(
        kind=Meeting.Kind.LEARNING_MEETING,
        title="Lärandeträff 6: The Co-Working Region – en läranderesa mot Samverket 2.0",
        theme="Samverket 2.0",
        starts=_at(date(2023, 3, 29), 9),
        ends=_at(date(2023, 3, 29), 12),
        participants=10,
        facilitators=2,
        organisations=(REGION, LANSSTYRELSEN, OSTERSUND, "Uppsala kommun"),
        summary="10 + 2 (10 deltagare och 2 facilitatorer).",
    ),
    StudyMeeting(
        kind=Meeting.Kind.INTERVIEW_ROUND,
        title="Intervjuer och rundresor i Jämtland och Dalarna: coworking som utvecklingskraft",
        theme="Coworking som utvecklingskraft",
        starts=_at(date(2023, 11, 1), 9),
        ends=_at(date(2024, 3, 29), 17),
        # Participants: one per interview (the study counts interviews, not people).
        participants=16,
        facilitators=0,
        organisations=(REGION,),
        summary="16 intervjuer samt 9 studiebesök vid coworkinghubbar i Jämtlands län och "
        "Dalarna (deltagare = antal intervjuer).",
        at_samverket=False,
        venue="Coworkinghubbar i Jämtlands län och Dalarna",
    ),
)

# Lärdomar paraphrased from the study's results (seed text, "Resultat från
# läranderesan"), tied to the meeting whose theme they belong to.
STUDY_INSIGHTS = (
    (
        "Lärandeträff 2",
        Insight.Kind.WORKS,
        "Den sociala dimensionen – livspusslet, gemenskapen och kompetensdelningen – är det som "
        "främst lockar coworkare till hubbarna. (Parafraserat ur studien.)",
    ),
    (
        "Intern workshop",
        Insight.Kind.WORKS,
        "Regelbundna aktiviteter som frukostar, luncher, seminarier och workshops bygger både "
        "gemenskap och kunskap under enkla former. (Parafraserat ur studien.)",
    ),
    (
        "Intervjuer",
        Insight.Kind.WORKS,
        "Platsens design och trivsel är en grundförutsättning: man ska känna sig hemma när man "
        "kliver in. (Parafraserat ur studien.)",
    ),
    (
        "Intervjuer",
        Insight.Kind.DOES_NOT_WORK,
        "Det har varit svårt att hitta komplexa problem som hubbarna strukturerat arbetar med; "
        "många coworkare anser sig sakna mandat att driva frågor utanför sitt eget område. "
        "(Parafraserat ur studien.)",
    ),
    (
        "Intervjuer",
        Insight.Kind.DOES_NOT_WORK,
        "Fler digitala verktyg löser inte problemet när de verktyg som redan finns inte används "
        "fullt ut. (Parafraserat ur studien.)",
    ),
    (
        "Lärandeträff 4",
        Insight.Kind.NEXT_STEP,
        "Koppla coworking till den regionala klimatstrategins mål om 10 procent minskade "
        "koldioxidutsläpp till 2030, till exempel via Omställningsarenan för Klimatet. "
        "(Parafraserat ur studien.)",
    ),
    (
        "Lärandeträff 6",
        Insight.Kind.NEXT_STEP,
        "Bygg ett redovisningssystem 2.0 som följer upp de ogripbara värden – relationer, "
        "kompetens, tillhörighet – som coworkingmiljöerna skapar. (Parafraserat ur studien.)",
    ),
    (
        "Intervjuer",
        Insight.Kind.NEXT_STEP,
        "Utveckla ett digitalt ledarskap så att befintliga verktyg och rutiner används fullt ut. "
        "(Parafraserat ur studien.)",
    ),
)

STUDY_JOURNEY = {
    "title": "The Co-Working Region – en läranderesa mot Samverket 2.0",
    "theme": "Coworking som utvecklingskraft: hybridarbete, Agenda 2030 och Samverket 2.0",
    "description": (
        "Läranderesan i studien The Co-Working Region, gjord för Region Jämtland Härjedalen "
        "januari 2022 – mars 2024: lärandeträffar på Samverket i Östersund, en resa till "
        "Trondheim och intervjuer och studiebesök vid coworkinghubbar i Jämtland och Dalarna.\n\n"
        "Parafraserat ur studien: läranderesor som metod handlar om att integrera olika fält av "
        "praktik – politik, akademi, näringsliv och medborgare – att lyssna in olika perspektiv, "
        "länka resurser mellan aktörer och kontinuerligt lära sig vad som fungerar och inte "
        "fungerar för dem som nyttjar coworkingmiljöerna i länet."
    ),
    "goals": (
        "Parafraserat ur studien: förstå vilka värden coworkingmiljöerna skapar för individer, "
        "organisationer och lokalsamhället; pröva hur coworking kan bidra till flexibelt "
        "hybridarbete och Agenda 2030; och ta fram underlag för Samverket 2.0 – mötesplatser, "
        "läranderesor, redovisning och verktyg som hänger ihop."
    ),
    "starts_on": date(2022, 1, 1),
    "ends_on": date(2024, 3, 31),
}

DEMO_JOURNEY_SLUG = "exempel-coworking-i-hela-lanet"

# Made-up guests for the upcoming meetings (example.org addresses).
DEMO_GUESTS = (
    ("Anna Exempel", "Skatteverket"),
    ("Bertil Prov", "Försäkringskassan"),
    ("Cecilia Demo", "Naturvårdsverket"),
    ("David Testsson", OSTERSUND),
    ("Elin Exempelsdotter", REGION),
    ("Fredrik Övning", "Polismyndigheten"),
    ("Greta Fiktiv", LANSSTYRELSEN),
    ("Hugo Påhitt", TILLVAXTANALYS),
    ("Ida Låtsas", "Tillväxtverket"),
    ("Johan Mönster", "Kronofogdemyndigheten"),
    ("Karin Skiss", "Statens servicecenter"),
    ("Lars Utkast", "Folkhälsomyndigheten"),
)


@dataclass(frozen=True)
class DemoMeeting:
    key: str
    hub_slug: str
    kind: str
    title: str
    theme: str
    days_ahead: int
    start: tuple[int, int]
    hours: float
    capacity: int
    guests: int = 0
    waitlisted: int = 0
    coworker: bool = False
    reservations: tuple[tuple[str, int], ...] = ()


DEMO_MEETINGS = (
    # Full, with two on the waitlist; the demo coworker holds a seat (cancel to
    # see the first in line promoted).
    DemoMeeting(
        "full",
        "samverket",
        Meeting.Kind.LEARNING_MEETING,
        "Frukostträff: hybridarbete i praktiken",
        "Hybridarbete",
        10,
        (8, 30),
        1.5,
        capacity=8,
        guests=7,
        waitlisted=2,
        coworker=True,
    ),
    # Two seats each kept for two agencies until a week before.
    DemoMeeting(
        "reserved",
        "samverket",
        Meeting.Kind.LEARNING_MEETING,
        "Lärandeträff: myndigheterna på hubben",
        "Samverket 2.0",
        24,
        (13, 0),
        3,
        capacity=20,
        guests=5,
        reservations=(("Skatteverket", 2), ("Försäkringskassan", 2)),
    ),
    DemoMeeting(
        "nearly-full",
        "norra-station",
        Meeting.Kind.WORKSHOP,
        "Workshop: bättre möten på distans",
        "Digitalt ledarskap",
        17,
        (15, 0),
        2,
        capacity=12,
        guests=10,
    ),
    DemoMeeting(
        "study-visit",
        "house-be",
        Meeting.Kind.STUDY_VISIT,
        "Studiebesök: coworking i fjällmiljö",
        "Coworking som utvecklingskraft",
        38,
        (10, 0),
        4,
        capacity=15,
        guests=3,
    ),
    DemoMeeting(
        "rural",
        "kollektivet",
        Meeting.Kind.LEARNING_MEETING,
        "Lärandeträff: landsbygdshubben som servicepunkt",
        "Hela länet ska leva",
        52,
        (10, 0),
        2,
        capacity=10,
        guests=2,
        coworker=True,
    ),
    DemoMeeting(
        "agenda-2030",
        "exempel-stromsund",
        Meeting.Kind.LEARNING_MEETING,
        "Lärandeträff: Agenda 2030 på hemmaplan",
        "Agenda 2030",
        70,
        (9, 0),
        3,
        capacity=25,
    ),
)


def _weekday_after(day: date, days: int) -> date:
    result = day + timedelta(days=days)
    while result.weekday() >= 5:
        result += timedelta(days=1)
    return result


def _study_organisations() -> dict[str, Organisation]:
    for name, kind in STUDY_ORGANISATIONS.items():
        Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "source": f"{STUDY_SOURCE}, see DOMAIN.md"},
        )
    return {o.name: o for o in Organisation.objects.all()}


def study_journey_load(samverket: Hub, organisations: dict[str, Organisation]) -> LearningJourney:
    journey, _ = LearningJourney.objects.update_or_create(
        slug="the-co-working-region",
        defaults={**STUDY_JOURNEY, "hub": samverket, "status": LearningJourney.Status.COMPLETED},
    )
    journey.organisations.set([organisations[REGION]])
    meetings = {}
    for item in STUDY_MEETINGS:
        meeting, _ = Meeting.objects.update_or_create(
            journey=journey,
            title=item.title,
            defaults={
                "kind": item.kind,
                "theme": item.theme,
                "description": f"Ur {STUDY_SOURCE}. {item.summary}",
                "starts_at": item.starts,
                "ends_at": item.ends,
                "hub": samverket if item.at_samverket else None,
                "venue": item.venue,
                "online_url": "",
                "capacity": max(item.participants, 1),
                "facilitators": item.facilitators,
                "status": Meeting.Status.PUBLISHED,
                "published_at": item.starts - timedelta(days=30),
            },
        )
        report, _ = MeetingReport.objects.update_or_create(
            meeting=meeting,
            defaults={
                "participants": item.participants,
                "facilitators": item.facilitators,
                "summary": item.summary,
            },
        )
        report.organisations.set([organisations[name] for name in item.organisations])
        meetings[item.title] = meeting
    for prefix, kind, text in STUDY_INSIGHTS:
        meeting = next(m for title, m in meetings.items() if title.startswith(prefix))
        Insight.objects.get_or_create(journey=journey, meeting=meeting, kind=kind, text=text)
    return journey


def _demo_email(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@example.org"


def demo_meetings_load(
    samverket: Hub,
    organisations: dict[str, Organisation],
    *,
    manager,
    coworker,
    today: date,
) -> None:
    """A made-up follow-up journey with upcoming meetings at several hubs."""
    journey, _ = LearningJourney.objects.update_or_create(
        slug=DEMO_JOURNEY_SLUG,
        defaults={
            "title": "Exempel: coworking i hela länet",
            "theme": "Hybridarbete, Agenda 2030 och landsbygdens hubbar",
            "description": "Demodata: en påhittad fortsättning på läranderesan mot Samverket 2.0, "
            "med kommande träffar på flera hubbar så att anmälan, väntelista och reserverade "
            "platser går att prova. Deltagarna är påhittade.",
            "goals": "Pröva anmälan, väntelista och reserverade platser i portalen.",
            "starts_on": today - timedelta(days=30),
            "ends_on": today + timedelta(days=180),
            "hub": samverket,
            "status": LearningJourney.Status.ACTIVE,
        },
    )
    journey.organisations.set([organisations[REGION]])
    hubs = {
        hub.slug: hub for hub in Hub.objects.filter(slug__in={m.hub_slug for m in DEMO_MEETINGS})
    }
    for item in DEMO_MEETINGS:
        day = _weekday_after(today, item.days_ahead)
        starts = _at(day, *item.start)
        meeting, _ = Meeting.objects.update_or_create(
            journey=journey,
            title=item.title,
            defaults={
                "kind": item.kind,
                "theme": item.theme,
                "description": "Demodata: en påhittad träff för att prova anmälan.",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=item.hours),
                "hub": hubs[item.hub_slug],
                "capacity": item.capacity,
                "facilitators": 2,
                "status": Meeting.Status.PUBLISHED,
                "published_at": timezone.now(),
                "reservations_release_at": starts - timedelta(days=7)
                if item.reservations
                else None,
            },
        )
        if item.hub_slug == samverket.slug:
            meeting.organisers.add(manager)
        for name, seats in item.reservations:
            MeetingReservation.objects.update_or_create(
                meeting=meeting, organisation=organisations[name], defaults={"seats": seats}
            )
        guests = iter(DEMO_GUESTS)
        signed_up = timezone.now() - timedelta(days=3)
        if item.coworker and not meeting.registrations.filter(user=coworker).exists():
            Registration.objects.create(
                meeting=meeting,
                user=coworker,
                email=coworker.email,
                status=Registration.Status.CONFIRMED,
                confirmed_at=signed_up,
            )
        for number in range(item.guests + item.waitlisted):
            name, organisation = next(guests)
            email = _demo_email(name)
            if meeting.registrations.filter(email__iexact=email).exists():
                continue
            when = signed_up + timedelta(minutes=10 * (number + 1))
            waitlisted = number >= item.guests
            Registration.objects.create(
                meeting=meeting,
                name=name,
                email=email,
                organisation=organisations[organisation],
                status=Registration.Status.WAITLISTED
                if waitlisted
                else Registration.Status.CONFIRMED,
                confirmed_at=None if waitlisted else when,
                waitlisted_at=when if waitlisted else None,
            )


def learning_journeys_load(samverket: Hub, *, manager, coworker, today: date) -> None:
    """The study's learning journey and a demo journey with upcoming meetings."""
    organisations = _study_organisations()
    study_journey_load(samverket, organisations)
    demo_meetings_load(samverket, organisations, manager=manager, coworker=coworker, today=today)


@transaction.atomic
def demo_seed(*, password: str, today: date | None = None) -> tuple[DemoLogin, ...]:
    today = today or timezone.localdate()
    reference_load()
    hubs = hubs_load()
    samverket = Hub.objects.get(slug="samverket")
    study_activities_load(samverket)
    generated_history_load(hubs, today=today)
    _demo_user("admin@demo.example", password, is_staff=True, is_superuser=True)
    _demo_user("staff@demo.example", password, is_region_staff=True)
    manager = _demo_user("manager@demo.example", password)
    coworker = _demo_user("coworker@demo.example", password)
    HubManager.objects.get_or_create(hub=samverket, user=manager)
    learning_journeys_load(samverket, manager=manager, coworker=coworker, today=today)
    return DEMO_LOGINS
