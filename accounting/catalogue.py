"""The default indicator catalogue: loaded by a data migration and by the demo;
Region staff may edit names, definitions and order afterwards (the code and
the computation stay)."""

from .indicators import CAR_FACTOR_SOURCE

C, M = "computed", "manual"

# (code, capital, dimension, unit, direction, method, counts_people, decimals,
#  name_sv, name_en, definition_sv, definition_en, source)
DEFAULT_INDICATORS = (
    ("learning_meetings", "human", "social", "st", "higher", C, False, 0,
     "Lärandeträffar som hållits", "Learning meetings held",
     "Antal publicerade lärandeträffar, studiebesök, workshoppar m.m. med en hubb som plats som har startat under perioden.",
     "Number of published learning meetings (and study visits, workshops …) held at a hub that started in the period.",
     ""),
    ("participant_hours", "human", "social", "timmar", "higher", C, True, 0,
     "Deltagartimmar i lärande", "Participant-hours of learning",
     "Summan av deltagare × träffens längd i timmar. Deltagare enligt slutrapporten, annars de som checkats in.",
     "Sum of participants × the meeting's length in hours. Participants from the closing report, else those checked in.",
     ""),
    ("satisfaction", "human", "social", "1–5", "higher", C, True, 1,
     "Deltagarnöjdhet", "Participant satisfaction",
     "Medelvärdet av deltagarnas betyg (1–5) i återkopplingen efter lärandeträffar. Visas bara när minst 5 har svarat.",
     "Mean of participants' feedback ratings (1–5) after learning meetings. Shown only when at least 5 have answered.",
     ""),
    ("organisations", "relational", "", "st", "higher", C, False, 0,
     "Organisationer som deltar", "Distinct organisations taking part",
     "Antal olika organisationer som deltagit i hubbens aktiviteter eller lärandeträffar under perioden.",
     "Number of distinct organisations that took part in the hub's activities or learning meetings in the period.",
     ""),
    ("cross_sector_activities", "relational", "social", "st", "higher", C, False, 0,
     "Sektorsövergripande aktiviteter", "Cross-sector activities",
     "Aktiviteter där organisationer av minst två slag deltog (t.ex. myndighet och företag).",
     "Activities in which organisations of at least two kinds took part (e.g. an agency and a company).",
     ""),
    ("new_organisation_pairs", "relational", "", "st", "higher", C, False, 0,
     "Nya möten mellan organisationer", "New organisation pairs (network growth)",
     "Par av organisationer som för första gången deltog i samma aktivitet eller lärandeträff; räknas där och när de möttes första gången.",
     "Pairs of organisations that took part in the same activity or learning meeting for the first time; counted where and when they first met.",
     ""),
    ("agency_network_coverage", "relational", "", "%", "higher", C, False, 0,
     "Täckning av Myndighetsnätverket", "Myndighetsnätverket coverage",
     "Andel av länets statliga myndigheter som är med i Myndighetsnätverket, den dag beräkningen görs. Bara för länet.",
     "Share of the county's state agencies that are members of Myndighetsnätverket, on the day of the computation. County only.",
     "Myndighetsnätverket, Länsstyrelsen Jämtlands län (the reference list of agencies)"),
    ("desk_utilisation", "structural", "economic", "%", "higher", C, False, 0,
     "Lokalutnyttjande", "Desk utilisation",
     "Använda platsdagar ÷ tillgängliga platsdagar (antal platser × vardagar från hubbens första registrering). Effektivare lokalutnyttjande.",
     "Desk-days used ÷ desk-days available (desks × weekdays from the hub's first record). More efficient use of premises.",
     ""),
    ("commuting_km_avoided", "structural", "environmental", "km", "higher", C, False, 0,
     "Undvikna pendlingskilometer", "Commuting km avoided",
     "Platsdagar med angiven avståndsklass × 2 (tur och retur) × klassens mittvärde (5, 20, 45, 80 och 120 km för över 100 km).",
     "Desk-days with a distance band × 2 (there and back) × the band's midpoint (5, 20, 45, 80, and 120 km for over 100 km).",
     ""),
    ("co2e_avoided", "structural", "environmental", "kg CO2e", "higher", C, False, 0,
     "Undvikna utsläpp", "CO2e avoided",
     "Undvikna pendlingskilometer × 0,167 kg CO2e per fordonskilometer (mellanstor bensinbil, bränslets livscykel, utan tillverkning av bilen).",
     "Commuting km avoided × 0.167 kg CO2e per vehicle-km (mid-size petrol car, fuel life cycle, without manufacturing the car).",
     CAR_FACTOR_SOURCE),
    ("activities_social", "relational", "social", "st", "higher", C, False, 0,
     "Aktiviteter: social hållbarhet", "Activities: social sustainability",
     "Aktiviteter som hubben markerat som social hållbarhet.",
     "Activities the hub marked as social sustainability.", ""),
    ("activities_economic", "relational", "economic", "st", "higher", C, False, 0,
     "Aktiviteter: ekonomisk hållbarhet", "Activities: economic sustainability",
     "Aktiviteter som hubben markerat som ekonomisk hållbarhet.",
     "Activities the hub marked as economic sustainability.", ""),
    ("activities_environmental", "relational", "environmental", "st", "higher", C, False, 0,
     "Aktiviteter: miljömässig hållbarhet", "Activities: environmental sustainability",
     "Aktiviteter som hubben markerat som miljömässig hållbarhet.",
     "Activities the hub marked as environmental sustainability.", ""),
    ("tools_adopted", "structural", "", "st", "higher", C, False, 0,
     "Verktyg som tagits i bruk", "Tools adopted",
     "Verktyg och metoder ur Verktygslådan som hubben börjat använda under perioden.",
     "Tools and methods from the toolbox that the hub started using in the period.", ""),
    ("county_ghg_emissions", "structural", "environmental", "kt CO2e", "lower", M, False, 0,
     "Växthusgasutsläpp i länet", "Greenhouse-gas emissions in the county",
     "Länets territoriella utsläpp av växthusgaser per år, inmatade av Regionen från den nationella emissionsstatistiken. Mål: minst 10 % mindre varje år 2023–2030.",
     "The county's territorial greenhouse-gas emissions per year, entered by the Region from the national emission statistics. Target: at least 10 % less every year 2023–2030.",
     "Target: Länsstyrelsen Jämtlands län, Miljö- och klimatrådet (accounting/data/climate_targets.csv)"),
)  # fmt: skip


def catalogue_load(indicator_model) -> int:
    """Create missing default indicators (never overwrites staff edits)."""
    created = 0
    for order, row in enumerate(DEFAULT_INDICATORS, start=1):
        (code, capital, dimension, unit, direction, method, people, decimals,
         name_sv, name_en, def_sv, def_en, source) = row  # fmt: skip
        _obj, was_created = indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "capital": capital, "dimension": dimension, "unit": unit, "direction": direction,
                "method": method, "counts_people": people, "decimals": decimals,
                "name_sv": name_sv, "name_en": name_en, "definition_sv": def_sv,
                "definition_en": def_en, "source": source, "sort_order": order * 10,
            },
        )  # fmt: skip
        created += was_created
    return created
