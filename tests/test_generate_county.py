"""The county data generator (coworking_region.generate, manage.py generate_county),
at a small scale: deterministic, within every constraint, seasonal, and ready
for the accounting roll-up."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Avg, FloatField
from django.db.models.functions import Cast

from accounting.models import Snapshot
from accounting.rollup import rollup_full
from coworking_region import generate
from coworking_region.demo.common import STOCKHOLM
from hubs.models import (
    Activity,
    Hub,
    Municipality,
    Occupancy,
    OccupancyBreakdown,
    Organisation,
)
from learning_journeys.models import Feedback, LearningJourney, Meeting, MeetingReport, Registration
from tests.factories import HubFactory
from toolbox.models import Adoption, Tool

pytestmark = pytest.mark.django_db

UNTIL = date(2026, 6, 15)
NOW = datetime.combine(UNTIL, time(18), STOCKHOLM)
SMALL = {"scale": 0.05, "years": 3}  # 3 hubs, 3 years: about 20 000 rows


def _generate(seed: int = 7, **options) -> dict[str, int]:
    return generate.generate_county(seed=seed, until=UNTIL, **(SMALL | options))


TABLES = {
    name: connection.ops.quote_name(model._meta.db_table)
    for name, model in {
        "hub": Hub,
        "municipality": Municipality,
        "occupancy": Occupancy,
        "breakdown": OccupancyBreakdown,
        "activity": Activity,
        "meeting": Meeting,
        "registration": Registration,
        "feedback": Feedback,
    }.items()
}


def _rows(template: str, params: tuple = ()) -> list[tuple]:
    """Rows of a query whose {names} are the quoted tables in TABLES."""
    with connection.cursor() as cursor:
        cursor.execute(template.format(**TABLES), params)
        return cursor.fetchall()


# Checksums of key columns, by natural keys (not ids), ordered.
CHECKSUMS = {
    "occupancy": """
        SELECT md5(string_agg(h.slug || o.date || ':' || o.desk_days, ',' ORDER BY h.slug, o.date))
        FROM {occupancy} o JOIN {hub} h ON h.id = o.hub_id""",
    "breakdown": """
        SELECT md5(string_agg(
            h.slug || o.date || ':' || COALESCE(mu.code, '-') || ':'
            || b.distance_band || ':' || b.desk_days, ','
            ORDER BY h.slug, o.date, mu.code, b.distance_band))
        FROM {breakdown} b
        JOIN {occupancy} o ON o.id = b.occupancy_id
        JOIN {hub} h ON h.id = o.hub_id
        LEFT JOIN {municipality} mu ON mu.id = b.home_municipality_id""",
    "activities": """
        SELECT md5(string_agg(
            h.slug || a.starts_at || a.kind || a.participants || a.social || a.economic
            || a.environmental, ',' ORDER BY h.slug, a.starts_at, a.kind, a.participants))
        FROM {activity} a JOIN {hub} h ON h.id = a.hub_id""",
    "registrations": """
        SELECT md5(string_agg(
            m.title || m.starts_at || r.status || r.email || COALESCE(r.token, '-')
            || r.created_at, ',' ORDER BY m.starts_at, m.title, r.created_at, r.email))
        FROM {registration} r JOIN {meeting} m ON m.id = r.meeting_id""",
    "hubs": "SELECT md5(string_agg(slug || desks, ',' ORDER BY slug)) FROM {hub}",
}


def _fingerprint(seed: int) -> dict[str, object]:
    """Generate, read counts and checksums, and roll everything back."""
    with transaction.atomic():
        counts = _generate(seed)
        sums = {name: _rows(sql)[0][0] for name, sql in CHECKSUMS.items()}
        transaction.set_rollback(True)
    return {"counts": counts, **sums}


def test_same_seed_same_data_and_another_seed_other_data():
    first = _fingerprint(7)
    assert first["counts"][Occupancy._meta.db_table] > 1000
    assert all(first[name] for name in CHECKSUMS)
    assert _fingerprint(7) == first
    other = _fingerprint(8)
    for name in CHECKSUMS:
        assert other[name] != first[name], name


def test_volumes_follow_the_scale():
    volume = generate.volumes()
    assert (volume.hubs, volume.years) == (60, 10)
    assert (volume.activities, volume.meetings, volume.registrations) == (60_000, 3_000, 100_000)
    small = generate.volumes(scale=0.01)
    assert (small.hubs, small.activities, small.meetings) == (1, 600, 30)
    assert generate.volumes(scale=0.5, years=5, hubs=30).activities == 7_500
    for bad in (0, -1, float("nan"), float("inf"), 11):
        with pytest.raises(ValueError, match="scale"):
            generate.volumes(scale=bad)


def test_generated_data_keeps_every_rule():
    # Sequences are not transactional: start the hubs' at 1 as in a new database.
    _rows("SELECT setval(pg_get_serial_sequence('{hub}', 'id'), 1, false)")
    counts = _generate()
    assert 1_300 <= counts[Registration._meta.db_table] == Registration.objects.count() <= 1_500
    assert Activity.objects.count() == 900 and Meeting.objects.count() == 45
    assert Hub.objects.filter(is_example=True).count() == Hub.objects.count() == 3
    assert Tool.objects.exists() and Adoption.objects.exists()
    assert Feedback.objects.exists() and MeetingReport.objects.exists()

    # Never more seats given than a meeting has; a waitlist only when it is full.
    seated = """
        SELECT m.id, m.capacity,
               COUNT(*) FILTER (WHERE r.status IN ('confirmed', 'attended', 'no_show')) AS seated,
               COUNT(*) FILTER (WHERE r.status = 'waitlisted') AS waiting
        FROM {meeting} m JOIN {registration} r ON r.meeting_id = m.id GROUP BY m.id"""
    per_meeting = _rows(seated)
    assert per_meeting and all(seats <= capacity for _, capacity, seats, _ in per_meeting)
    assert all(seats == capacity for _, capacity, seats, waiting in per_meeting if waiting)
    assert any(waiting for *_, waiting in per_meeting)
    # Statuses fit the meeting: past meetings have no open seats, upcoming ones no
    # attendance; drafts have no registrations, cancelled meetings only cancellations.
    assert not _rows(
        """
        SELECT r.id FROM {registration} r JOIN {meeting} m ON m.id = r.meeting_id
        WHERE (m.ends_at < %s AND r.status IN ('confirmed', 'pending'))
           OR (m.ends_at >= %s AND r.status IN ('attended', 'no_show'))
           OR m.status = 'draft'
           OR (m.status = 'cancelled' AND r.status <> 'cancelled')""",
        (NOW, NOW),
    )
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert {"attended", "cancelled", "waitlisted", "no_show"} <= statuses
    assert statuses <= set(Registration.Status.values)
    assert not Registration.objects.filter(status="attended", checked_in_at__isnull=True).exists()
    assert not Registration.objects.filter(
        status__in=Registration.SEATED, confirmed_at__isnull=True
    ).exists()
    assert not Registration.objects.filter(status="cancelled", cancelled_at__isnull=True).exists()
    assert not Registration.objects.filter(status="waitlisted", waitlisted_at__isnull=True).exists()
    # A mix of accounts and guests; old registrations anonymised as the nightly task does.
    assert Registration.objects.filter(user__isnull=False).exists()
    assert Registration.objects.filter(user__isnull=True, anonymised_at__isnull=True).exists()
    cutoff = NOW - timedelta(days=settings.LEARNING_RETENTION_DAYS)
    old = Registration.objects.filter(meeting__ends_at__lt=cutoff)
    assert old.exists()
    assert not old.filter(anonymised_at__isnull=True).exists()
    assert not old.exclude(email="").exists() and not old.filter(token__isnull=False).exists()
    # Feedback only from people who came, to the meeting they came to.
    assert not Feedback.objects.exclude(registration__status="attended").exists()
    assert not _rows("""
        SELECT f.id FROM {feedback} f JOIN {registration} r ON r.id = f.registration_id
        WHERE r.meeting_id <> f.meeting_id""")
    # A day's breakdown never adds up to more than the day; a day never more than the desks.
    assert not _rows("""
        SELECT o.id FROM {occupancy} o JOIN {hub} h ON h.id = o.hub_id
        LEFT JOIN {breakdown} b ON b.occupancy_id = o.id
        GROUP BY o.id, h.desks HAVING COALESCE(SUM(b.desk_days), 0) > o.desk_days
            OR o.desk_days > h.desks""")
    assert not Occupancy.objects.filter(date__gt=UNTIL).exists()
    assert not Occupancy.objects.filter(date__week_day__in=(1, 7)).exists()
    # Every model's own validation passes (field limits, choices, constraints).
    for model in (
        Hub,
        Organisation,
        Activity,
        Occupancy,
        OccupancyBreakdown,
        LearningJourney,
        Meeting,
        MeetingReport,
        Registration,
        Feedback,
        Tool,
        Adoption,
    ):
        for instance in model.objects.order_by("?")[:15]:
            instance.full_clean()
    # The sequences continue after the generated ids.
    last = max(Hub.objects.values_list("pk", flat=True))
    assert HubFactory().pk == last + 1


def test_seasonality_growth_and_weekdays_are_visible():
    _generate()

    def mean_use(**lookups) -> float:
        """Mean share of a hub's desks in use on the days matching the lookups."""
        use = Cast("desk_days", FloatField()) / Cast("hub__desks", FloatField())
        return Occupancy.objects.filter(**lookups).aggregate(use=Avg(use))["use"]

    # Quiet July and Christmas, busy autumn; Friday quieter than Wednesday.
    assert mean_use(date__month=7) < 0.6 * mean_use(date__month=10)
    assert mean_use(date__month=12, date__day__gt=20) < 0.6 * mean_use(date__month=11)
    assert mean_use(date__iso_week_day=5) < 0.9 * mean_use(date__iso_week_day=3)
    # Use grows year by year; public holidays are closed.
    assert mean_use(date__year=UNTIL.year - 2) < mean_use(date__year=UNTIL.year - 1)
    assert not Occupancy.objects.filter(date=date(2025, 12, 25)).exists()
    assert Occupancy.objects.filter(date=date(2025, 12, 22)).exists()


