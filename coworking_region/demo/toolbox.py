"""Demo data for development: one login per role, the county's reference data,
the four hubs with written evidence, example hubs in other localities, two
years of generated activities and occupancy so that pages are not empty, the
study's learning journey and upcoming learning meetings to sign up for, and the
toolbox: the study's tools and methods and common ones, with their assessments.

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
from toolbox import services as toolbox_services
from toolbox.models import Need, PrivacyAssessment, Tool

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


# --- Toolbox (Verktygslådan) ----------------------------------------------------------
# Tools and methods named in the study with what the study says about them, and
# common tools and methods a hub uses. Everything the study does not say (dates,
# risk values, storage, decisions of other organisations) is an illustrative
# assessment for the demo and says so. Suppliers are described conservatively:
# where storage and safeguards depend on the contract, the assessment says so.

ILLUSTRATIVE = (
    "Illustrativ bedömning för demon: inte en verklig bedömning av någon organisation. "
    "Kontrollera leverantörens aktuella villkor och personuppgiftsbiträdesavtal."
)
ILLUSTRATIVE_DECISION = "Exempel för demon, inte ett verkligt beslut."
SECURITY_REVIEWER = "Informationssäkerhetsfunktionen"

TOOLBOX_NEEDS = {
    "hybridmoten": "Hålla hybridmöten",
    "kompetens": "Hitta en kollegas kompetens",
    "larandetraff": "Driva en lärandeträff",
    "boka-arbetsplats": "Boka arbetsplats på hubb",
    "dela-dokument": "Dela dokument",
    "folja-upp": "Följa upp aktiviteter",
    "kommunicera": "Kommunicera i nätverket",
    "samla-ideer": "Samla idéer",
    "lara-kanna": "Lära känna varandra",
    "engagera": "Engagera deltagare i ett möte",
    "planera": "Planera arbete tillsammans",
    "bedoma-verktyg": "Bedöma ett digitalt verktyg",
}


@dataclass(frozen=True)
class DemoAssessment:
    """One assessment version; dates are days before `today` (see toolbox_load)."""

    personal_data: bool
    storage: str
    legal_basis: str
    risks: tuple[int, int, int, int, int, int]  # access L,S / change L,S / loss L,S
    need: str
    benefit: str
    conclusion: str
    categories: str = ""
    dpia: bool = False
    sells: bool = False
    tracking: bool = False
    monitors: bool = False
    assessed_days_ago: int = 60
    valid_days: int = 365
    assessed_by: str = "Exempel: informationssäkerhet och dataskydd"


@dataclass(frozen=True)
class DemoTool:
    slug: str
    name: str
    kind: str
    summary: str
    description: str
    needs: tuple[str, ...]
    fits: tuple[str, ...]
    ease: int = 3
    cost: str = ""
    supplier: str = ""
    languages: str = "Svenska, engelska"
    website: str = ""
    maturity: str = "established"
    assessments: tuple[DemoAssessment, ...] = ()
    # (organisation name, status, reasoning); reasoning without a study source
    # ends with ILLUSTRATIVE_DECISION.
    decisions: tuple[tuple[str, str, str], ...] = ()
    # (hub slug or organisation name, since, notes); organisations are prefixed "org:".
    adoptions: tuple[tuple[str, date, str], ...] = ()


_NO_DATA = {
    "personal_data": False,
    "storage": "none",
    "legal_basis": "not_applicable",
    "risks": (1, 1, 1, 1, 1, 1),
}

# Paraphrased from the study: why Viva and Places were stopped.
STUDY_STOPPED_REASONING = (
    "Parafraserat ur studien: verktyg som samlar in data om Region JH:s anställda måste gå "
    "igenom en auktoriseringsprocess med behovs-, risk- och nyttoanalys. De som arbetar med "
    "säkerhetsfrågor såg värdet, men bedömde att verktyget skulle göra intrång i den "
    "personliga integriteten och att risken var för stor för den enskilde medarbetaren och "
    "för organisationen. Verktyget infördes inte. (Datum illustrativt: studien anger inget.)"
)

DEMO_TOOLS = (
    # --- Named in the study -----------------------------------------------------------
    DemoTool(
        slug="microsoft-365",
        name="Microsoft 365",
        kind="digital_tool",
        summary="Kontorssviten med e-post, dokument, kalender och videomöten som många "
        "offentliga organisationer redan har.",
        description=(
            "Microsoft 365 samlar e-post (Outlook), dokument (Word, Excel, PowerPoint), "
            "lagring (OneDrive, SharePoint) och möten (Teams).\n\n"
            "**Ur studien (parafraserat):** flera intervjuade menar att Regionen borde kunna "
            "arbeta bättre med de verktyg man redan har, till exempel Microsoft 365, och att "
            "fler verktyg inte löser problemet när befintliga inte används fullt ut. Studien "
            "efterfrågar ett *digitalt ledarskap*.\n\n"
            "### Tips\n\n- Börja med det som redan finns innan ni skaffar nytt.\n"
            "- Kom överens om var dokument ska ligga."
        ),
        needs=("dela-dokument", "hybridmoten", "kommunicera", "planera"),
        fits=("within_org",),
        ease=4,
        cost="Licens per användare (organisationens avtal).",
        supplier="Microsoft",
        website="https://www.microsoft.com/microsoft-365",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, dokumentinnehåll, kalendrar, "
                "mötesinspelningar och användningsloggar.",
                storage="outside_safeguards",
                legal_basis="public_task",
                risks=(2, 3, 1, 2, 1, 3),
                need="Ett gemensamt verktyg för dokument, e-post och möten i organisationen.",
                benefit="Redan infört: ingen ny upphandling, och alla känner igen det.",
                conclusion="Första bedömningen. " + ILLUSTRATIVE,
                assessed_days_ago=800,
            ),
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, dokumentinnehåll, kalendrar, "
                "mötesinspelningar och användningsloggar.",
                storage="outside_safeguards",
                legal_basis="public_task",
                risks=(2, 3, 1, 2, 1, 3),
                dpia=True,
                need="Ett gemensamt verktyg för dokument, e-post och möten i organisationen.",
                benefit="Redan infört: ingen ny upphandling, och alla känner igen det. Studien "
                "pekar på nyttan av att använda det fullt ut.",
                conclusion=(
                    "I bruk i Region JH enligt studien. Leverantören erbjuder lagring i EU "
                    "för många tjänster, men viss behandling kan ske utanför EU/EES med "
                    "skyddsåtgärder. " + ILLUSTRATIVE
                ),
                assessed_days_ago=60,
            ),
        ),
        decisions=(
            (
                REGION,
                "approved",
                "Studien beskriver Microsoft 365 som ett verktyg Regionen redan har och "
                "använder. Datum och granskare här är illustrativa.",
            ),
        ),
        adoptions=(
            (
                f"org:{REGION}",
                date(2022, 1, 1),
                "I bruk redan när studien började (januari 2022); startdatum illustrativt.",
            ),
        ),
    ),
    DemoTool(
        slug="microsoft-teams",
        name="Microsoft Teams",
        kind="digital_tool",
        summary="Videomöten, chatt och kanaler; ingår i Microsoft 365.",
        description=(
            "Teams ingår i Microsoft 365 och används för videomöten, chatt och delade "
            "kanaler. Externa deltagare kan bjudas in om organisationen tillåter det.\n\n"
            "**Ur studien (parafraserat):** intervjuade kritiserar *alltför många "
            "oproduktiva onlinemöten*. Verktyget är inte problemet, utan hur mötena leds."
        ),
        needs=("hybridmoten", "kommunicera", "dela-dokument"),
        fits=("within_org", "across_orgs"),
        ease=4,
        cost="Ingår i Microsoft 365-licensen.",
        supplier="Microsoft",
        website="https://www.microsoft.com/microsoft-teams",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, chattmeddelanden, närvarostatus, "
                "mötesinspelningar.",
                storage="outside_safeguards",
                legal_basis="public_task",
                risks=(2, 3, 1, 2, 1, 2),
                dpia=True,
                need="Hålla möten med kollegor på andra orter och hybrida lärandeträffar.",
                benefit="Färre resor; deltagare från hela länet kan vara med.",
                conclusion="Ingår i Microsoft 365, som Region JH har enligt studien. Stäng av "
                "inspelning och transkribering som standard. " + ILLUSTRATIVE,
                assessed_days_ago=60,
            ),
        ),
        decisions=(
            (
                REGION,
                "approved",
                "Ingår i Microsoft 365, som Regionen har enligt studien. Beslutet är illustrativt.",
            ),
        ),
        adoptions=(
            (
                f"org:{REGION}",
                date(2022, 1, 1),
                "Del av Microsoft 365; startdatum illustrativt.",
            ),
        ),
    ),
    DemoTool(
        slug="microsoft-viva",
        name="Microsoft Viva",
        kind="digital_tool",
        summary="Moduler för medarbetarupplevelse i Microsoft 365: lärande, kommunikation "
        "och insikter om arbetsmönster. Prövades i studien och stoppades.",
        description=(
            "Microsoft Viva består av moduler i Microsoft 365 för bland annat lärande, "
            "intern kommunikation och insikter om hur man arbetar.\n\n"
            "**Ur studien (parafraserat):** hypotesen var att verktyg som Viva och Places "
            "skulle hjälpa den enskilde att utveckla sina färdigheter och i realtid hitta "
            "personer som använder en viss coworkingplats, och på så sätt stärka det "
            "humana och relationella kapitalet. Säkerhetsgranskningen i Region JH stoppade "
            "det: insamling av data om enskilda anställda bedömdes vara för stor risk för "
            "den personliga integriteten.\n\n"
            "Portalen visar därför bara *sammanställda* siffror, aldrig vem som satt var."
        ),
        needs=("kompetens", "folja-upp"),
        fits=("within_org",),
        ease=2,
        cost="Tilläggslicens per användare.",
        supplier="Microsoft",
        website="https://www.microsoft.com/microsoft-viva",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, kompetenser, arbetsmönster, närvaro och plats för enskilda "
                "medarbetare.",
                storage="outside_safeguards",
                legal_basis="unclear",
                risks=(3, 3, 2, 2, 1, 2),
                monitors=True,
                need="Hitta kollegor och deras kompetens, och se vem som är på vilken hubb.",
                benefit="Mer kunskapsöverföring mellan medarbetare på olika hubbar (studiens "
                "hypotes).",
                conclusion="Stoppad. " + STUDY_STOPPED_REASONING + " Sannolikhets- och "
                "konsekvensvärdena är illustrativa.",
                assessed_days_ago=120,
                assessed_by="Exempel: Region JH, informationssäkerhet",
            ),
        ),
        decisions=((REGION, "rejected", STUDY_STOPPED_REASONING),),
    ),
    DemoTool(
        slug="microsoft-places",
        name="Microsoft Places",
        kind="digital_tool",
        summary="Planering av hybridarbete: visar när kollegor är på kontoret och hjälper "
        "till att boka platser. Prövades i studien och stoppades.",
        description=(
            "Microsoft Places är ett verktyg i Microsoft 365 för att planera hybridarbete: "
            "vilka dagar kollegor är på plats, och bokning av rum och arbetsplatser.\n\n"
            "**Ur studien (parafraserat):** tanken var att i realtid se vem som använder "
            "vilken coworkingplats. Säkerhetsgranskningen i Region JH bedömde att det "
            "skulle göra intrång i den personliga integriteten, och verktyget infördes inte."
        ),
        needs=("boka-arbetsplats", "kompetens"),
        fits=("within_org", "at_hub"),
        ease=2,
        cost="Licens i Microsoft 365.",
        supplier="Microsoft",
        website="https://www.microsoft.com/microsoft-places",
        maturity="experimental",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, planerad och faktisk närvaro och plats för enskilda "
                "medarbetare, bokningar.",
                storage="outside_safeguards",
                legal_basis="unclear",
                risks=(3, 3, 2, 2, 1, 2),
                monitors=True,
                need="Se vem som är på vilken hubb, och boka plats.",
                benefit="Lättare att träffa kollegor på plats (studiens hypotes).",
                conclusion="Stoppad. " + STUDY_STOPPED_REASONING + " Sannolikhets- och "
                "konsekvensvärdena är illustrativa.",
                assessed_days_ago=120,
                assessed_by="Exempel: Region JH, informationssäkerhet",
            ),
        ),
        decisions=((REGION, "rejected", STUDY_STOPPED_REASONING),),
    ),
    DemoTool(
        slug="laranderesa",
        name="Läranderesa",
        kind="method",
        summary="En serie lärandeträffar, studiebesök och intervjuer där olika aktörer lär "
        "av varandra över tid.",
        description=(
            "**Ur studien (parafraserat):** läranderesor som metod handlar om att integrera "
            "olika fält av praktik – politik, akademi, näringsliv och medborgare – att "
            "*lyssna in* olika perspektiv, länka resurser mellan aktörer och kontinuerligt "
            "lära sig vad som fungerar och inte fungerar.\n\n"
            "Studien The Co-Working Region genomfördes som en läranderesa januari 2022 – "
            "mars 2024: lärandeträffar på Samverket, en resa till Trondheim och intervjuer "
            "och studiebesök i Jämtland och Dalarna.\n\n"
            "### Så kommer ni igång\n\n1. Formulera en fråga ni vill bli klokare på.\n"
            "2. Bjud in aktörer från olika fält.\n3. Planera 4–6 träffar och skriv ner "
            "lärdomar efter varje."
        ),
        needs=("larandetraff", "lara-kanna", "folja-upp"),
        fits=("across_orgs", "at_hub"),
        ease=2,
        cost="Arbetstid för planering och facilitering.",
        supplier="",
        languages="Svenska",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Lära tillsammans över organisationsgränser.",
                benefit="Gemensam kunskap och nya kontakter; studiens lärdomar kom härifrån.",
                conclusion="Metoden i sig kräver inga personuppgifter. Anmälningar till "
                "träffarna görs i portalen och gallras när träffen är över.",
            ),
        ),
        adoptions=(
            (
                "samverket",
                date(2022, 1, 1),
                "Studiens läranderesa mot Samverket 2.0, 2022–2024.",
            ),
            (f"org:{REGION}", date(2022, 1, 1), "Beställare av studien."),
        ),
    ),
    DemoTool(
        slug="larandetraff",
        name="Lärandeträff",
        kind="method",
        summary="En öppen träff på en hubb där deltagare från olika organisationer lär "
        "kring ett tema, med facilitatorer.",
        description=(
            "En lärandeträff samlar deltagare från flera organisationer kring ett tema, "
            "till exempel hybridarbete eller Agenda 2030, med en eller två facilitatorer.\n\n"
            "**Ur studien:** sex lärandeträffar hölls 2022–2023, de flesta på Samverket i "
            "Östersund, med 8–15 deltagare och 2 facilitatorer.\n\n"
            "### Upplägg\n\n- Kort inledning om temat.\n- Samtal i små grupper.\n"
            "- Gemensam sammanfattning: vad fungerar, vad fungerar inte, nästa steg."
        ),
        needs=("larandetraff", "lara-kanna", "kompetens"),
        fits=("across_orgs", "at_hub"),
        ease=4,
        cost="Lokal, fika och facilitatorernas tid.",
        languages="Svenska",
        maturity="established",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Mötas över organisationsgränser och lära av varandra.",
                benefit="Kunskapsdelning och tillit mellan organisationer.",
                conclusion="Metoden i sig kräver inga personuppgifter. Deltagarlistor hanteras "
                "i portalens anmälan och gallras efter träffen.",
            ),
        ),
        adoptions=(
            ("samverket", date(2022, 3, 23), "Lärandeträff 1–6 i studien, 2022–2023."),
            ("exempel-stromsund", date(2025, 2, 1), "Exempel: lärandeträffar om Agenda 2030."),
        ),
    ),
    DemoTool(
        slug="workshop-vardeskapande-aktiviteter",
        name="Workshop om värdeskapande aktiviteter",
        kind="method",
        summary="En intern workshop där hubbens användare kartlägger vilka aktiviteter som "
        "skapar värde för dem.",
        description=(
            "**Ur studien:** i januari–februari 2022 hölls en intern workshop om "
            "värdeskapande aktiviteter inom Samverket med sju av Region JH:s medarbetare "
            "som har plats där.\n\n"
            "### Upplägg\n\n1. Lista aktiviteter på hubben (frukostar, seminarier, "
            "luncher …).\n2. Vilket värde ger var och en: socialt, kompetens, nätverk?\n"
            "3. Välj två att pröva eller förstärka."
        ),
        needs=("samla-ideer", "folja-upp", "lara-kanna"),
        fits=("within_org", "at_hub"),
        ease=4,
        cost="Två timmar och en facilitator.",
        languages="Svenska",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Veta vilka aktiviteter på hubben som skapar värde.",
                benefit="Underlag för att prioritera hubbens aktiviteter.",
                conclusion="Inga personuppgifter behövs; anteckna teman, inte namn.",
            ),
        ),
        adoptions=(
            ("samverket", date(2022, 1, 10), "Studiens interna workshop, januari–februari 2022."),
        ),
    ),
    DemoTool(
        slug="frukosttraff",
        name="Frukostträff",
        kind="method",
        summary="En regelbunden frukost på hubben med en kort presentation eller ett tema.",
        description=(
            "**Ur studien (parafraserat):** regelbundna aktiviteter som frukostar, luncher, "
            "seminarier och workshops bygger både gemenskap och kunskap under enkla former."
            "\n\nTips: samma veckodag varje gång, 45 minuter, en kollega berättar om sitt "
            "arbete i tio minuter."
        ),
        needs=("lara-kanna", "kompetens", "kommunicera"),
        fits=("at_hub", "across_orgs"),
        ease=5,
        cost="Frukost.",
        languages="Svenska",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Lära känna de andra på hubben.",
                benefit="Gemenskap och kunskapsdelning med liten insats.",
                conclusion="Inga personuppgifter.",
            ),
        ),
        adoptions=(
            ("exempel-ostersund", date(2022, 9, 1), "Exempel: varannan fredag."),
            ("exempel-jarpen", date(2024, 1, 15), "Exempel."),
            ("exempel-sveg", date(2024, 5, 1), "Exempel."),
        ),
    ),
    # --- Common tools and methods (illustrative assessments) ------------------------------
    DemoTool(
        slug="nextcloud-eu",
        name="Nextcloud (driftad i EU)",
        kind="digital_tool",
        summary="Fildelning och samarbete med öppen källkod, på egen server eller hos en "
        "leverantör i EU.",
        description=(
            "Nextcloud är programvara med öppen källkod för filer, kalender och "
            "samredigering. Den kan köras på egen server eller hos en driftleverantör, "
            "vilket gör att organisationen själv kan välja att data stannar i EU."
        ),
        needs=("dela-dokument", "planera"),
        fits=("across_orgs", "within_org"),
        ease=3,
        cost="Programvaran är gratis; drift och support kostar.",
        supplier="Nextcloud GmbH (programvara); driften väljer ni själva",
        website="https://nextcloud.com",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn och e-postadresser för konton, filinnehåll, loggar.",
                storage="eu",
                legal_basis="public_task",
                risks=(2, 2, 1, 2, 1, 3),
                need="Dela dokument med andra organisationer utan att lämna EU.",
                benefit="Kontroll över var data lagras.",
                conclusion="Förutsätter drift i EU och rutiner för behörigheter och "
                "säkerhetskopior. " + ILLUSTRATIVE,
            ),
        ),
        decisions=(
            (
                REGION,
                "under_review",
                "Utreds som komplement för delning med externa. " + ILLUSTRATIVE_DECISION,
            ),
            ("Östersunds kommun", "approved", ILLUSTRATIVE_DECISION),
        ),
        adoptions=(("exempel-ostersund", date(2024, 9, 1), "Exempel: hubbens gemensamma mapp."),),
    ),
    DemoTool(
        slug="jitsi-meet",
        name="Jitsi Meet",
        kind="digital_tool",
        summary="Videomöten med öppen källkod, utan konto för deltagarna.",
        description=(
            "Jitsi Meet är programvara med öppen källkod för videomöten i webbläsaren. Den "
            "kan köras på egen server. Den publika tjänsten meet.jit.si drivs av 8x8; för "
            "möten med personuppgifter rekommenderas en egen installation i EU."
        ),
        needs=("hybridmoten", "kommunicera"),
        fits=("across_orgs", "at_hub"),
        ease=4,
        cost="Gratis (öppen källkod); egen drift kostar.",
        supplier="Öppen källkod (8x8 driver den publika tjänsten)",
        website="https://jitsi.org/jitsi-meet/",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Visningsnamn och IP-adresser under mötet.",
                storage="eu",
                legal_basis="public_task",
                risks=(1, 2, 1, 1, 1, 1),
                need="Möten med deltagare från flera organisationer utan gemensamt konto.",
                benefit="Alla kan vara med från webbläsaren.",
                conclusion="Bedömt för en egen installation i EU utan inspelning. " + ILLUSTRATIVE,
            ),
        ),
        decisions=(("Östersunds kommun", "approved", ILLUSTRATIVE_DECISION),),
        adoptions=(
            ("exempel-funasdalen", date(2024, 3, 1), "Exempel: distansföreläsningar."),
            ("exempel-gaddede", date(2025, 1, 10), "Exempel."),
        ),
    ),
    DemoTool(
        slug="zoom",
        name="Zoom",
        kind="digital_tool",
        summary="Videomöten och webbinarier.",
        description="Zoom är en tjänst för videomöten och webbinarier från ett amerikanskt "
        "företag. Val av datacenterregion finns i vissa abonnemang.",
        needs=("hybridmoten",),
        fits=("across_orgs",),
        ease=5,
        cost="Gratisnivå med tidsgräns; betalabonnemang.",
        supplier="Zoom Communications (USA)",
        website="https://zoom.us",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, IP-adresser, chatt och inspelningar.",
                storage="outside_safeguards",
                legal_basis="legitimate_interests",
                risks=(2, 3, 1, 2, 1, 2),
                need="Webbinarier med många externa deltagare.",
                benefit="Välkänt för deltagarna.",
                conclusion="Ombedömning har passerat sitt datum. " + ILLUSTRATIVE,
                assessed_days_ago=400,
                valid_days=380,
            ),
        ),
        adoptions=(("exempel-are", date(2023, 4, 1), "Exempel: webbinarier för företagare."),),
    ),
    DemoTool(
        slug="padlet",
        name="Padlet",
        kind="digital_tool",
        summary="Digital anslagstavla där deltagare sätter upp lappar, länkar och bilder.",
        description=(
            "Padlet är en digital anslagstavla. Deltagarna kan bidra utan konto om tavlan "
            "tillåter det.\n\nLeverantören finns i USA; var data lagras och vilka "
            "skyddsåtgärder som gäller behöver kontrolleras i avtalet."
        ),
        needs=("samla-ideer", "engagera", "larandetraff"),
        fits=("across_orgs", "at_hub"),
        ease=5,
        cost="Gratisnivå med begränsat antal tavlor; betalabonnemang.",
        supplier="Padlet (USA)",
        website="https://padlet.com",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn (om deltagaren anger det), inlägg, IP-adresser.",
                storage="unknown",
                legal_basis="consent",
                risks=(2, 2, 1, 2, 1, 2),
                need="Samla idéer från deltagare före och under en lärandeträff.",
                benefit="Alla röster kommer fram, även de som inte pratar i grupp.",
                conclusion="Använd utan inloggning och utan namn. Lagringsplats ej utredd. "
                + ILLUSTRATIVE,
            ),
        ),
        decisions=(("Östersunds kommun", "under_review", ILLUSTRATIVE_DECISION),),
        adoptions=(("exempel-stugun", date(2024, 2, 1), "Exempel: idétavla inför byamötet."),),
    ),
    DemoTool(
        slug="mentimeter",
        name="Mentimeter",
        kind="digital_tool",
        summary="Omröstningar, frågor och ordmoln under en presentation; deltagarna svarar "
        "med mobilen.",
        description=(
            "Mentimeter är en svensk tjänst för interaktiva presentationer. Deltagarna "
            "svarar anonymt med mobilen som standard; presentatören behöver ett konto."
        ),
        needs=("engagera", "larandetraff", "samla-ideer"),
        fits=("across_orgs", "at_hub", "within_org"),
        ease=5,
        cost="Gratisnivå; betalabonnemang för fler funktioner.",
        supplier="Mentimeter AB (Sverige)",
        website="https://www.mentimeter.com",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Presentatörens konto; deltagarnas svar är anonyma som standard.",
                storage="eu",
                legal_basis="legitimate_interests",
                risks=(1, 2, 1, 1, 1, 2),
                need="Få alla deltagare att bidra under en träff.",
                benefit="Snabb överblick över vad gruppen tycker.",
                conclusion="Leverantören uppger lagring i EU. " + ILLUSTRATIVE,
            ),
        ),
        decisions=(
            ("Östersunds kommun", "approved", ILLUSTRATIVE_DECISION),
            (LANSSTYRELSEN, "under_review", ILLUSTRATIVE_DECISION),
        ),
        adoptions=(
            ("exempel-stromsund", date(2024, 10, 1), "Exempel: vid lärandeträffar."),
            ("exempel-krokom", date(2025, 3, 1), "Exempel."),
            ("exempel-kalarne", date(2025, 4, 1), "Exempel: frågor till publiken på byamötet."),
        ),
    ),
    DemoTool(
        slug="trello",
        name="Trello",
        kind="digital_tool",
        summary="Kanbantavla för att planera och följa upp uppgifter tillsammans.",
        description="Trello är en tjänst för tavlor med kort och listor, från Atlassian. "
        "Data kan lagras utanför EU/EES; leverantören anger skyddsåtgärder i sina villkor.",
        needs=("planera", "folja-upp"),
        fits=("within_org", "across_orgs"),
        ease=5,
        cost="Gratisnivå; betalabonnemang.",
        supplier="Atlassian",
        website="https://trello.com",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, kortens innehåll.",
                storage="outside_safeguards",
                legal_basis="legitimate_interests",
                risks=(2, 2, 1, 2, 1, 2),
                need="Planera hubbens aktiviteter tillsammans.",
                benefit="Alla ser vem som gör vad.",
                conclusion="Skriv inga personuppgifter om andra i korten. " + ILLUSTRATIVE,
            ),
        ),
        adoptions=(("exempel-hammarstrand", date(2024, 6, 1), "Exempel: aktivitetsplanering."),),
    ),
    DemoTool(
        slug="slack",
        name="Slack",
        kind="digital_tool",
        summary="Chatt med kanaler för en community.",
        description="Slack är en chattjänst från Salesforce. Lagring i EU finns för vissa "
        "betalabonnemang; annars kan data lagras i USA med skyddsåtgärder enligt villkoren.",
        needs=("kommunicera", "kompetens"),
        fits=("across_orgs", "at_hub"),
        ease=4,
        cost="Gratisnivå med begränsad historik; betalabonnemang.",
        supplier="Salesforce (USA)",
        website="https://slack.com",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, meddelanden, profilbilder.",
                storage="outside_safeguards",
                legal_basis="consent",
                risks=(2, 3, 1, 2, 1, 2),
                need="En kanal där hubbens community kan ställa frågor till varandra.",
                benefit="Snabb kontakt mellan coworkare.",
                conclusion="Ombedömning närmar sig. " + ILLUSTRATIVE,
                assessed_days_ago=350,
            ),
        ),
        adoptions=(("exempel-are", date(2023, 9, 1), "Exempel: community-chatt."),),
    ),
    DemoTool(
        slug="google-workspace",
        name="Google Workspace",
        kind="digital_tool",
        summary="E-post, dokument och möten i webbläsaren.",
        description="Google Workspace omfattar Gmail, Drive, Docs och Meet. Leverantören "
        "erbjuder val av dataregion i vissa abonnemang; annars kan data behandlas utanför "
        "EU/EES med skyddsåtgärder enligt villkoren.",
        needs=("dela-dokument", "hybridmoten", "planera"),
        fits=("within_org", "across_orgs"),
        ease=4,
        cost="Licens per användare.",
        supplier="Google",
        website="https://workspace.google.com",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, dokument, kalendrar, användningsloggar.",
                storage="outside_safeguards",
                legal_basis="contract",
                risks=(2, 3, 1, 2, 1, 3),
                need="Gemensamma dokument för en liten hubbförening.",
                benefit="Enkelt att komma igång.",
                conclusion=ILLUSTRATIVE,
            ),
        ),
        adoptions=(("exempel-are-2", date(2023, 1, 1), "Exempel: föreningens dokument."),),
    ),
    DemoTool(
        slug="miro",
        name="Miro",
        kind="digital_tool",
        summary="Digital whiteboard för workshops på distans.",
        description="Miro är en digital whiteboard där flera arbetar samtidigt med lappar, "
        "skisser och mallar. Lagring i EU finns för vissa abonnemang enligt leverantören.",
        needs=("samla-ideer", "planera", "hybridmoten"),
        fits=("across_orgs",),
        ease=4,
        cost="Gratisnivå med begränsat antal tavlor; betalabonnemang.",
        supplier="Miro",
        website="https://miro.com",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn, e-postadresser, innehåll på tavlan.",
                storage="outside_safeguards",
                legal_basis="legitimate_interests",
                risks=(2, 2, 1, 2, 1, 2),
                need="Workshop med deltagare på olika orter.",
                benefit="Alla ser och flyttar samma lappar.",
                conclusion=ILLUSTRATIVE,
            ),
        ),
    ),
    DemoTool(
        slug="bokningssystem-for-hubben",
        name="Bokningssystem för skrivbord och rum",
        kind="digital_tool",
        summary="Boka en arbetsplats eller ett mötesrum på hubben, utan att andra ser vem "
        "som sitter var.",
        description=(
            "Ett enkelt bokningssystem för hubbens skrivbord och rum. Bokningar visas med "
            "namn bara för hubbens värd; andra ser bara att platsen är upptagen.\n\n"
            "Jämför med Microsoft Places, som stoppades för att det visade var enskilda "
            "medarbetare befann sig."
        ),
        needs=("boka-arbetsplats",),
        fits=("at_hub",),
        ease=4,
        cost="Varierar mellan leverantörer.",
        supplier="Flera leverantörer",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="Namn och e-postadress på den som bokar; bokade tider.",
                storage="eu",
                legal_basis="contract",
                risks=(1, 2, 1, 2, 2, 1),
                need="Veta att det finns en plats innan man åker till hubben.",
                benefit="Färre bortkastade resor; underlag för beläggning i siffror.",
                conclusion="Godtagbart om bokningar gallras och beläggning bara redovisas "
                "sammanställd. " + ILLUSTRATIVE,
            ),
        ),
        decisions=((REGION, "under_review", ILLUSTRATIVE_DECISION),),
        adoptions=(
            ("exempel-svenstavik", date(2024, 1, 1), "Exempel: skrivbord och drop-in."),
            ("exempel-ostersund-2", date(2024, 8, 1), "Exempel."),
        ),
    ),
    DemoTool(
        slug="community-nyhetsbrev",
        name="Nyhetsbrev för hubbens community",
        kind="method",
        summary="Ett kort nyhetsbrev varje månad om hubbens aktiviteter och medlemmar.",
        description=(
            "Ett månadsbrev med kommande träffar, en presentation av en coworkare (med "
            "samtycke) och tips från andra hubbar.\n\n- Skicka bara till dem som anmält "
            "sig.\n- Ha en avregistreringslänk i varje brev."
        ),
        needs=("kommunicera", "lara-kanna"),
        fits=("at_hub", "across_orgs"),
        ease=4,
        cost="Några timmar i månaden; eventuell utskickstjänst.",
        languages="Svenska",
        assessments=(
            DemoAssessment(
                personal_data=True,
                categories="E-postadresser till prenumeranter.",
                storage="eu",
                legal_basis="consent",
                risks=(1, 2, 1, 1, 1, 1),
                need="Nå hubbens användare med nyheter.",
                benefit="Fler kommer på aktiviteterna.",
                conclusion="Välj en utskickstjänst som lagrar i EU. " + ILLUSTRATIVE,
            ),
        ),
        adoptions=(
            ("exempel-vemdalen", date(2023, 11, 1), "Exempel."),
            ("exempel-bracke", date(2024, 2, 1), "Exempel."),
        ),
    ),
    DemoTool(
        slug="walk-and-talk",
        name="Walk and talk",
        kind="method",
        summary="Ett samtal på promenad i stället för vid ett bord.",
        description="Två eller tre personer promenerar 30–45 minuter kring en fråga. Bra för "
        "att lära känna en ny coworkare eller lösa ett knepigt problem.",
        needs=("lara-kanna", "kompetens"),
        fits=("at_hub", "across_orgs", "within_org"),
        ease=5,
        cost="Ingen.",
        languages="Svenska, engelska",
        maturity="widespread",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Samtal utan skärm.",
                benefit="Rörelse och bättre samtal.",
                conclusion="Inga personuppgifter.",
            ),
        ),
        adoptions=(("exempel-are-2", date(2023, 6, 1), "Exempel: fjällpromenad på lunchen."),),
    ),
    DemoTool(
        slug="oppet-hus-med-fika",
        name="Öppet hus med fika",
        kind="method",
        summary="Hubben öppnar dörrarna för grannar, företag och nyfikna.",
        description="Ett öppet hus en eftermiddag: fika, visning av hubben och korta "
        "presentationer av dem som arbetar där. Bra för att hålla hela länet levande.",
        needs=("lara-kanna", "kommunicera"),
        fits=("at_hub",),
        ease=5,
        cost="Fika och en eftermiddag.",
        languages="Svenska",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Visa vad hubben är för lokalsamhället.",
                benefit="Nya användare och kontakter.",
                conclusion="Inga personuppgifter; räkna besökare, inte namn.",
            ),
        ),
        adoptions=(
            ("exempel-follinge", date(2024, 4, 1), "Exempel."),
            ("exempel-lit", date(2024, 9, 15), "Exempel."),
        ),
    ),
    DemoTool(
        slug="idevagg",
        name="Idévägg",
        kind="method",
        summary="En vägg i hubbens kök där alla kan sätta upp idéer och frågor på lappar.",
        description="En fysisk vägg med lappar: *Jag kan …*, *Jag söker …*, *Idé!* Töm den "
        "en gång i månaden och ta upp idéerna på frukostträffen.",
        needs=("samla-ideer", "kompetens"),
        fits=("at_hub",),
        ease=5,
        cost="Lappar och pennor.",
        languages="Svenska",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Fånga idéer och behov i vardagen.",
                benefit="Synliggör kompetens på hubben.",
                conclusion="Inga personuppgifter om lapparna inte har namn.",
            ),
        ),
        adoptions=(("exempel-hammerdal", date(2024, 1, 1), "Exempel."),),
    ),
    DemoTool(
        slug="mall-behovs-risk-och-nyttoanalys",
        name="Mall: behovs-, risk- och nyttoanalys",
        kind="template",
        summary="Frågorna att besvara innan ett digitalt verktyg som behandlar "
        "personuppgifter införs.",
        description=(
            "1. **Behov:** vilket problem löser verktyget?\n2. **Personuppgifter:** vilka, "
            "om vem, och var lagras de?\n3. **Risk:** sannolikhet × konsekvens för obehörig "
            "åtkomst, oönskad ändring och förlust av data.\n4. **Nytta:** vad vinner vi?\n"
            "5. **Beslut:** godkänn, utred vidare eller avstå.\n\n"
            "Studien visar varför frågan om personlig integritet behöver ställas tidigt."
        ),
        needs=("bedoma-verktyg",),
        fits=("within_org", "across_orgs"),
        ease=3,
        cost="Ingen.",
        languages="Svenska",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Ett gemensamt sätt att bedöma verktyg.",
                benefit="Snabbare och tydligare beslut.",
                conclusion="Mallen innehåller inga personuppgifter.",
            ),
        ),
    ),
    DemoTool(
        slug="guide-digitalt-ledarskap-i-moten",
        name="Guide: digitalt ledarskap i hybridmöten",
        kind="guide",
        summary="Kortare och färre onlinemöten som alla kan delta i, vare sig de sitter på "
        "en hubb, hemma eller på kontoret.",
        description=(
            "**Bakgrund ur studien (parafraserat):** intervjuade efterfrågar ett digitalt "
            "ledarskap – alltför många oproduktiva onlinemöten, och verktyg och rutiner som "
            "inte används fullt ut.\n\n- Skicka dagordning före.\n- Alla med egen kamera "
            "och mikrofon, även i rummet.\n- Avsluta med beslut och vem som gör vad."
        ),
        needs=("hybridmoten", "larandetraff"),
        fits=("within_org", "across_orgs", "at_hub"),
        ease=5,
        cost="Ingen.",
        languages="Svenska",
        assessments=(
            DemoAssessment(
                **_NO_DATA,
                need="Bättre möten med deltagare på olika platser.",
                benefit="Färre och kortare möten.",
                conclusion="Guiden innehåller inga personuppgifter.",
            ),
        ),
    ),
)

# Made-up people who rated tools (they cannot log in: no password, no address).
DEMO_REVIEWERS = (
    "Maja Exempel",
    "Nils Prov",
    "Olivia Demo",
    "Per Testsson",
)

# (tool slug, reviewer name or demo login email, rating, tip)
DEMO_REVIEWS = (
    ("mentimeter", "Maja Exempel", 5, "Börja med en **ordmolnsfråga** – det bryter isen."),
    ("mentimeter", "Nils Prov", 4, "Visa resultaten först när alla har svarat."),
    ("mentimeter", "Olivia Demo", 5, ""),
    ("mentimeter", "Per Testsson", 4, "Gratisnivån räcker för en lärandeträff."),
    ("mentimeter", "coworker@demo.example", 4, "Fungerar bra även för dem som är med på distans."),
    ("mentimeter", "manager@demo.example", 5, ""),
    ("walk-and-talk", "Maja Exempel", 5, "Ta med fika i termos."),
    ("walk-and-talk", "manager@demo.example", 4, ""),
    ("padlet", "coworker@demo.example", 3, "Kräv inte namn på lapparna."),
    ("larandetraff", "Nils Prov", 5, "Två facilitatorer gör stor skillnad."),
)


def _tool_adopter(key: str, hubs: dict[str, Hub], organisations: dict[str, Organisation]):
    if key.startswith("org:"):
        return {"organisation": organisations[key.removeprefix("org:")]}
    return {"hub": hubs[key]}


def toolbox_load(*, coworker, today: date) -> None:
    """The toolbox's needs, tools, assessments, decisions, adoption and reviews."""
    needs = {
        slug: Need.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOOLBOX_NEEDS.items()
    }
    organisations = {o.name: o for o in Organisation.objects.all()}
    hubs = {h.slug: h for h in Hub.objects.all()}
    published_at = timezone.now()
    tools = {}
    for item in DEMO_TOOLS:
        tool, created = Tool.objects.update_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "kind": item.kind,
                "summary": item.summary,
                "description": item.description,
                "fits": list(item.fits),
                "ease": item.ease,
                "cost": item.cost,
                "supplier": item.supplier,
                "languages": item.languages,
                "website": item.website,
                "maturity": item.maturity,
                "status": Tool.Status.PUBLISHED,
            },
        )
        if created or tool.published_at is None:
            tool.published_at = published_at
            tool.save(update_fields=["published_at"])
        tool.needs.set([needs[slug] for slug in item.needs])
        current = None
        for version, a in enumerate(item.assessments, start=1):
            assessed_on = today - timedelta(days=a.assessed_days_ago)
            risks = dict(
                zip(
                    (
                        "access_likelihood",
                        "access_severity",
                        "change_likelihood",
                        "change_severity",
                        "loss_likelihood",
                        "loss_severity",
                    ),
                    a.risks,
                    strict=True,
                )
            )
            current, _ = PrivacyAssessment.objects.update_or_create(
                tool=tool,
                version=version,
                defaults={
                    "processes_personal_data": a.personal_data,
                    "data_categories": a.categories,
                    "storage": a.storage,
                    "legal_basis": a.legal_basis,
                    "dpia_exists": a.dpia,
                    "sells_data": a.sells,
                    "third_party_tracking": a.tracking,
                    "monitors_individuals": a.monitors,
                    **risks,
                    "need": a.need,
                    "benefit": a.benefit,
                    "conclusion": a.conclusion,
                    "assessed_on": assessed_on,
                    "assessed_by": a.assessed_by,
                    "reassess_by": assessed_on + timedelta(days=a.valid_days),
                },
            )
        if current is not None and tool.current_assessment_id != current.pk:
            tool.current_assessment = current
            tool.save(update_fields=["current_assessment"])
        for name, status, reasoning in item.decisions:
            toolbox_services.decision_set(
                tool=tool,
                organisation=organisations[name],
                status=status,
                decided_on=today - timedelta(days=30),
                reviewer=f"{SECURITY_REVIEWER}, {name}",
                reasoning=reasoning,
            )
        for key, since, notes in item.adoptions:
            toolbox_services.adoption_set(
                tool=tool,
                since=since,
                notes=notes,
                **_tool_adopter(key, hubs, organisations),
            )
        tools[item.slug] = tool
    User = get_user_model()
    people = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    for name in DEMO_REVIEWERS:
        person, _ = User.objects.update_or_create(
            email=_demo_email(name), defaults={"name": name, "is_active": True}
        )
        if person.has_usable_password():
            person.set_unusable_password()
            person.save(update_fields=["password"])
        people[name] = person
    for slug, who, rating, tip in DEMO_REVIEWS:
        toolbox_services.review_save(tool=tools[slug], user=people[who], rating=rating, tip=tip)
    # The demo coworker works at the Region: "approved for my organisation" shows
    # Microsoft 365 and Teams, and Viva and Places as rejected.
    if coworker.organisation_id != organisations[REGION].pk:
        coworker.organisation = organisations[REGION]
        coworker.save(update_fields=["organisation"])
    toolbox_services.tool_index()


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
    toolbox_load(coworker=coworker, today=today)
    return DEMO_LOGINS
