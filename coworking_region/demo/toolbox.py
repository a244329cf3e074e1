"""Demo toolbox (Verktygslådan): needs, tools and methods, their assessments,
decisions per organisation, adoption and reviews."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coworking_region.demo.common import LANSSTYRELSEN, REGION, demo_email
from hubs.models import Hub, Organisation
from toolbox import services as toolbox_services
from toolbox.models import Need, PrivacyAssessment, Tool

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
            email=demo_email(name), defaults={"name": name, "is_active": True}
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
