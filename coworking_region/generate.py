"""Generate a county's worth of made-up data for load tests and dashboards.

`manage.py generate_county` calls `generate_county()`. At the default volume
(scale 1: 10 years, 60 hubs in the 8 municipalities of Jämtland) it writes
about 136 000 occupancy days (hubs.Occupancy, one per open hub and working
day) and a million breakdown rows (hubs.OccupancyBreakdown: home municipality
x commuting distance band), 60 000 activities with their organisations,
3 000 learning meetings in 200 learning journeys with closing reports,
insights and feedback, 100 000 registrations, 400 organisations, 6 000
coworker accounts and one community manager per hub, and the toolbox's tools
(those of the demo data) with their adoption by hubs and organisations:
about 1.5 million rows. `scale` multiplies every volume (the number of hubs
too, at least one); `years` and `hubs` change the shape.

The data is shaped like the real thing: hubs open over the years, use grows
year by year, summer (July) and Christmas are quiet, autumn is busy, Tuesday
to Thursday are the busiest weekdays, public holidays are closed and a hub's
use follows its desks; people come mostly from the hub's own municipality and
its neighbours, over distances that match the map. Registrations never give
more seats than a meeting has (confirmed + attended + no-show <= capacity;
the rest wait or cancel; a waitlist only when full), and registrations of
meetings older than LEARNING_RETENTION_DAYS are anonymised as the nightly
task would have done.

Deterministic: the same `seed` and `until` (the generated world's "today",
default in the command: the real today) give identical rows, ids included,
on a freshly migrated database. Each subject draws from its own
`random.Random(f"{seed}-{subject}")`; no clock, no `secrets`.

Only an EMPTY database is filled: if it has hubs, learning journeys, tools or
earlier generated accounts (the demo data, real data, an earlier run),
`CountyNotEmpty` is raised and nothing changes. The county's reference data
(municipalities, the agencies and county events in hubs/data/) is loaded
with `hubs.reference.reference_load()` (idempotent) and reused.

Loading: everything is generated in Python and streamed into PostgreSQL with
COPY in chunks of CHUNK_ROWS, in one transaction (an error leaves the
database as it was). Ids are assigned here. The big tables (BULK_MODELS) lose
their secondary indexes, unique constraints and foreign keys during the load
and get the same ones back after it (checked then, all rows at once); other
tables' foreign keys are checked after each chunk. Afterwards the id
sequences are reset and the tables ANALYZEd.

COPY sends no Django signals, so the generated rows are NOT in the audit
trail (coworking_region.audit) and queue no incremental roll-ups
(accounting.signals; the run is also inside `rollups_suspended()`): run a
full roll-up afterwards (the command does, unless told not to). Generated
accounts have unusable passwords and addresses at EMAIL_DOMAIN: nobody can
log in as them.
"""

from __future__ import annotations

import base64
import bisect
import csv
import io
import math
import random
import sys
import time as clock
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import NOT_PROVIDED
from django.utils.text import slugify

from accounting.signals import rollups_suspended
from coworking_region.demo.common import STOCKHOLM
from coworking_region.demo.hubs import GENERATED_TITLES
from coworking_region.demo.toolbox import DEMO_TOOLS, TOOLBOX_NEEDS
from hubs.models import (
    Activity,
    Amenity,
    CountyEvent,
    DistanceBand,
    Hub,
    HubManager,
    Municipality,
    Occupancy,
    OccupancyBreakdown,
    Organisation,
)
from hubs.reference import DATA, reference_load
from learning_journeys.models import (
    Feedback,
    Insight,
    LearningJourney,
    Meeting,
    MeetingReport,
    Registration,
)
from toolbox import services as toolbox_services
from toolbox.models import Adoption, Need, Tool

# --- Volumes ---------------------------------------------------------------------------

DEFAULT_YEARS = 10
DEFAULT_HUBS = 60
MAX_SCALE = 10.0
MAX_YEARS = 30
MAX_HUBS = 1_000

# Totals at scale 1 for DEFAULT_HUBS hubs over DEFAULT_YEARS years; other shapes
# scale them by hub-years (activities, meetings, registrations) or by hubs.
ACTIVITIES = 60_000
MEETINGS = 3_000
REGISTRATIONS = 100_000
ORGANISATIONS = 400
COWORKERS = 6_000

# Generated accounts and guests use this domain (reserved for examples, RFC 2606).
EMAIL_DOMAIN = "gen.example.org"
SOURCE = "Generated test data (manage.py generate_county, seed {seed}): not a real {what}."

CHUNK_ROWS = 50_000


@dataclass(frozen=True)
class Volumes:
    """How much to generate. `hubs` and `years` are the shape; the rest are totals."""

    hubs: int
    years: int
    activities: int
    meetings: int
    registrations: int
    organisations: int
    coworkers: int


def volumes(*, scale: float = 1.0, years: int = DEFAULT_YEARS, hubs: int = DEFAULT_HUBS) -> Volumes:
    """Scale multiplies every volume: the number of hubs (at least one) and the totals."""
    if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise ValueError(f"scale must be greater than 0 and at most {MAX_SCALE:g}")
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be between 1 and {MAX_YEARS}")
    if not 1 <= hubs <= MAX_HUBS:
        raise ValueError(f"hubs must be between 1 and {MAX_HUBS}")
    shape = scale * hubs / DEFAULT_HUBS
    hub_years = shape * years / DEFAULT_YEARS
    return Volumes(
        hubs=max(1, round(hubs * scale)),
        years=years,
        activities=max(1, round(ACTIVITIES * hub_years)),
        meetings=max(1, round(MEETINGS * hub_years)),
        registrations=round(REGISTRATIONS * hub_years),
        organisations=max(8, round(ORGANISATIONS * shape)),
        coworkers=max(10, round(COWORKERS * shape)),
    )


# --- Seasonality -----------------------------------------------------------------------

