"""The computed indicators: each is a SQL query returning "facts" at hub and
day level, and an aggregation that turns facts into a value for any scope and
period. The roll-up (accounting.rollup) groups the facts in PostgreSQL.

Fact columns: hub_id, day (local date, Europe/Stockholm), num, den, dkey
(a key for distinct counts), people (how many people stand behind the fact).
"""

from dataclasses import dataclass
from decimal import Decimal

from hubs.models import Activity, Hub, Occupancy, OccupancyBreakdown, Organisation
from learning_journeys.models import Feedback, Meeting, MeetingReport, Registration
from toolbox.models import Adoption

SUM, DISTINCT, PERCENT, MEAN = "sum", "distinct", "percent", "mean"
# A distinct count where each key counts once, at its first appearance in the
# county (earliest day, then lowest hub id): the facts give each key's first
# day per hub, and the roll-up keeps the county-wide first.
FIRST = "first"

# One-way commuting distance avoided per desk-day, by band: the middle of the
# band, and 120 km for "over 100 km" (conservative). Round trips count twice.
DISTANCE_BAND_KM = {"0-10": 5, "10-30": 20, "30-60": 45, "60-100": 80, "100+": 120}
# Emission factor of a mid-size petrol car per vehicle-km, fuel life cycle,
# without vehicle manufacturing (an avoided trip does not avoid building the car).
CAR_KG_CO2E_PER_KM = Decimal("0.167")
CAR_FACTOR_SOURCE = (
    "car_petrol_midsize, 0.167 kg CO2e per vehicle-km: klimatresa.se/data "
    "(Mellanstor bil, Bensin), copied to accounting/data/emission_factors.csv"
)

T = {
    "activity": Activity._meta.db_table,
    "activity_orgs": Activity.organisations.through._meta.db_table,
    "organisation": Organisation._meta.db_table,
    "hub": Hub._meta.db_table,
    "occupancy": Occupancy._meta.db_table,
    "breakdown": OccupancyBreakdown._meta.db_table,
    "meeting": Meeting._meta.db_table,
    "report": MeetingReport._meta.db_table,
    "report_orgs": MeetingReport.organisations.through._meta.db_table,
    "feedback": Feedback._meta.db_table,
    "registration": Registration._meta.db_table,
    "adoption": Adoption._meta.db_table,
}

LOCAL_DAY = "(({col}) AT TIME ZONE 'Europe/Stockholm')::date"


def _day(col: str) -> str:
    return LOCAL_DAY.format(col=col)


@dataclass(frozen=True)
class Computed:
    code: str
    aggregation: str
    facts_sql: str


# Meetings held (published, at a hub) and how many took part: the closing
# report's count, else those checked in.
_MEETING_PARTICIPANTS = f"""
    SELECT m.id, m.hub_id, {_day("m.starts_at")} AS day,
           EXTRACT(EPOCH FROM (m.ends_at - m.starts_at)) / 3600.0 AS hours,
           COALESCE(r.participants, (
               SELECT COUNT(*) FROM {T["registration"]} g WHERE g.meeting_id = m.id AND g.status = 'attended'
           )) AS participants
    FROM {T["meeting"]} m
    LEFT JOIN {T["report"]} r ON r.meeting_id = m.id
    WHERE m.status = 'published' AND m.hub_id IS NOT NULL
"""

# Which organisations took part in what, and where: hub activities and the
# closing reports of learning meetings.
_ORG_PRESENCE = f"""
    SELECT a.hub_id, {_day("a.starts_at")} AS day, 'a' || a.id AS event, ao.organisation_id
    FROM {T["activity"]} a JOIN {T["activity_orgs"]} ao ON ao.activity_id = a.id
    UNION ALL
    SELECT m.hub_id, {_day("m.starts_at")} AS day, 'm' || m.id AS event, ro.organisation_id
    FROM {T["meeting"]} m
    JOIN {T["report"]} r ON r.meeting_id = m.id
    JOIN {T["report_orgs"]} ro ON ro.meetingreport_id = r.id
    WHERE m.status = 'published' AND m.hub_id IS NOT NULL
"""

_KM = " ".join(f"WHEN '{band}' THEN {km}" for band, km in DISTANCE_BAND_KM.items())
_COMMUTE = f"""
    SELECT o.hub_id, o.date AS day, b.desk_days * 2 * (CASE b.distance_band {_KM} ELSE 0 END) AS km
    FROM {T["breakdown"]} b JOIN {T["occupancy"]} o ON o.id = b.occupancy_id
    WHERE b.distance_band <> ''
"""


def _dimension(flag: str) -> str:
    return f"""
    SELECT a.hub_id, {_day("a.starts_at")} AS day, 1 AS num, NULL::numeric AS den, NULL::text AS dkey,
           a.participants AS people
    FROM {T["activity"]} a WHERE a.{flag}
    """


