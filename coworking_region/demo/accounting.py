"""Demo data for accounting (Redovisning 2.0): targets, the county's
greenhouse-gas emissions entered by hand, challenges drawn from the study with
their progress updates, hubs' self-assessments, and a full roll-up at the end
so that the dashboard has values on `make run`.

Everything that is not in the study is marked: illustrative numbers say
"illustrativt värde för demon" and made-up ratings and texts say "demo".
Idempotent: rows are found again by their natural keys and updated.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from accounting import rollup, services
from accounting.catalogue import catalogue_load
from accounting.models import (
    Challenge,
    ChallengeUpdate,
    Indicator,
    PeriodType,
    ScopeType,
    Stage,
    SubResult,
    Target,
)
from coworking_region.demo.common import LANSSTYRELSEN, OSTERSUND, REGION
from hubs.models import Hub, Organisation
from learning_journeys.models import LearningJourney

ILLUSTRATIVE = "Illustrativt värde för demon (inte officiell statistik)."
CLIMATE_SOURCE = (
    "Länsstyrelsen Jämtlands län, Omställningsarenan för klimatet: fossilfritt och minst 10 % "
    "mindre utsläpp av växthusgaser varje år 2023–2030."
)
STUDY_JOURNEY_SLUG = "the-co-working-region"

# County emissions, kt CO2e per year: ILLUSTRATIVE numbers for the demo, not
# the national emission statistics.
GHG_BY_YEAR = {
    2020: Decimal("1010"),
    2021: Decimal("985"),
    2022: Decimal("940"),
    2023: Decimal("880"),
    2024: Decimal("830"),
    2025: Decimal("790"),
}
GHG_BASE_YEAR = 2022

# (indicator, hub slug or None for the county, year, value, note)
COMPUTED_TARGETS = (
    ("desk_utilisation", None, 2025, 45, "Effektivare lokalutnyttjande."),
    ("desk_utilisation", None, 2026, 50, "Effektivare lokalutnyttjande."),
    ("desk_utilisation", "samverket", 2026, 60, "Effektivare lokalutnyttjande på Samverket."),
    ("learning_meetings", None, 2025, 40, "Lärandeträffar i hela länet."),
    ("learning_meetings", None, 2026, 48, "Lärandeträffar i hela länet."),
    ("learning_meetings", "samverket", 2026, 10, "Lärandeträffar på Samverket."),
    ("co2e_avoided", None, 2026, 60000, "Undvikna pendlingsutsläpp genom lokala hubbar."),
)


def ghg_target(year: int) -> Decimal:
    """At least 10 % less every year from the (illustrative) 2022 value."""
    value = GHG_BY_YEAR[GHG_BASE_YEAR] * Decimal("0.9") ** (year - GHG_BASE_YEAR)
    return value.quantize(Decimal("0.1"))


def targets_load() -> None:
    ghg = Indicator.objects.get(code="county_ghg_emissions")
    for year in range(2023, 2031):
        Target.objects.update_or_create(
            indicator=ghg,
            scope_type=ScopeType.COUNTY,
            hub=None,
            municipality=None,
            year=year,
            defaults={
                "value": ghg_target(year),
                "note": f"{CLIMATE_SOURCE} Räknat från basvärdet {GHG_BASE_YEAR} "
                f"({GHG_BY_YEAR[GHG_BASE_YEAR]} kt), som är ett illustrativt värde för demon.",
            },
        )
    codes = {code for code, *_rest in COMPUTED_TARGETS}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    hubs = {h.slug: h for h in Hub.objects.filter(slug="samverket")}
    for code, hub_slug, year, value, note in COMPUTED_TARGETS:
        hub = hubs.get(hub_slug) if hub_slug else None
        if hub_slug and hub is None:
            continue
        Target.objects.update_or_create(
            indicator=indicators[code],
            scope_type=ScopeType.HUB if hub else ScopeType.COUNTY,
            hub=hub,
            municipality=None,
            year=year,
            defaults={"value": Decimal(value), "note": f"{note} Exempelmål för demon."},
        )


def manual_values_load(*, staff) -> None:
    ghg = Indicator.objects.get(code="county_ghg_emissions")
    for year, value in GHG_BY_YEAR.items():
        services.manual_value_save(
            indicator=ghg,
            scope_type=ScopeType.COUNTY,
            period_type=PeriodType.YEAR,
            period_start=date(year, 1, 1),
            value=value,
            note=ILLUSTRATIVE,
            user=staff,
        )


# --- Challenges ---------------------------------------------------------------------


DEMO_NOTE = "(Demo: formulerad utifrån studien.)"

# slug → title, description, nature, owners, hub slugs, study-insight prefixes,
# sub-results (title, weight, progress) and updates (stage, progress, reason,
# evidence, partnerships, practice changed, date).
CHALLENGES = {
    "samverket-2-0": {
        "title": "Samverket 2.0 – en regional modell för coworking",
        "description": "Hur kan Samverket och länets övriga coworkingmiljöer vävas ihop till en "
        "gemensam arena för lärande och komplex problemlösning, där fler myndigheter, "
        "kommuner och företag deltar? " + DEMO_NOTE,
        "nature": Challenge.Nature.COMPLEX,
        "owners": (REGION, OSTERSUND, LANSSTYRELSEN),
        "hubs": ("samverket", "norra-station", "house-be", "kollektivet"),
        "insights": ("Bygg ett redovisningssystem 2.0", "Den sociala dimensionen"),
        "sub_results": (
            ("En gemensam modell för hur hubbarna samverkar", 3, 45),
            ("Redovisning 2.0 i bruk på hubbarna", 2, 30),
            ("Fler myndigheter med på Samverket", 1, 20),
        ),
        "updates": (
            (
                Stage.UNDERSTAND,
                10,
                "Läranderesan har kartlagt vad coworkarna värdesätter och vad som saknas.",
                "Sex lärandeträffar, 16 intervjuer och 9 studiebesök.",
                "Region JH, Östersunds kommun och Länsstyrelsen i samma lärandeträffar.",
                "Lärandeträffar hålls på hubben i stället för i egna lokaler.",
                date(2023, 4, 14),
            ),
            (
                Stage.CO_CREATE,
                25,
                "Ett förslag till modell tas fram tillsammans med hubbarnas community managers.",
                "Workshop om värdeskapande aktiviteter med återkoppling från deltagarna.",
                "Community managers från fyra hubbar arbetar i samma grupp.",
                "Hubbarna delar program och inbjudningar med varandra.",
                date(2024, 5, 20),
            ),
            (
                Stage.CO_CREATE,
                35,
                "Modellen prövas i liten skala; redovisningen följer upp de ogripbara värdena.",
                "Första årets självskattningar och indikatorer för Samverket. (Demo.)",
                "En ny myndighet har börjat använda Samverket. (Demo.)",
                "Självskattning av intellektuellt kapital en gång om året. (Demo.)",
                date(2025, 9, 12),
            ),
        ),
    },
    "mindre-pendling-och-utslapp": {
        "title": "Mindre pendling och lägre utsläpp genom lokala hubbar",
        "description": "Hur kan arbete på en hubb nära hemmet minska pendlingen och länets "
        "utsläpp av växthusgaser, i linje med målet om minst 10 % mindre varje år 2023–2030? "
        + DEMO_NOTE,
        "nature": Challenge.Nature.COMPLEX,
        "owners": (REGION, LANSSTYRELSEN),
        "hubs": ("samverket", "house-be", "kollektivet"),
        "insights": ("Koppla coworking till den regionala klimatstrategins",),
        "sub_results": (),
        "updates": (
            (
                Stage.UNDERSTAND,
                15,
                "Lärandeträff 4 kopplade coworking till Net Zero 2030 och klimatstrategin.",
                "Deltagarnas erfarenheter av hybridarbete och resor.",
                "Kontakt med Omställningsarenan för klimatet.",
                "",
                date(2022, 12, 9),
            ),
            (
                Stage.TEST,
                40,
                "Hubbarna registrerar avståndsklass för platsdagar; undvikna km räknas fram.",
                "Undvikna pendlingskilometer och kg CO2e per månad i portalen.",
                "Fyra hubbar lämnar uppgifter på samma sätt. (Demo.)",
                "Platsdagar registreras med avståndsklass i stället för inte alls. (Demo.)",
                date(2025, 3, 3),
            ),
        ),
    },
    "kunskapsdelning-mellan-myndigheter": {
        "title": "Kunskapsdelning mellan myndigheter i Myndighetsnätverket",
        "description": "Många av länets omkring 40 myndigheter är inte med i "
        "Myndighetsnätverket eller på Samverket. Hur kan de bidra och dela kunskap över "
        "myndighetsgränserna? " + DEMO_NOTE,
        "nature": Challenge.Nature.COMPLICATED,
        "owners": (LANSSTYRELSEN, REGION),
        "hubs": ("samverket",),
        "insights": ("Regelbundna aktiviteter",),
        "sub_results": (),
        "updates": (
            (
                Stage.UNDERSTAND,
                20,
                "Kartläggning av vilka myndigheter som är med och vilka som saknas.",
                "Referenslistan över länets myndigheter.",
                "Länsstyrelsen samordnar kartläggningen.",
                "",
                date(2023, 10, 2),
            ),
            (
                Stage.IMPLEMENT,
                55,
                "Gemensamma frukostseminarier på Samverket för myndigheternas medarbetare.",
                "Fler organisationer deltar i hubbens aktiviteter. (Demo.)",
                "Tre myndigheter planerar aktiviteter tillsammans. (Demo.)",
                "Medarbetare bjuds in till andra myndigheters seminarier. (Demo.)",
                date(2025, 2, 17),
            ),
        ),
    },
    "hubbarnas-anvandning-utan-overvakning": {
        "title": "Se hubbarnas användning utan att övervaka människor",
        "description": "Studien prövade digitala verktyg för att se vem som arbetar var, men "
        "de stoppades av integritetsskäl. Hur kan hubbarnas användning följas upp med "
        "sammanställda uppgifter, utan uppgifter om enskilda? " + DEMO_NOTE,
        "nature": Challenge.Nature.COMPLICATED,
        "owners": (REGION,),
        "hubs": ("samverket", "norra-station"),
        "insights": ("Fler digitala verktyg löser inte problemet",),
        "sub_results": (),
        "updates": (
            (
                Stage.UNDERSTAND,
                20,
                "Behovs-, risk- och nyttoanalysen stoppade verktyg som samlar data om anställda.",
                "Regionens säkerhetsgranskning av Microsoft Viva och Places.",
                "Säkerhetsfunktionen och hubbarna i samma samtal.",
                "",
                date(2023, 11, 20),
            ),
            (
                Stage.TEST,
                50,
                "Portalen registrerar bara antal: platsdagar, deltagare och organisationer.",
                "Inga uppgifter om enskilda; små tal visas som <5.",
                "Community managers registrerar beläggning varje vecka. (Demo.)",
                "Uppföljning med sammanställda siffror i stället för spårning. (Demo.)",
                date(2025, 6, 9),
            ),
            (
                Stage.IMPLEMENT,
                70,
                "Instrumentpanelen används av Regionen och hubbarna. (Demo.)",
                "Månadsvisa värden per hubb och kommun. (Demo.)",
                "",
                "Hubbarnas rapporter bygger på samma siffror som länets. (Demo.)",
                date(2026, 1, 15),
            ),
        ),
    },
}


def _at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def _challenge_load(slug: str, spec: dict, *, staff, organisations, hubs, journey) -> None:
    challenge, _created = Challenge.objects.update_or_create(
        slug=slug,
        defaults={
            "title": spec["title"],
            "description": spec["description"],
            "nature": spec["nature"],
            "is_public": True,
            "created_by": staff,
        },
    )
    challenge.owners.set([organisations[n] for n in spec["owners"] if n in organisations])
    challenge.hubs.set([hubs[s] for s in spec["hubs"] if s in hubs])
    if journey is not None:
        challenge.journeys.set([journey])
        insights = [
            insight
            for insight in journey.insights.all()
            if any(insight.text.startswith(prefix) for prefix in spec["insights"])
        ]
        challenge.insights.set(insights)
    for title, weight, progress in spec["sub_results"]:
        SubResult.objects.update_or_create(
            challenge=challenge, title=title, defaults={"weight": weight, "progress": progress}
        )
    previous = ""
    for stage, progress, reason, evidence, partnerships, practice, day in spec["updates"]:
        update, _created = ChallengeUpdate.objects.update_or_create(
            challenge=challenge,
            progress_reason=reason,
            defaults={
                "stage": stage,
                "previous_stage": previous,
                "progress": progress,
                "evidence": evidence,
                "partnerships": partnerships,
                "practice_changed": practice,
                "author": staff,
            },
        )
        # created_at is set on insert; the timeline needs the update's own date.
        ChallengeUpdate.objects.filter(pk=update.pk).update(created_at=_at_noon(day))
        previous = stage
    last = spec["updates"][-1]
    Challenge.objects.filter(pk=challenge.pk).update(stage=last[0], progress=last[1])


def challenges_load(*, staff) -> None:
    organisations = {o.name: o for o in Organisation.objects.filter(
        name__in={n for spec in CHALLENGES.values() for n in spec["owners"]}
    )}  # fmt: skip
    hubs = {h.slug: h for h in Hub.objects.all()}
    journey = LearningJourney.objects.filter(slug=STUDY_JOURNEY_SLUG).first()
    for slug, spec in CHALLENGES.items():
        _challenge_load(
            slug, spec, staff=staff, organisations=organisations, hubs=hubs, journey=journey
        )


# --- Self-assessments --------------------------------------------------------------------

# (capital, factor, comment) and ratings (quantity, quality, systematics) per year.
FACTORS = (
    ("human", "Coworkarnas kompetens", "Bred kompetens från flera sektorer."),
    ("human", "Lärande i vardagen", "Lärandeträffar och frukostseminarier."),
    ("relational", "Nätverk mellan organisationer", "Myndigheter, kommun och företag möts."),
    ("relational", "Gemenskap och tillit", "Man känner sig hemma när man kliver in."),
    ("structural", "Lokaler och teknik", "Platser, mötesrum och utrustning för hybridmöten."),
    ("structural", "Rutiner för uppföljning", "Registrering av aktiviteter och beläggning."),
)
# hub slug → {year: one (quantity, quality, systematics) per factor}; made up for the demo.
RATINGS = {
    "samverket": {
        2025: ((80, 70, 50), (60, 60, 40), (70, 60, 40), (90, 80, 60), (90, 80, 70), (40, 40, 30)),
        2026: ((90, 80, 60), (70, 70, 60), (80, 70, 50), (100, 90, 70), (90, 90, 80), (60, 50, 50)),
    },
    "exempel-jarpen": {
        2025: ((50, 60, 30), (40, 50, 20), (40, 50, 30), (80, 90, 40), (60, 70, 40), (20, 30, 10)),
        2026: ((60, 60, 40), (50, 60, 30), (50, 60, 40), (80, 90, 50), (60, 70, 50), (40, 40, 30)),
    },
    "exempel-funasdalen": {
        2025: ((40, 50, 20), (30, 40, 20), (50, 60, 30), (70, 80, 40), (50, 60, 30), (20, 20, 10)),
        2026: ((50, 50, 30), (40, 50, 30), (60, 60, 40), (70, 80, 50), (60, 60, 40), (30, 30, 20)),
    },
}


def self_assessments_load(*, staff) -> None:
    hubs = {h.slug: h for h in Hub.objects.filter(slug__in=RATINGS)}
    for slug, years in RATINGS.items():
        hub = hubs.get(slug)
        if hub is None:
            continue
        for year, ratings in years.items():
            factors = [
                {
                    "capital": capital,
                    "name": name,
                    "quantity": quantity,
                    "quality": quality,
                    "systematics": systematics,
                    "comment": f"{comment} (Demo: exempel på självskattning.)",
                }
                for (capital, name, comment), (quantity, quality, systematics) in zip(
                    FACTORS, ratings, strict=True
                )
            ]
            services.self_assessment_save(
                hub=hub,
                year=year,
                summary=f"Exempel för demon: {hub.name} skattar sitt intellektuella kapital "
                f"{year}.",
                factors=factors,
                user=staff,
            )


def accounting_load(*, staff, today: date) -> None:
    catalogue_load(Indicator)  # the migration loads it; a flushed database has none
    targets_load()
    manual_values_load(staff=staff)
    challenges_load(staff=staff)
    self_assessments_load(staff=staff)
    # The dashboards read snapshots only: compute them now.
    rollup.rollup_full(today=today)