# Relative use of a hub by month: quiet in July (holidays) and December, busy in autumn.
MONTH_FACTOR = {
    1: 0.85,
    2: 0.95,
    3: 1.0,
    4: 0.95,
    5: 0.92,
    6: 0.78,
    7: 0.32,
    8: 0.8,
    9: 1.08,
    10: 1.15,
    11: 1.1,
    12: 0.85,
}
# Monday .. Friday (weekends: hubs are closed for occupancy; few activities).
WEEKDAY_FACTOR = (0.9, 1.06, 1.1, 1.04, 0.72)
CHRISTMAS_FACTOR = 0.35  # 21 December - 6 January
GROWTH_FROM = 0.5  # use in the first year relative to the last


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def swedish_holidays(year: int) -> set[date]:
    """Weekdays a hub is closed: public holidays and the eves everyone takes off."""
    easter = _easter(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    return {
        date(year, 1, 1),
        date(year, 1, 6),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        date(year, 5, 1),
        easter + timedelta(days=39),
        date(year, 6, 6),
        midsummer_eve,
        date(year, 12, 24),
        date(year, 12, 25),
        date(year, 12, 26),
        date(year, 12, 31),
    }


def season(day: date) -> float:
    """How busy a day is relative to an ordinary autumn-ish weekday (weekends: 0)."""
    if day.weekday() >= 5:
        return 0.0
    factor = MONTH_FACTOR[day.month] * WEEKDAY_FACTOR[day.weekday()]
    if (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 6):
        factor *= CHRISTMAS_FACTOR
    return factor


# --- Progress --------------------------------------------------------------------------


class Progress:
    """A plain-text progress line per stage on stderr, updated in place on a terminal."""

    def __init__(self, stream=None, *, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.label = ""
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.shown = 0.0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 0), 0
        self.started = self.shown = clock.monotonic()
        self._show()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = clock.monotonic()
        if now - self.shown >= 0.25:
            self.shown = now
            self._show()

    def finish(self, note: str = "") -> None:
        if not self.enabled:
            return
        self.done = self.total
        line = self._line()
        self.stream.write(("\r" if self.tty else "") + line + (f"  {note}" if note else "") + "\n")
        self.stream.flush()

    def _line(self) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = int(share * 24)
        bar = "#" * filled + "-" * (24 - filled)
        elapsed = clock.monotonic() - self.started
        counts = f"{self.done:>9,}/{self.total:<9,}"
        return f"{self.label:<16} [{bar}] {counts} {share:4.0%} {elapsed:6.1f}s"

    def _show(self) -> None:
        if self.tty:
            self.stream.write("\r" + self._line())
            self.stream.flush()


# --- COPY ------------------------------------------------------------------------------

_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _array(values: Iterable[object]) -> str:
    items = []
    for value in values:
        text = str(value).replace("\\", "\\\\").replace('"', '\\"')
        items.append(f'"{text}"')
    return "{" + ",".join(items) + "}"


def copy_text(value: object) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_TEXT_ESCAPES)
    if isinstance(value, list | tuple):
        return _array(value).translate(_TEXT_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


class Loader:
    """COPY rows into a model's table; ids come from `next_id`, counts are kept."""

    def __init__(self, cursor, progress: Progress) -> None:
        self.cursor = cursor
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self.models: list[type[models.Model]] = []
        self._ids: dict[type[models.Model], int] = {}

    def next_id(self, model: type[models.Model]) -> int:
        """The next free id of the table (ids are assigned here, sequences reset after)."""
        if model not in self._ids:
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(model._meta.pk.column)
            # Names from the model's _meta, quoted.
            self.cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")  # noqa: S608
            self._ids[model] = self.cursor.fetchone()[0]
        self._ids[model] += 1
        return self._ids[model]

    def _sql(self, model: type[models.Model], attnames: Sequence[str]) -> str:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in attnames if name not in fields]
        missing = [
            f.attname
            for f in fields.values()
            if f.attname not in attnames and not f.null and f.db_default is NOT_PROVIDED
        ]
        if unknown or missing:
            raise LookupError(
                f"{model._meta.label}: unknown columns {unknown}, "
                f"required columns missing {missing}"
            )
        columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in attnames)
        table = connection.ops.quote_name(model._meta.db_table)
        return f"COPY {table} ({columns}) FROM STDIN"

    def copy(
        self, model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[object]]
    ) -> int:
        """COPY rows (tuples of values in `attnames` order)."""
        return self.copy_lines(
            model, attnames, ("\t".join(map(copy_text, row)) + "\n" for row in rows)
        )

    def copy_lines(
        self, model: type[models.Model], attnames: Sequence[str], lines: Iterable[str]
    ) -> int:
        """COPY ready-made lines in the text format (the fast path for big tables)."""
        sql = self._sql(model, attnames)
        if model not in self.models:
            self.models.append(model)
        buffer = io.StringIO()
        pending = written = 0
        for line in lines:
            buffer.write(line)
            pending += 1
            if pending >= CHUNK_ROWS:
                self._flush(sql, buffer)
                written += pending
                pending = 0
                buffer = io.StringIO()
        if pending:
            self._flush(sql, buffer)
            written += pending
        self.counts[model._meta.db_table] += written
        return written

    def _flush(self, sql: str, buffer: io.StringIO) -> None:
        buffer.seek(0)
        self.cursor.copy_expert(sql, buffer)


def _m2m(model: type[models.Model], name: str) -> tuple[type[models.Model], str, str]:
    """The through model of a many-to-many field and its two foreign-key attnames."""
    m2m = model._meta.get_field(name)
    through = m2m.remote_field.through
    return (
        through,
        through._meta.get_field(m2m.m2m_field_name()).attname,
        through._meta.get_field(m2m.m2m_reverse_field_name()).attname,
    )


# --- Reference data and names ----------------------------------------------------------

FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Emma",
    "Lena",
    "Kerstin",
    "Ingrid",
    "Elin",
    "Johanna",
    "Linnea",
    "Maja",
    "Ida",
    "Sofia",
    "Åsa",
    "Märta",
    "Frida",
    "Hanna",
    "Malin",
    "Erik",
    "Lars",
    "Karl",
    "Anders",
    "Johan",
    "Per",
    "Nils",
    "Olof",
    "Mikael",
    "Jonas",
    "Oskar",
    "Emil",
    "Viktor",
    "Magnus",
    "Henrik",
    "Björn",
    "Göran",
    "Fredrik",
    "Mattias",
    "Daniel",
    "Petter",
    "Jöns",
    "Ylva",
    "Tove",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Jonsson",
    "Berg",
    "Lind",
    "Strand",
    "Holm",
    "Sjöberg",
    "Norberg",
    "Forsberg",
    "Åström",
    "Öberg",
    "Bergström",
    "Lundqvist",
    "Hedlund",
    "Englund",
    "Wiklund",
    "Sundqvist",
    "Jämtström",
    "Östlund",
    "Hallberg",
    "Rehn",
    "Nordin",
    "Grahn",
    "Edholm",
]
COMPANY_PARTS = [
    "Fjäll",
    "Storsjö",
    "Norr",
    "Jämt",
    "Skog",
    "Älv",
    "Berg",
    "Myr",
    "Sjö",
    "Ljus",
    "Vind",
    "Tall",
    "Gran",
    "Ren",
    "Snö",
    "Midnatt",
    "Lav",
    "Frö",
]
COMPANY_TRADES = [
    "konsult",
    "data",
    "design",
    "bygg",
    "kraft",
    "media",
    "turism",
    "analys",
    "teknik",
    "energi",
    "ekonomi",
    "kommunikation",
    "redovisning",
    "arkitekter",
    "utveckling",
]
COMPANY_FORMS = ("AB", "AB", "AB", "ekonomisk förening", "HB")
ASSOCIATIONS = (
    "hembygdsförening",
    "byalag",
    "företagarförening",
    "IF",
    "kulturförening",
    "bygdegårdsförening",
    "fiskevårdsförening",
    "naturskyddsförening",
)
MUNICIPALITY_ORGANISATIONS = {
    "Ragunda": "Ragunda kommun",
    "Bräcke": "Bräcke kommun",
    "Krokom": "Krokoms kommun",
    "Strömsund": "Strömsunds kommun",
    "Åre": "Åre kommun",
    "Berg": "Bergs kommun",
    "Härjedalen": "Härjedalens kommun",
    "Östersund": "Östersunds kommun",
}
HUB_PREFIXES = (
    "Hubben",
    "Kontoret",
    "Coworking",
    "Arbetsplatsen",
    "Mötesplats",
    "Byakontoret",
    "Distanskontoret",
    "Samverkanshuset",
    "Skrivbordet",
    "Noden",
)
NICHES = (
    "Offentlig coworking för myndigheter och kommun",
    "Landsbygdshubb med drop-in",
    "Kreativa företagare och distansarbetare",
    "Coworking i fjällmiljö",
    "Servicepunkt och mötesplats för bygden",
    "Hubb för studier på distans",
)
THEMES = (
    "Hybridarbete",
    "Agenda 2030 på hemmaplan",
    "Digitalt ledarskap",
    "Hela länet ska leva",
    "Klimatomställning och resor",
    "Kompetensförsörjning",
    "Samverket 2.0",
    "Landsbygdens hubbar",
    "Tillit och samverkan",
    "Innovation i offentlig sektor",
)
MEETING_TOPICS = (
    "erfarenheter från hubbarna",
    "bättre möten på distans",
    "resfria möten och klimatet",
    "att leda på distans",
    "samverkan mellan myndigheter",
    "hubben som servicepunkt",
    "kompetens som delas",
    "mätbara värden av coworking",
    "nya arbetssätt i praktiken",
    "framtidens arbetsplats",
)
INSIGHTS = {
    Insight.Kind.WORKS: (
        "Återkommande frukostträffar bygger gemenskap med liten insats.",
        "Att träffas på en hubb nära hemmet sparar restid och ger nya kontakter.",
        "En värd på plats gör att nya coworkare känner sig välkomna.",
    ),
    Insight.Kind.DOES_NOT_WORK: (
        "Fler digitala verktyg hjälper inte när de befintliga inte används fullt ut.",
        "Träffar i juli och kring jul lockar få deltagare.",
        "Utan mandat från chefen blir samverkan över organisationsgränser svår.",
    ),
    Insight.Kind.NEXT_STEP: (
        "Bjud in fler kommuner till nästa lärandeträff.",
        "Följ upp resfria dagar och koldioxid per hubb varje kvartal.",
        "Pröva en gemensam bokning av arbetsplatser mellan hubbarna.",
    ),
}
WILL_DO = (
    "Jobba från hubben en dag i veckan.",
    "Boka fler möten på distans.",
    "Ta med en kollega nästa gång.",
    "Prova verktygen vi gick igenom.",
)
COMMENTS = ("Bra upplägg!", "Mer tid för diskussion.", "Fint att träffas på plats.", "Tack!")
VENUES = ("Jamtli, Östersund", "Campus Östersund", "Folkets hus", "Bygdegården")
LANGUAGES = ("sv",) * 9 + ("en",)