COMPUTED = (
    Computed(
        "learning_meetings",
        SUM,
        f"SELECT hub_id, day, 1 AS num, NULL::numeric AS den, NULL::text AS dkey, participants AS people "
        f"FROM ({_MEETING_PARTICIPANTS}) mp",
    ),
    Computed(
        "participant_hours",
        SUM,
        f"SELECT hub_id, day, participants * hours AS num, NULL::numeric AS den, NULL::text AS dkey, "
        f"participants AS people FROM ({_MEETING_PARTICIPANTS}) mp",
    ),
    Computed(
        "satisfaction",
        MEAN,
        f"""SELECT m.hub_id, {_day("m.starts_at")} AS day, f.rating AS num, 1 AS den, NULL::text AS dkey, 1 AS people
        FROM {T["feedback"]} f JOIN {T["meeting"]} m ON m.id = f.meeting_id
        WHERE m.hub_id IS NOT NULL""",
    ),
    Computed(
        "organisations",
        DISTINCT,
        f"SELECT hub_id, day, 1 AS num, NULL::numeric AS den, organisation_id::text AS dkey, NULL::int AS people "
        f"FROM ({_ORG_PRESENCE}) op",
    ),
    Computed(
        "cross_sector_activities",
        SUM,
        f"""SELECT a.hub_id, {_day("a.starts_at")} AS day, 1 AS num, NULL::numeric AS den, NULL::text AS dkey,
               a.participants AS people
        FROM {T["activity"]} a
        WHERE (SELECT COUNT(DISTINCT o.kind) FROM {T["activity_orgs"]} ao
               JOIN {T["organisation"]} o ON o.id = ao.organisation_id WHERE ao.activity_id = a.id) >= 2""",
    ),
    Computed(
        "new_organisation_pairs",
        FIRST,
        f"""WITH presence AS ({_ORG_PRESENCE})
        SELECT p1.hub_id, MIN(p1.day) AS day, 1 AS num, NULL::numeric AS den,
               p1.organisation_id || '-' || p2.organisation_id AS dkey, NULL::int AS people
        FROM presence p1 JOIN presence p2
          ON p1.event = p2.event AND p1.organisation_id < p2.organisation_id
        GROUP BY p1.hub_id, p1.organisation_id, p2.organisation_id""",
    ),
    Computed(
        "desk_utilisation",
        PERCENT,
        f"""SELECT o.hub_id, o.date AS day, o.desk_days AS num, 0 AS den, NULL::text AS dkey, NULL::int AS people
        FROM {T["occupancy"]} o
        UNION ALL
        SELECT h.id, d::date AS day, 0 AS num, h.desks AS den, NULL::text AS dkey, NULL::int AS people
        FROM {T["hub"]} h
        JOIN (SELECT hub_id, MIN(date) AS first FROM {T["occupancy"]} GROUP BY hub_id) f ON f.hub_id = h.id
        CROSS JOIN LATERAL generate_series(
            date_trunc('month', f.first), (now() AT TIME ZONE 'Europe/Stockholm')::date, interval '1 day'
        ) AS d
        WHERE h.desks > 0 AND EXTRACT(ISODOW FROM d) < 6""",
    ),
    Computed(
        "commuting_km_avoided",
        SUM,
        f"SELECT hub_id, day, km AS num, NULL::numeric AS den, NULL::text AS dkey, NULL::int AS people FROM ({_COMMUTE}) c",
    ),
    Computed(
        "co2e_avoided",
        SUM,
        f"SELECT hub_id, day, km * {CAR_KG_CO2E_PER_KM} AS num, NULL::numeric AS den, NULL::text AS dkey, "
        f"NULL::int AS people FROM ({_COMMUTE}) c",
    ),
    Computed("activities_social", SUM, _dimension("social")),
    Computed("activities_economic", SUM, _dimension("economic")),
    Computed("activities_environmental", SUM, _dimension("environmental")),
    Computed(
        "tools_adopted",
        SUM,
        f"""SELECT t.hub_id, t.since AS day, 1 AS num, NULL::numeric AS den, NULL::text AS dkey, NULL::int AS people
        FROM {T["adoption"]} t WHERE t.hub_id IS NOT NULL""",
    ),
)

# Not per hub: the share of the county's state agencies that are members of
# Myndighetsnätverket, as of the day of the run (county scope only).
AGENCY_COVERAGE = "agency_network_coverage"

COMPUTED_BY_CODE = {c.code: c for c in COMPUTED}
ALL_CODES = (*COMPUTED_BY_CODE, AGENCY_COVERAGE)
