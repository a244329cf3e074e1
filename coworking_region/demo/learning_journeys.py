"""Demo learning journeys: the study's journey with its meetings, reports and
insights, and a made-up journey with upcoming meetings to sign up for."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from coworking_region.demo.common import (
    LANSSTYRELSEN,
    MSB,
    NATURVARDSVERKET,
    OSTERSUND,
    POLISEN,
    REGION,
    STOCKHOLM,
    TILLVAXTANALYS,
    demo_email,
)
from hubs.models import Hub, Organisation
from learning_journeys.models import (
    Insight,
    LearningJourney,
    Meeting,
    MeetingReport,
    MeetingReservation,
    Registration,
)

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
            email = demo_email(name)
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