def _town_rows() -> list[dict[str, str]]:
    with (DATA / "towns.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


BANDS = [band.value for band in DistanceBand]
BAND_LIMITS = (10, 30, 60, 100)


def _band(km: float) -> int:
    return bisect.bisect_right(BAND_LIMITS, km)


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integer parts proportional to `weights` (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _token(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(192).to_bytes(24, "big")).decode()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), STOCKHOLM)


class CountyNotEmpty(Exception):
    """The database already holds hubs, journeys, tools or generated accounts."""


# --- The generator ---------------------------------------------------------------------


@dataclass
class _Muni:
    id: int
    name: str
    population: int
    rural: bool
    seat: tuple[float, float]
    towns: list[tuple[str, float, float]]


@dataclass
class _Hub:
    id: int
    slug: str
    name: str
    muni: _Muni
    locality: str
    point: tuple[float, float]
    desks: int
    opens: date
    base_use: float
    manager_id: int = 0
    amenities: list[str] = field(default_factory=list)
    homes: list[tuple[int | None, str]] = field(default_factory=list)
    home_weights: list[float] = field(default_factory=list)
    home_cum: list[float] = field(default_factory=list)


@dataclass
class _Person:
    user_id: int | None
    name: str
    email: str
    organisation_id: int | None
    organisation_name: str
    joined: datetime | None = None


@dataclass
class _Meeting:
    id: int
    hub: _Hub | None
    journey_id: int
    starts: datetime
    ends: datetime
    capacity: int
    facilitators: int
    status: str
    opens: datetime | None
    closes: datetime | None
    cancelled_at: datetime | None
    anonymised_at: datetime | None
    organiser_id: int
    row: tuple = ()