def test_the_full_rollup_runs_on_generated_data():
    _generate()
    assert rollup_full(today=UNTIL) > 0
    codes = set(Snapshot.objects.values_list("indicator__code", flat=True).distinct())
    assert {
        "desk_utilisation",
        "commuting_km_avoided",
        "learning_meetings",
        "satisfaction",
        "organisations",
        "activities_social",
        "tools_adopted",
    } <= codes
    county = Snapshot.objects.get(
        indicator__code="desk_utilisation",
        scope_type="county",
        period_type="year",
        period_start=date(UNTIL.year - 1, 1, 1),
    )
    assert 0 < county.value < 100


def test_a_database_with_data_is_refused_and_left_alone(settings):
    settings.DEBUG = True
    HubFactory()
    before = (Hub.objects.count(), Organisation.objects.count(), Activity.objects.count())
    with pytest.raises(generate.CountyNotEmpty):
        _generate()
    with pytest.raises(CommandError, match="already has hubs"):
        call_command("generate_county", "--scale", "0.01", stdout=StringIO(), stderr=StringIO())
    assert (Hub.objects.count(), Organisation.objects.count(), Activity.objects.count()) == before


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--scale", "0", "--scale must be a number greater than 0 and at most 10"),
        ("--scale", "-1", "--scale must be a number greater than 0"),
        ("--scale", "abc", "--scale must be a number"),
        ("--scale", "nan", "--scale must be a number"),
        ("--scale", "11", "at most 10"),
        ("--years", "0", "--years must be a whole number from 1 to 30"),
        ("--hubs", "many", "--hubs must be a whole number"),
        ("--seed", "x", "--seed must be a whole number"),
        ("--until", "15/06/2026", "--until must be a date as YYYY-MM-DD"),
    ],
)
def test_command_options_are_validated(settings, option, value, message):
    settings.DEBUG = True
    with pytest.raises(CommandError, match=message):
        call_command("generate_county", option, value, stdout=StringIO(), stderr=StringIO())
    assert not Hub.objects.exists()


def test_command_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("generate_county", "--scale", "0.01", stdout=StringIO(), stderr=StringIO())
    assert not Hub.objects.exists()


def test_command_generates_rolls_up_and_reports(settings):
    settings.DEBUG = True
    out, err = StringIO(), StringIO()
    call_command(
        "generate_county",
        "--scale=0.02",
        "--years=2",
        "--until=2026-06-15",
        "--seed=3",
        stdout=out,
        stderr=err,
    )
    assert f"{Occupancy._meta.db_table} " in out.getvalue()
    assert "seed 3, until 2026-06-15" in out.getvalue()
    assert "occupancy" in err.getvalue() and "100%" in err.getvalue()
    assert Hub.objects.count() == 1 and Snapshot.objects.exists()


def test_quiet_command_writes_nothing(settings):
    settings.DEBUG = True
    out, err = StringIO(), StringIO()
    call_command(
        "generate_county",
        "--scale=0.01",
        "--years=1",
        "--no-rollup",
        "--quiet",
        stdout=out,
        stderr=err,
    )
    assert out.getvalue() == err.getvalue() == ""
    assert Occupancy.objects.exists() and not Snapshot.objects.exists()