class CountyGenerator:
    def __init__(self, *, seed: int, until: date, volume: Volumes, progress: Progress) -> None:
        self.seed = seed
        self.until = until
        self.volume = volume
        self.progress = progress
        try:
            self.start = until.replace(year=until.year - volume.years)
        except ValueError:  # 29 February
            self.start = until.replace(year=until.year - volume.years, day=28)
        self.now = _at(until, 18)
        self.span_days = (until - self.start).days
        self.holidays: set[date] = set()
        for year in range(self.start.year, until.year + 2):
            self.holidays |= swedish_holidays(year)

    def rng(self, subject: str) -> random.Random:
        # Made-up data that must repeat for a seed: not for anything secret.
        return random.Random(f"{self.seed}-{subject}")  # noqa: S311  # nosec B311

    def source(self, what: str) -> str:
        return SOURCE.format(seed=self.seed, what=what)

    def growth(self, day: date) -> float:
        share = min(max((day - self.start).days / max(self.span_days, 1), 0.0), 1.0)
        return GROWTH_FROM + (1 - GROWTH_FROM) * share

    # -- The run ----------------------------------------------------------------------

    def run(self, loader: Loader) -> None:
        self.loader = loader
        self.progress.start("reference data", 1)
        reference_load()
        self._municipalities()
        self.progress.finish()
        self._organisations()
        self._hubs_and_people()
        self._occupancy()
        self._activities()
        self._learning()
        self._toolbox()

    # -- Municipalities and organisations ---------------------------------------------

    def _municipalities(self) -> None:
        towns: dict[str, list[dict[str, str]]] = {}
        for row in _town_rows():
            towns.setdefault(row["municipality"], []).append(row)
        self.munis: list[_Muni] = []
        for m in Municipality.objects.order_by("code"):
            rows = towns.get(m.name)
            if not rows:
                continue
            seat = next(
                (r for r in rows if r["town"] == m.name),
                next((r for r in rows if "seat" in r["precision"]), rows[0]),
            )
            self.munis.append(
                _Muni(
                    id=m.pk,
                    name=m.name,
                    population=m.population,
                    rural=m.area_class == Municipality.AreaClass.RURAL,
                    seat=(float(seat["lat"]), float(seat["lon"])),
                    # The seat first: most of the municipality's hubs are there.
                    towns=[
                        (r["town"], float(r["lat"]), float(r["lon"]))
                        for r in sorted(rows, key=lambda r: r is not seat)
                    ],
                )
            )
        if not self.munis:
            raise LookupError("No municipalities with towns: the reference data did not load.")
        self.events = [
            (e.pk, set(e.months), e.municipality_id)
            for e in CountyEvent.objects.order_by("pk")
            if e.months
        ]

    def _organisations(self) -> None:
        rng = self.rng("organisations")
        existing = {o.name for o in Organisation.objects.all()}
        count = self.volume.organisations
        self.progress.start("organisations", count)
        populations = [m.population for m in self.munis]
        rows = []
        names = set(existing)

        def add(name: str, kind: str, muni: _Muni | None) -> None:
            names.add(name)
            rows.append(
                (
                    self.loader.next_id(Organisation),
                    name,
                    kind,
                    muni.id if muni else None,
                    False,
                    False,
                    self.source("organisation"),
                )
            )

        for muni in self.munis:
            name = MUNICIPALITY_ORGANISATIONS.get(muni.name, f"{muni.name} kommun")
            if name not in names:
                add(name, Organisation.Kind.MUNICIPALITY, muni)
        while len(rows) < count:
            muni = rng.choices(self.munis, weights=populations)[0]
            town = rng.choice(muni.towns)[0]
            roll = rng.random()
            if roll < 0.72:
                kind = Organisation.Kind.COMPANY
                base = f"{rng.choice(COMPANY_PARTS)}{rng.choice(COMPANY_TRADES)}"
                name = f"{base} {rng.choice(COMPANY_FORMS)}"
                if name in names:
                    name = f"{base} i {town} {rng.choice(COMPANY_FORMS)}"
            elif roll < 0.94:
                kind = Organisation.Kind.CIVIL_SOCIETY
                name = f"{town} {rng.choice(ASSOCIATIONS)}"
            else:
                kind = Organisation.Kind.ACADEMIA
                name = f"Lärcentrum {town}"
            number = 2
            candidate = name
            while candidate in names:
                candidate, number = f"{name} {number}", number + 1
            add(candidate, kind, muni)
        self.loader.copy(
            Organisation,
            (
                "id",
                "name",
                "kind",
                "municipality_id",
                "in_agency_network",
                "samverket_tenant",
                "source",
            ),
            rows,
        )
        self.progress.finish()
        # Every organisation (by id, not by name: sorting names depends on the collation),
        # with a weight per municipality: who is likely to show up where.
        self.orgs = list(
            Organisation.objects.order_by("pk").values_list("pk", "kind", "municipality_id")
        )
        self.org_ids = [pk for pk, _, _ in self.orgs]
        self.org_weights = {}
        for muni in self.munis:
            self.org_weights[muni.id] = [
                (4.0 if m == muni.id else 1.0)
                * (3.0 if kind in ("state_agency", "region", "municipality") else 1.0)
                for _, kind, m in self.orgs
            ]
        self.org_cum = {
            key: list(_cumulative(weights)) for key, weights in self.org_weights.items()
        }

    def pick_orgs(self, rng: random.Random, muni_id: int, k: int) -> list[int]:
        if k <= 0:
            return []
        chosen = rng.choices(self.org_ids, cum_weights=self.org_cum[muni_id], k=k)
        return sorted(set(chosen))

    # -- Hubs, managers and coworkers -------------------------------------------------

    def _hubs_and_people(self) -> None:
        rng = self.rng("hubs")
        count = self.volume.hubs
        self.progress.start("hubs and users", count + self.volume.coworkers)
        # At least one hub per municipality (when there are enough), the rest by population.
        weights = [m.population**0.7 for m in self.munis]
        base = 1 if count >= len(self.munis) else 0
        shares = _split(count - base * len(self.munis), weights)
        per_muni = [base + share for share in shares]
        amenity_values = [a.value for a in Amenity]
        self.hubs: list[_Hub] = []
        taken: set[str] = set()
        for muni, n in zip(self.munis, per_muni, strict=True):
            for number in range(n):
                town_weights = [3] + [1] * (len(muni.towns) - 1)
                town, lat, lon = (
                    muni.towns[0] if number == 0 else rng.choices(muni.towns, town_weights)[0]
                )
                prefix = rng.choice(HUB_PREFIXES)
                name = f"{prefix} {town}"
                serial = 2
                while name in taken:
                    name, serial = f"{prefix} {town} {serial}", serial + 1
                taken.add(name)
                point = (
                    min(max(lat + rng.uniform(-0.02, 0.02), 61.0), 66.0),
                    min(max(lon + rng.uniform(-0.04, 0.04), 11.0), 18.0),
                )
                if muni.rural:
                    desks = rng.randint(10, 40)
                else:
                    desks = min(150, int(rng.lognormvariate(math.log(45), 0.45)) + 10)
                # Two thirds are there from the start; the others open over the years.
                opens = self.start
                if rng.random() > 0.65:
                    opens = self.start + timedelta(days=int(rng.random() * 0.7 * self.span_days))
                self.hubs.append(
                    _Hub(
                        id=self.loader.next_id(Hub),
                        slug="",
                        name=name,
                        muni=muni,
                        locality=town,
                        point=point,
                        desks=desks,
                        opens=opens,
                        base_use=rng.uniform(0.45, 0.8),
                    )
                )
                self.hubs[-1].slug = f"gen-{slugify(name)}"[:80]
                self.hubs[-1].amenities = sorted(rng.sample(amenity_values, rng.randint(3, 7)))
        for hub in self.hubs:
            self._home_profile(rng, hub)
        self._users(rng)
        hub_rows = [
            (
                hub.id,
                hub.name,
                hub.slug,
                hub.muni.id,
                hub.locality,
                Decimal(f"{hub.point[0]:.6f}"),
                Decimal(f"{hub.point[1]:.6f}"),
                f"Storgatan {hub.id % 40 + 1}, {hub.locality}",
                f"En påhittad hubb i {hub.locality} för test av portalen.",
                rng.choice(NICHES),
                "Distansarbetare, företagare och anställda i offentlig sektor",
                hub.desks,
                "Mån–fre 8–17",
                hub.amenities,
                "Entré i gatuplan." if Amenity.STEP_FREE in hub.amenities else "",
                f"kontakt.{hub.slug}@{EMAIL_DOMAIN}"[:254],
                "",
                "",
                "",
                "",
                True,
                True,
                self.source("hub"),
            )
            for hub in self.hubs
        ]
        self.loader.copy(
            Hub,
            (
                "id",
                "name",
                "slug",
                "municipality_id",
                "locality",
                "latitude",
                "longitude",
                "address",
                "description",
                "niche",
                "target_groups",
                "desks",
                "opening_hours",
                "amenities",
                "accessibility_info",
                "contact_email",
                "contact_phone",
                "website",
                "photo",
                "photo_alt",
                "is_active",
                "is_example",
                "source",
            ),
            hub_rows,
        )
        self.loader.copy(
            HubManager,
            ("id", "hub_id", "user_id", "created_at"),
            (
                (self.loader.next_id(HubManager), hub.id, hub.manager_id, _at(hub.opens, 9))
                for hub in self.hubs
            ),
        )
        self.progress.finish()

    def _home_profile(self, rng: random.Random, hub: _Hub) -> None:
        """Where a hub's coworkers live (municipality x distance band), with weights."""
        homes: dict[tuple[int | None, str], float] = {}
        own = hub.muni
        wide = 1.0 if own.rural else 0.5  # rural municipalities are large
        for band, weight in (
            ("0-10", 0.32),
            ("10-30", 0.24),
            ("30-60", 0.14 * wide),
            ("60-100", 0.05 * wide),
            ("", 0.04),
        ):
            homes[(own.id, band)] = weight
        for other in self.munis:
            if other is own:
                continue
            km = _km(hub.point, other.seat)
            pull = 0.9 * math.sqrt(other.population / 60_000) / (1 + km / 60) ** 2
            main = _band(km)
            homes[(other.id, BANDS[main])] = pull * 0.6
            if main > 0:
                homes[(other.id, BANDS[main - 1])] = pull * 0.2
            if main < len(BANDS) - 1:
                homes[(other.id, BANDS[main + 1])] = pull * 0.12
            homes[(other.id, "")] = pull * 0.08
        # From outside the county, or not known.
        for band, weight in (("100+", 0.05), ("60-100", 0.02), ("30-60", 0.01), ("", 0.03)):
            homes[(None, band)] = weight
        for key, weight in homes.items():
            if weight > 0.002:
                hub.homes.append(key)
                hub.home_weights.append(weight * rng.uniform(0.6, 1.4))
        hub.home_cum = list(_cumulative(hub.home_weights))

    def _users(self, rng: random.Random) -> None:
        User = get_user_model()
        start_dt = _at(self.start, 8)
        rows = []

        def email_for(name: str, n: int) -> str:
            return f"{slugify(name).replace('-', '.')}.{n}@{EMAIL_DOMAIN}"

        def row(user_id: int, name: str, email: str, org: int | None, joined: datetime):
            password = UNUSABLE_PASSWORD_PREFIX + "".join(
                rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=40)
            )
            return (
                user_id,
                password,
                None,
                False,
                email,
                name,
                False,
                org,
                False,
                True,
                joined,
            )

        for hub in self.hubs:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            hub.manager_id = self.loader.next_id(User)
            org = self.pick_orgs(rng, hub.muni.id, 1)[0]
            rows.append(
                row(hub.manager_id, name, email_for(name, hub.manager_id), org, _at(hub.opens, 8))
            )
        self.coworkers: list[_Person] = []
        populations = [m.population for m in self.munis]
        for _ in range(self.volume.coworkers):
            user_id = self.loader.next_id(User)
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            muni = rng.choices(self.munis, weights=populations)[0]
            org = self.pick_orgs(rng, muni.id, 1)[0] if rng.random() < 0.8 else None
            joined = start_dt + timedelta(days=rng.uniform(-60, self.span_days - 30))
            email = email_for(name, user_id)
            rows.append(row(user_id, name, email, org, joined))
            self.coworkers.append(_Person(user_id, name, email, org, "", joined))
            self.progress.advance()
        self.coworkers.sort(key=lambda p: (p.joined, p.user_id))
        self.coworker_joined = [p.joined for p in self.coworkers]
        self.loader.copy(
            User,
            (
                "id",
                "password",
                "last_login",
                "is_superuser",
                "email",
                "name",
                "is_region_staff",
                "organisation_id",
                "is_staff",
                "is_active",
                "date_joined",
            ),
            rows,
        )
        self.progress.advance(len(self.hubs))

    # -- Occupancy --------------------------------------------------------------------

    def _occupancy(self) -> None:
        rng = self.rng("occupancy")
        self.progress.start("occupancy", len(self.hubs))
        loader = self.loader
        occupancy_lines: list[str] = []
        breakdown_lines: list[str] = []
        occupancy_id = loader.next_id(Occupancy) - 1
        breakdown_id = loader.next_id(OccupancyBreakdown) - 1
        one_day = timedelta(days=1)
        for hub in self.hubs:
            day = hub.opens
            manager = hub.manager_id
            homes, cum = hub.homes, hub.home_cum
            # Weekly noise: some weeks are busier (a project, a course) than others.
            week_noise = 1.0
            while day <= self.until:
                if day.weekday() == 0:
                    week_noise = rng.lognormvariate(0, 0.12)
                factor = season(day)
                if factor and day not in self.holidays:
                    expected = (
                        hub.desks
                        * hub.base_use
                        * self.growth(day)
                        * factor
                        * week_noise
                        * rng.lognormvariate(0, 0.18)
                    )
                    used = min(hub.desks, int(expected + rng.random()))
                    occupancy_id += 1
                    occupancy_lines.append(
                        f"{occupancy_id}\t{hub.id}\t{day.isoformat()}\t{used}\t{manager}\t"
                        f"{day.isoformat()} 17:00:00+00\n"
                    )
                    # Most days the manager also records where people came from.
                    if used and rng.random() < 0.92:
                        known = used - sum(rng.random() < 0.04 for _ in range(used))
                        if known:
                            split = Counter(rng.choices(homes, cum_weights=cum, k=known))
                            for (home, band), n in sorted(
                                split.items(), key=lambda item: (item[0][0] or 0, item[0][1])
                            ):
                                breakdown_id += 1
                                breakdown_lines.append(
                                    f"{breakdown_id}\t{occupancy_id}\t"
                                    f"{NULL if home is None else home}\t{band}\t{n}\n"
                                )
                day += one_day
            if len(breakdown_lines) >= CHUNK_ROWS:
                self._flush_occupancy(occupancy_lines, breakdown_lines)
                occupancy_lines, breakdown_lines = [], []
            self.progress.advance()
        self._flush_occupancy(occupancy_lines, breakdown_lines)
        loader._ids[Occupancy] = occupancy_id
        loader._ids[OccupancyBreakdown] = breakdown_id
        self.progress.finish(
            f"{loader.counts[Occupancy._meta.db_table]:,} days, "
            f"{loader.counts[OccupancyBreakdown._meta.db_table]:,} breakdown rows"
        )

    def _flush_occupancy(self, occupancy: list[str], breakdown: list[str]) -> None:
        self.loader.copy_lines(
            Occupancy,
            ("id", "hub_id", "date", "desk_days", "recorded_by_id", "updated_at"),
            occupancy,
        )
        self.loader.copy_lines(
            OccupancyBreakdown,
            ("id", "occupancy_id", "home_municipality_id", "distance_band", "desk_days"),
            breakdown,
        )

    # -- Activities -------------------------------------------------------------------

    def _random_day(
        self, rng: random.Random, first: date, last: date, *, weekend: float = 0.0
    ) -> date:
        """A day in [first, last] drawn by seasonality and growth (rejection sampling)."""
        span = (last - first).days
        for _ in range(200):
            day = first + timedelta(days=rng.randint(0, max(span, 0)))
            weight = season(day) or weekend
            if day in self.holidays:
                weight = 0.0
            if rng.random() * 1.3 < weight * self.growth(day):
                return day
        return first

    def _activities(self) -> None:
        rng = self.rng("activities")
        total = self.volume.activities
        self.progress.start("activities", total)
        through, activity_col, org_col = _m2m(Activity, "organisations")
        weights = [math.sqrt(h.desks) * max((self.until - h.opens).days, 1) for h in self.hubs]
        per_hub = _split(total, weights)
        kinds = list(GENERATED_TITLES)
        kind_weights = [3, 3, 2, 2, 2, 2, 1, 1]
        hours = {"breakfast": 8, "lunch": 12, "afterwork": 16}
        durations = {"study_visit": 240, "excursion": 360, "workshop": 180, "seminar": 120}
        rows = []
        links = []
        for hub, count in zip(self.hubs, per_hub, strict=True):
            for _ in range(count):
                activity_id = self.loader.next_id(Activity)
                kind = rng.choices(kinds, weights=kind_weights)[0]
                weekend = 0.15 if kind == "excursion" else 0.02
                day = self._random_day(rng, hub.opens, self.until, weekend=weekend)
                starts = _at(day, hours.get(kind, rng.choice((9, 10, 13))), rng.choice((0, 30)))
                scale = math.sqrt(hub.desks / 15)
                participants = max(1, int(rng.lognormvariate(math.log(9 * scale), 0.5)))
                event = None
                if rng.random() < 0.08:
                    matching = [
                        pk
                        for pk, months, muni in self.events
                        if day.month in months and muni in (None, hub.muni.id)
                    ]
                    event = rng.choice(matching) if matching else None
                social = rng.random() < 0.75
                economic = rng.random() < 0.35
                environmental = rng.random() < (0.2 + 0.2 * self.growth(day))
                created = min(starts + timedelta(hours=rng.randint(2, 96)), self.now)
                rows.append(
                    (
                        activity_id,
                        hub.id,
                        kind,
                        GENERATED_TITLES[kind],
                        starts,
                        durations.get(kind, rng.choice((60, 90, 120))),
                        "",
                        min(participants, 400),
                        rng.choice((0, 1, 1, 1, 2)),
                        social,
                        economic,
                        environmental,
                        event,
                        "",
                        hub.manager_id,
                        created,
                        created,
                    )
                )
                for org in self.pick_orgs(rng, hub.muni.id, rng.choice((0, 1, 1, 2, 2, 3, 4))):
                    links.append((self.loader.next_id(through), activity_id, org))
                self.progress.advance()
        self.loader.copy(
            Activity,
            (
                "id",
                "hub_id",
                "kind",
                "title",
                "starts_at",
                "duration_minutes",
                "description",
                "participants",
                "facilitators",
                "social",
                "economic",
                "environmental",
                "county_event_id",
                "import_key",
                "created_by_id",
                "created_at",
                "updated_at",
            ),
            rows,
        )
        self.loader.copy(through, ("id", activity_col, org_col), links)
        self.progress.finish(f"{len(links):,} organisation links")

    # -- Learning journeys, meetings, registrations -----------------------------------

    def _open_hubs(self, day: date) -> list[_Hub]:
        return [h for h in self.hubs if h.opens <= day] or [min(self.hubs, key=lambda h: h.opens)]

    def _learning(self) -> None:
        rng = self.rng("learning")
        total = self.volume.meetings
        self.progress.start("learning", total)
        journeys = min(total, max(2, round(total / 15)))
        per_journey = _split(total, [rng.uniform(0.5, 1.5) for _ in range(journeys)])
        # Journeys start spread over the years (and the next two months), one per stretch.
        stretch = (self.span_days + 60) / journeys
        retention = timedelta(days=settings.LEARNING_RETENTION_DAYS)
        journey_rows, journey_orgs, meetings = [], [], []
        insight_rows = []
        journey_through, journey_col, journey_org_col = _m2m(LearningJourney, "organisations")
        for number, count in enumerate(per_journey):
            journey_id = self.loader.next_id(LearningJourney)
            length = rng.randint(180, 720)
            starts_on = self.start + timedelta(days=int((number + rng.random()) * stretch))
            ends_on = starts_on + timedelta(days=length)
            opened = self._open_hubs(starts_on)
            lead = rng.choices(opened, weights=[h.desks for h in opened])[0]
            theme = rng.choice(THEMES)
            if ends_on < self.until:
                status = LearningJourney.Status.COMPLETED
            elif starts_on > self.until and rng.random() < 0.5:
                status = LearningJourney.Status.DRAFT
            else:
                status = LearningJourney.Status.ACTIVE
            title = f"{theme} – {lead.locality} {starts_on.year}"
            created = min(_at(starts_on - timedelta(days=30), 10), self.now)
            journey_rows.append(
                (
                    journey_id,
                    title,
                    f"{slugify(title)[:60]}-{journey_id}",
                    f"En påhittad läranderesa om {theme.lower()} för test av portalen.",
                    theme,
                    "Lära av varandra och pröva nya arbetssätt.",
                    starts_on,
                    ends_on,
                    lead.id,
                    status,
                    lead.manager_id,
                    created,
                    created,
                )
            )
            for org in self.pick_orgs(rng, lead.muni.id, rng.randint(1, 3)):
                journey_orgs.append((self.loader.next_id(journey_through), journey_id, org))
            # Meetings are planned at most four months ahead.
            last_day = max(starts_on, min(ends_on, self.until + timedelta(days=120)))
            days = sorted(
                self._random_day(rng, starts_on, last_day, weekend=0.0) for _ in range(count)
            )
            for index, day in enumerate(days, start=1):
                meetings.append(
                    self._meeting(rng, journey_id, status, lead, day, index, theme, retention)
                )
                self.progress.advance()
            past = [m for m in meetings[-count:] if m.ends < self.now and m.status == "published"]
            for _ in range(rng.randint(0, 4) if past else 0):
                meeting = rng.choice(past)
                kind = rng.choice(list(INSIGHTS))
                insight_rows.append(
                    (
                        self.loader.next_id(Insight),
                        journey_id,
                        meeting.id,
                        kind,
                        rng.choice(INSIGHTS[kind]),
                        meeting.organiser_id,
                        min(meeting.ends + timedelta(days=rng.randint(1, 14)), self.now),
                    )
                )
        self.loader.copy(
            LearningJourney,
            (
                "id",
                "title",
                "slug",
                "description",
                "theme",
                "goals",
                "starts_on",
                "ends_on",
                "hub_id",
                "status",
                "created_by_id",
                "created_at",
                "updated_at",
            ),
            journey_rows,
        )
        self.loader.copy(journey_through, ("id", journey_col, journey_org_col), journey_orgs)
        self.loader.copy(
            Meeting,
            (
                "id",
                "journey_id",
                "kind",
                "title",
                "theme",
                "description",
                "starts_at",
                "ends_at",
                "hub_id",
                "venue",
                "online_url",
                "capacity",
                "facilitators",
                "registration_opens_at",
                "registration_closes_at",
                "reservations_release_at",
                "status",
                "created_at",
                "updated_at",
                "published_at",
                "cancelled_at",
                "anonymised_at",
            ),
            (m.row for m in meetings),
        )
        organisers, organiser_col, user_col = _m2m(Meeting, "organisers")
        self.loader.copy(
            organisers,
            ("id", organiser_col, user_col),
            (
                (self.loader.next_id(organisers), m.id, m.organiser_id)
                for m in meetings
                if m.organiser_id
            ),
        )
        self.loader.copy(
            Insight,
            ("id", "journey_id", "meeting_id", "kind", "text", "created_by_id", "created_at"),
            insight_rows,
        )
        self.progress.finish(f"{len(journey_rows):,} journeys")
        self._registrations(rng, meetings)

    def _meeting(
        self,
        rng: random.Random,
        journey_id: int,
        journey_status: str,
        lead: _Hub,
        day: date,
        index: int,
        theme: str,
        retention: timedelta,
    ) -> _Meeting:
        kind = rng.choices([k.value for k in Meeting.Kind], weights=(0.7, 0.1, 0.12, 0.03, 0.05))[0]
        hours = {"study_visit": 4, "excursion": 6, "interview_round": 2}.get(
            kind, rng.choice((1.5, 2, 3))
        )
        starts = _at(day, rng.choice((8, 9, 10, 13)), rng.choice((0, 30)))
        ends = starts + timedelta(hours=hours)
        place = rng.random()
        hub = None
        venue = online = ""
        if place < 0.86:
            hub = lead if rng.random() < 0.6 else rng.choice(self._open_hubs(day))
        elif place < 0.95:
            venue = rng.choice(VENUES)
        else:
            online = f"https://meet.{EMAIL_DOMAIN}/{journey_id}-{index}"
        capacity = rng.choice((15, 20, 25, 30, 30, 40, 40, 50, 60, 80))
        published = starts - timedelta(days=rng.randint(21, 60), hours=rng.randint(0, 8))
        status = Meeting.Status.PUBLISHED
        cancelled = anonymised = None
        if journey_status == LearningJourney.Status.DRAFT or published > self.now:
            status, published = Meeting.Status.DRAFT, None
        elif rng.random() < 0.04:
            status = Meeting.Status.CANCELLED
            cancelled = min(published + (starts - published) * rng.uniform(0.3, 0.95), self.now)
        if ends < self.now - retention:
            anonymised = min(_at((ends + retention).date() + timedelta(days=1), 3), self.now)
        facilitators = rng.randint(1, 3)
        organiser = (hub or lead).manager_id
        meeting = _Meeting(
            id=self.loader.next_id(Meeting),
            hub=hub,
            journey_id=journey_id,
            starts=starts,
            ends=ends,
            capacity=capacity,
            facilitators=facilitators,
            status=status,
            opens=published,
            closes=starts - timedelta(hours=2) if published else None,
            cancelled_at=cancelled,
            anonymised_at=anonymised,
            organiser_id=organiser,
        )
        created = min(published or starts, self.now) - timedelta(days=rng.randint(1, 20))
        updated = max(x for x in (created, published, cancelled) if x is not None)
        meeting.row = (
            meeting.id,
            journey_id,
            kind,
            f"Lärandeträff {index}: {rng.choice(MEETING_TOPICS)}",
            theme,
            "En påhittad träff för test av portalen.",
            starts,
            ends,
            hub.id if hub else None,
            venue,
            online,
            capacity,
            facilitators,
            published,
            meeting.closes,
            None,
            status,
            created,
            updated,
            published,
            cancelled,
            anonymised,
        )
        return meeting

    def _registrations(self, rng: random.Random, meetings: list[_Meeting]) -> None:
        open_meetings = [m for m in meetings if m.opens is not None]
        demand = [m.capacity * rng.lognormvariate(0, 0.35) for m in open_meetings]
        per_meeting = _split(self.volume.registrations, demand) if open_meetings else []
        self.progress.start("registrations", self.volume.registrations)
        guests = self._guests(rng, max(200, self.volume.registrations // 5))
        rows, reports, report_orgs, feedback = [], [], [], []
        report_through, report_col, report_org_col = _m2m(MeetingReport, "organisations")
        for meeting, count in zip(open_meetings, per_meeting, strict=True):
            people = self._people(rng, meeting, count, guests)
            window_end = min(meeting.closes, meeting.cancelled_at or self.now, self.now)
            window = (window_end - meeting.opens).total_seconds()
            if window <= 0 or not people:
                continue
            signed = sorted(rng.uniform(0, window) for _ in people)
            seated = 0
            past = meeting.ends < self.now
            attended_orgs: set[int] = set()
            attended = 0
            for person, offset in zip(people, signed, strict=True):
                created = meeting.opens + timedelta(seconds=offset)
                confirmed = waitlisted = cancelled = checked_in = None
                guest = person.user_id is None
                if meeting.status == Meeting.Status.CANCELLED:
                    status, cancelled = Registration.Status.CANCELLED, meeting.cancelled_at
                elif rng.random() < 0.08:
                    status = Registration.Status.CANCELLED
                    latest = min(meeting.starts, self.now)
                    cancelled = created + (latest - created) * rng.random()
                elif not past and guest and self.now - created < timedelta(days=2):
                    status = Registration.Status.PENDING  # has not confirmed the email yet
                elif seated < meeting.capacity:
                    seated += 1
                    confirmed = created + timedelta(minutes=rng.randint(1, 240) if guest else 0)
                    status = Registration.Status.CONFIRMED
                    if past:
                        if rng.random() < 0.87:
                            status = Registration.Status.ATTENDED
                            checked_in = meeting.starts + timedelta(minutes=rng.randint(-15, 10))
                            attended += 1
                            if person.organisation_id:
                                attended_orgs.add(person.organisation_id)
                        else:
                            status = Registration.Status.NO_SHOW
                else:
                    status, waitlisted = Registration.Status.WAITLISTED, created
                registration_id = self.loader.next_id(Registration)
                if meeting.anonymised_at:
                    user_id, name, email, org_name, token = None, "", "", "", None
                else:
                    user_id, name, email = person.user_id, person.name, person.email
                    org_name, token = person.organisation_name, _token(rng)
                rows.append(
                    (
                        registration_id,
                        meeting.id,
                        user_id,
                        name,
                        email,
                        person.organisation_id,
                        org_name,
                        status,
                        rng.choice(LANGUAGES),
                        token,
                        created,
                        confirmed,
                        waitlisted,
                        cancelled,
                        checked_in,
                        meeting.anonymised_at,
                    )
                )
                if status == Registration.Status.ATTENDED and rng.random() < 0.4:
                    feedback.append(
                        (
                            self.loader.next_id(Feedback),
                            meeting.id,
                            registration_id,
                            rng.choices((1, 2, 3, 4, 5), weights=(2, 5, 18, 42, 33))[0],
                            rng.choice(WILL_DO) if rng.random() < 0.3 else "",
                            rng.choice(COMMENTS) if rng.random() < 0.2 else "",
                            min(meeting.ends + timedelta(hours=rng.randint(1, 120)), self.now),
                        )
                    )
                self.progress.advance()
            reported_by = meeting.ends + timedelta(days=2)
            if (
                meeting.status == Meeting.Status.PUBLISHED
                and reported_by < self.now
                and rng.random() < 0.92
            ):
                report_id = self.loader.next_id(MeetingReport)
                filed = min(meeting.ends + timedelta(days=rng.randint(1, 10)), self.now)
                participants = attended + rng.choice((0, 0, 0, 1, 2))
                reports.append(
                    (
                        report_id,
                        meeting.id,
                        participants,
                        meeting.facilitators,
                        f"{participants} deltagare och {meeting.facilitators} processledare.",
                        meeting.organiser_id,
                        filed,
                        filed,
                    )
                )
                for org in sorted(attended_orgs)[:15]:
                    report_orgs.append((self.loader.next_id(report_through), report_id, org))
        self.loader.copy(
            Registration,
            (
                "id",
                "meeting_id",
                "user_id",
                "name",
                "email",
                "organisation_id",
                "organisation_name",
                "status",
                "language",
                "token",
                "created_at",
                "confirmed_at",
                "waitlisted_at",
                "cancelled_at",
                "checked_in_at",
                "anonymised_at",
            ),
            rows,
        )
        self.loader.copy(
            MeetingReport,
            (
                "id",
                "meeting_id",
                "participants",
                "facilitators",
                "summary",
                "filed_by_id",
                "filed_at",
                "updated_at",
            ),
            reports,
        )
        self.loader.copy(report_through, ("id", report_col, report_org_col), report_orgs)
        self.loader.copy(
            Feedback,
            (
                "id",
                "meeting_id",
                "registration_id",
                "rating",
                "will_do_differently",
                "comment",
                "created_at",
            ),
            feedback,
        )
        self.progress.finish(f"{len(reports):,} reports, {len(feedback):,} feedback")

    def _guests(self, rng: random.Random, count: int) -> list[_Person]:
        """People who sign up without an account (the same guest comes back)."""
        guests = []
        for number in range(1, count + 1):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            email = f"{slugify(name).replace('-', '.')}.g{number}@{EMAIL_DOMAIN}"
            roll = rng.random()
            muni = rng.choice(self.munis)
            org = self.pick_orgs(rng, muni.id, 1)[0] if roll < 0.75 else None
            org_name = rng.choice(("Eget företag", "Privatperson")) if 0.75 <= roll < 0.85 else ""
            guests.append(_Person(None, name, email, org, org_name))
        return guests

    def _people(
        self, rng: random.Random, meeting: _Meeting, count: int, guests: list[_Person]
    ) -> list[_Person]:
        """Distinct people for one meeting: about 40 % with an account, the rest guests."""
        members = bisect.bisect_right(self.coworker_joined, meeting.opens)
        users = min(round(count * 0.4), members)
        people = [self.coworkers[i] for i in rng.sample(range(members), users)]
        people += rng.sample(guests, min(count - users, len(guests)))
        rng.shuffle(people)
        return people

    # -- Toolbox ----------------------------------------------------------------------

    def _toolbox(self) -> None:
        rng = self.rng("toolbox")
        self.progress.start("toolbox", len(DEMO_TOOLS))
        needs = dict(Need.objects.values_list("slug", "pk"))
        need_rows = []
        for slug, name in TOOLBOX_NEEDS.items():
            if slug not in needs:
                needs[slug] = self.loader.next_id(Need)
                need_rows.append((needs[slug], name, slug))
        self.loader.copy(Need, ("id", "name", "slug"), need_rows)
        published = _at(self.start, 9)
        tool_rows, tool_needs, adoptions = [], [], []
        through, tool_col, need_col = _m2m(Tool, "needs")
        for item in DEMO_TOOLS:
            tool_id = self.loader.next_id(Tool)
            tool_rows.append(
                (
                    tool_id,
                    item.name,
                    item.slug,
                    item.kind,
                    item.summary,
                    item.description,
                    list(item.fits),
                    item.ease,
                    item.cost,
                    item.supplier,
                    item.languages,
                    item.website,
                    "",
                    item.maturity,
                    Tool.Status.PUBLISHED,
                    None,
                    "",
                    published,
                    published,
                    published,
                    None,
                    None,
                )
            )
            for slug in item.needs:
                if slug in needs:
                    tool_needs.append((self.loader.next_id(through), tool_id, needs[slug]))
            popularity = rng.uniform(0.05, 0.5)
            for hub in self.hubs:
                if rng.random() < popularity:
                    since = self._random_day(rng, hub.opens, self.until, weekend=0.0)
                    ended = None
                    if rng.random() < 0.15 and since < self.until - timedelta(days=60):
                        ended = since + timedelta(days=rng.randint(30, (self.until - since).days))
                    adoptions.append(
                        (self.loader.next_id(Adoption), tool_id, hub.id, None, since, ended, "")
                    )
            for org in self.org_ids:
                if rng.random() < popularity / 4:
                    since = self._random_day(rng, self.start, self.until, weekend=0.0)
                    adoptions.append(
                        (self.loader.next_id(Adoption), tool_id, None, org, since, None, "")
                    )
            self.progress.advance()
        self.loader.copy(
            Tool,
            (
                "id",
                "name",
                "slug",
                "kind",
                "summary",
                "description",
                "fits",
                "ease",
                "cost",
                "supplier",
                "languages",
                "website",
                "documentation_url",
                "maturity",
                "status",
                "suggested_by_id",
                "moderation_note",
                "published_at",
                "created_at",
                "updated_at",
                "current_assessment_id",
                "search_vector",
            ),
            tool_rows,
        )
        self.loader.copy(through, ("id", tool_col, need_col), tool_needs)
        self.loader.copy(
            Adoption,
            ("id", "tool_id", "hub_id", "organisation_id", "since", "ended_on", "notes"),
            adoptions,
        )
        toolbox_services.tool_index([row[0] for row in tool_rows])
        self.progress.finish(f"{len(adoptions):,} adoptions")


def _cumulative(weights: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


# --- Entry point -----------------------------------------------------------------------


def ensure_empty() -> None:
    """Raise CountyNotEmpty unless the database has no hubs, journeys, tools or
    generated accounts (reference data is fine)."""
    User = get_user_model()
    if Hub.objects.exists():
        raise CountyNotEmpty("hubs")
    if LearningJourney.objects.exists() or Meeting.objects.exists():
        raise CountyNotEmpty("learning journeys")
    if Tool.objects.exists():
        raise CountyNotEmpty("tools")
    if User.objects.filter(email__iendswith=f"@{EMAIL_DOMAIN}").exists():
        raise CountyNotEmpty("generated accounts")


def _reset_sequences(cursor, loaded: list[type[models.Model]]) -> None:
    for sql in connection.ops.sequence_reset_sql(no_style(), loaded):
        cursor.execute(sql)


# The big tables: their secondary indexes, unique constraints and foreign keys are
# dropped during the load and rebuilt after it (one sort per index and one join per
# foreign key instead of a check and index insert per row). All in the transaction.
BULK_MODELS = (
    Occupancy,
    OccupancyBreakdown,
    Activity,
    Activity.organisations.through,
    Registration,
)

# Foreign keys and unique constraints (not referenced by a foreign key) of a table.
_CONSTRAINTS_SQL = """
    SELECT c.conname, c.contype, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.conrelid = %s::regclass AND (
        c.contype = 'f'
        OR (c.contype = 'u' AND NOT EXISTS (
            SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid
        ))
    )
    ORDER BY c.contype DESC, c.conname
"""
# Indexes that back no constraint (the primary key and unique constraints have theirs),
# but not partial ones: a predicate read back from the catalogue is re-created as an
# equivalent but differently spelt one, and the schema would no longer match.
_INDEXES_SQL = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid = %s::regclass AND i.indpred IS NULL
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1
"""


class BulkMode:
    """Drop the bulk tables' secondary indexes and constraints; `restore()` puts the
    same definitions back (PostgreSQL's own text of each, same names)."""

    def __init__(self, cursor, bulk_models: Sequence[type[models.Model]]) -> None:
        self.cursor = cursor
        self.constraints: list[tuple[str, str, str, str]] = []
        self.indexes: list[str] = []
        quote = connection.ops.quote_name
        for model in bulk_models:
            table = quote(model._meta.db_table)
            cursor.execute(_CONSTRAINTS_SQL, [table])
            for name, kind, definition in cursor.fetchall():
                self.constraints.append((table, name, kind, definition))
            cursor.execute(_INDEXES_SQL, [table])
            for name, definition in cursor.fetchall():
                self.indexes.append(definition)
                cursor.execute(f"DROP INDEX {name}")
        for table, name, _, _ in self.constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")

    def steps(self) -> int:
        return len(self.indexes) + len(self.constraints)

    def restore(self, progress: Progress) -> None:
        quote = connection.ops.quote_name
        for definition in self.indexes:
            self.cursor.execute(definition)
            progress.advance()
        # Unique constraints first, then foreign keys (each checks all rows at once).
        for table, name, _, definition in sorted(self.constraints, key=lambda c: c[2] != "u"):
            self.cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
            progress.advance()


def generate_county(
    *,
    seed: int,
    until: date,
    scale: float = 1.0,
    years: int = DEFAULT_YEARS,
    hubs: int = DEFAULT_HUBS,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty database with a generated county; returns rows written per table.

    Raises ValueError for bad volumes and CountyNotEmpty for a database with data.
    """
    volume = volumes(scale=scale, years=years, hubs=hubs)
    progress = progress or Progress(enabled=False)
    generator = CountyGenerator(seed=seed, until=until, volume=volume, progress=progress)
    with rollups_suspended(), transaction.atomic(), connection.cursor() as cursor:
        ensure_empty()
        # Check foreign keys after each COPY chunk, not all at commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        loader = Loader(cursor, progress)
        bulk = BulkMode(cursor, BULK_MODELS)
        generator.run(loader)
        progress.start("indexes, checks", bulk.steps())
        bulk.restore(progress)
        progress.finish()
        _reset_sequences(cursor, loader.models)
        # Back to Django's default (a failed run rolls the setting back with the rest).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    progress.start("analyze", len(loader.models))
    with connection.cursor() as cursor:
        for model in loader.models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            progress.advance()
    progress.finish()
    return dict(loader.counts)
