"""Each computed indicator against hand-computed values on a small fixture;
the roll-up's scopes and periods; idempotency, incrementality and a run that
dies midway."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from accounting import rollup
from accounting.models import HubMonthFact, Indicator, ManualValue, RollupRun, Snapshot
from hubs.models import OccupancyBreakdown
from learning_journeys.models import Feedback, MeetingReport
from tests.factories import (
    ActivityFactory,
    HubFactory,
    MeetingFactory,
    MunicipalityFactory,
    OccupancyFactory,
    OrganisationFactory,
    RegistrationFactory,
    ToolFactory,
)
from toolbox.models import Adoption

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 30)


def at(day: date, hour: int = 10) -> datetime:
    # 10:00 UTC is 12:00 in Stockholm in summer: the local day is the same.
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def value(code: str, key: str, period_type: str, start: date) -> Decimal | None:
    row = Snapshot.objects.filter(
        indicator__code=code, scope_key=key, period_type=period_type, period_start=start
    ).first()
    return None if row is None else row.value


@pytest.fixture
def county():
    """Two municipalities (urban Östersund, rural Åre), three hubs."""
    ostersund = MunicipalityFactory()
    are = MunicipalityFactory(
        code="2321", name="Åre", population=12000, land_area_km2="7000", area_class="rural"
    )
    a = HubFactory(name="A", slug="a", municipality=ostersund, desks=10)
    b = HubFactory(name="B", slug="b", municipality=are, desks=4)
    c = HubFactory(name="C", slug="c", municipality=are, desks=0)
    agency = OrganisationFactory(name="Skatteverket", kind="state_agency", in_agency_network=True)
    agency2 = OrganisationFactory(name="Polisen", kind="state_agency")
    company = OrganisationFactory(name="Bolaget AB", kind="company")
    municipality = OrganisationFactory(name="Åre kommun", kind="municipality")
    return locals()


@pytest.fixture
def data(county):
    a, b, _c = county["a"], county["b"], county["c"]
    agency, company, municipality = county["agency"], county["company"], county["municipality"]
    # Activities in May: A has two (one cross-sector), B one.
    act1 = ActivityFactory(
        hub=a, starts_at=at(date(2026, 5, 5)), participants=12, social=True, environmental=True
    )
    act1.organisations.set([agency, company])  # cross-sector, pair (agency, company) new
    act2 = ActivityFactory(
        hub=a, starts_at=at(date(2026, 5, 20)), participants=3, social=False, economic=True
    )
    act2.organisations.set([agency])
    act3 = ActivityFactory(hub=b, starts_at=at(date(2026, 5, 7)), participants=8, social=True)
    act3.organisations.set(
        [agency, company, municipality]
    )  # pairs: (a,c) again, (a,m) new, (c,m) new
    # A learning meeting at A on 2 June, 3 hours, report 15 + 2, with 6 feedback answers.
    meeting = MeetingFactory(
        hub=a, starts_at=at(date(2026, 6, 2)), ends_at=at(date(2026, 6, 2), 13), capacity=20
    )
    report = MeetingReport.objects.create(meeting=meeting, participants=15, facilitators=2)
    report.organisations.set([municipality, company])  # pair (c, m) already met in May at B
    for rating in (5, 4, 4, 3, 5, 3):
        Feedback.objects.create(
            meeting=meeting,
            registration=RegistrationFactory(meeting=meeting, status="attended"),
            rating=rating,
        )
    # A meeting with no report: participants = those checked in (2), 2 hours, at B.
    small = MeetingFactory(
        hub=b, starts_at=at(date(2026, 6, 10)), ends_at=at(date(2026, 6, 10), 12)
    )
    RegistrationFactory.create_batch(2, meeting=small, status="attended")
    RegistrationFactory(meeting=small, status="no_show")
    # Future and draft meetings never count.
    MeetingFactory(hub=a, starts_at=at(date(2026, 7, 15)), ends_at=at(date(2026, 7, 15), 12))
    MeetingFactory(
        hub=a, status="draft", starts_at=at(date(2026, 6, 3)), ends_at=at(date(2026, 6, 3), 12)
    )
    # Occupancy at A: June 1 (Mon) 6 desk-days with a breakdown, June 2 4 desk-days.
    day1 = OccupancyFactory(hub=a, date=date(2026, 6, 1), desk_days=6)
    OccupancyBreakdown.objects.create(occupancy=day1, desk_days=2, distance_band="30-60")
    OccupancyBreakdown.objects.create(occupancy=day1, desk_days=1, distance_band="100+")
    OccupancyFactory(hub=a, date=date(2026, 6, 2), desk_days=4)
    # A tool adopted at B in June.
    Adoption.objects.create(tool=ToolFactory(), hub=b, since=date(2026, 6, 15))
    return {"meeting": meeting, "small": small}


def test_each_computed_indicator_matches_hand_computed_values(county, data):
    rollup.rollup_full(today=TODAY)
    a, b = county["a"], county["b"]
    ost, are = county["ostersund"], county["are"]
    june, may, q2, y = date(2026, 6, 1), date(2026, 5, 1), date(2026, 4, 1), date(2026, 1, 1)
    hub_a, hub_b = f"hub:{a.pk}", f"hub:{b.pk}"

    # Learning meetings: A 1, B 1 (future and draft excluded).
    assert value("learning_meetings", hub_a, "month", june) == 1
    assert value("learning_meetings", "county", "month", june) == 2
    # Participant-hours: 15 × 3 at A; 2 checked in × 2 at B.
    assert value("participant_hours", hub_a, "month", june) == 45
    assert value("participant_hours", hub_b, "month", june) == 4
    assert value("participant_hours", "county", "year", y) == 49
    # Satisfaction: mean of 5, 4, 4, 3, 5, 3 = 4.0 from 6 answers.
    row = Snapshot.objects.get(
        indicator__code="satisfaction", scope_key=hub_a, period_type="month", period_start=june
    )
    assert row.value == 4 and row.people == 6
    # Distinct organisations: A in May: agency, company = 2; county in Q2: all 3 that took part.
    assert value("organisations", hub_a, "month", may) == 2
    assert value("organisations", hub_b, "month", may) == 3
    assert value("organisations", "county", "quarter", q2) == 3
    assert value("organisations", "area:rural", "month", may) == 3
    # Cross-sector activities: act1 (agency+company) and act3 (three kinds).
    assert value("cross_sector_activities", hub_a, "month", may) == 1
    assert value("cross_sector_activities", "county", "month", may) == 2
    # New pairs: (agency, company) at A on 5 May;
    # (agency, municipality) and (company, municipality) at B on 7 May.
    assert value("new_organisation_pairs", hub_a, "month", may) == 1
    assert value("new_organisation_pairs", hub_b, "month", may) == 2
    assert value("new_organisation_pairs", "county", "year", y) == 3
    assert value("new_organisation_pairs", "county", "month", june) is None
    # Agency network coverage: 1 of 2 agencies.
    assert value("agency_network_coverage", "county", "year", y) == 50
    # Desk utilisation at A in June: 10 desk-days used / (10 desks × 22 weekdays in June 2026).
    assert value("desk_utilisation", hub_a, "month", june).quantize(Decimal("0.01")) == Decimal(
        "4.55"
    )
    assert value("desk_utilisation", f"municipality:{ost.pk}", "month", june).quantize(
        Decimal("0.01")
    ) == Decimal("4.55")
    # Commuting: 2 × 2 × 45 + 1 × 2 × 120 = 420 km; × 0.167 = 70.14 kg CO2e.
    assert value("commuting_km_avoided", hub_a, "month", june) == 420
    assert value("co2e_avoided", "county", "year", y) == Decimal("70.14")
    # Activities per dimension in May: social act1 + act3, environmental act1, economic act2.
    assert value("activities_social", "county", "month", may) == 2
    assert value("activities_environmental", hub_a, "month", may) == 1
    assert value("activities_economic", hub_a, "month", may) == 1
    assert value("activities_social", f"municipality:{are.pk}", "month", may) == 1
    # Tools adopted at B in June.
    assert value("tools_adopted", hub_b, "month", june) == 1


def test_manual_values_are_copied_into_snapshots(county):
    indicator = Indicator.objects.get(code="county_ghg_emissions")
    ManualValue.objects.create(
        indicator=indicator,
        scope_type="county",
        period_type="year",
        period_start=date(2025, 1, 1),
        value=Decimal("812.5"),
    )
    rollup.rollup_full(today=TODAY)
    assert value("county_ghg_emissions", "county", "year", date(2025, 1, 1)) == Decimal("812.5")


def _snapshot_state():
    return sorted(
        (
            s.indicator_id,
            s.scope_key,
            s.period_type,
            s.period_start,
            s.value,
            s.numerator,
            s.denominator,
            s.people,
        )
        for s in Snapshot.objects.all()
    )


def test_full_roll_up_is_idempotent(data):
    rollup.rollup_full(today=TODAY)
    first = _snapshot_state()
    rollup.rollup_full(today=TODAY)
    assert _snapshot_state() == first
    assert len(first) > 50


def test_incremental_roll_up_changes_only_what_depends_on_the_change(county, data):
    rollup.rollup_full(today=TODAY)
    before = {
        (s.indicator_id, s.scope_key, s.period_type, s.period_start): (s.pk, s.value)
        for s in Snapshot.objects.all()
    }
    a, b = county["a"], county["b"]
    # One more activity at B in May.
    ActivityFactory(hub=b, starts_at=at(date(2026, 5, 25)), participants=5, social=True)
    rollup.rollup_incremental(hub_id=b.pk, month=date(2026, 5, 1), today=TODAY)
    after = {
        (s.indicator_id, s.scope_key, s.period_type, s.period_start): (s.pk, s.value)
        for s in Snapshot.objects.all()
    }

    changed = {key for key in after if before.get(key) != after[key]}
    affected_keys = {f"hub:{b.pk}", f"municipality:{county['are'].pk}", "area:rural", "county"}
    affected_periods = {
        ("month", date(2026, 5, 1)),
        ("quarter", date(2026, 4, 1)),
        ("year", date(2026, 1, 1)),
    }
    assert changed, "the new activity must change something"
    for _indicator_id, key, period_type, start in changed:
        assert key in affected_keys and (period_type, start) in affected_periods
    # Hub A's rows are untouched (same primary key): nothing was rewritten there.
    for key, (pk, _v) in before.items():
        if key[1] == f"hub:{a.pk}":
            assert after[key][0] == pk
    social = Indicator.objects.get(code="activities_social").pk
    assert after[(social, f"hub:{b.pk}", "month", date(2026, 5, 1))][1] == 2
    assert after[(social, "county", "year", date(2026, 1, 1))][1] == 3
    # And the result equals a full recomputation.
    incremental = _snapshot_state()
    rollup.rollup_full(today=TODAY)
    assert _snapshot_state() == incremental


def test_a_run_that_dies_midway_leaves_the_previous_snapshots(data, monkeypatch):
    rollup.rollup_full()
    before = _snapshot_state()
    calls = {"n": 0}
    original = rollup._agency_coverage

    def dying(**kwargs):
        calls["n"] += 1
        raise SystemExit("worker killed")  # after the computed indicators were written

    monkeypatch.setattr(rollup, "_agency_coverage", dying)
    with pytest.raises(SystemExit):
        rollup.run_logged(RollupRun.Kind.FULL)
    assert calls["n"] == 1
    assert _snapshot_state() == before
    monkeypatch.setattr(rollup, "_agency_coverage", original)
    run = rollup.run_logged(RollupRun.Kind.FULL)
    assert run.status == "succeeded" and run.rows > 0 and run.duration_ms is not None
    assert _snapshot_state() == before


def test_run_log_records_failures_and_abandoned_runs(county, monkeypatch):
    stale = RollupRun.objects.create(kind="full")
    RollupRun.objects.filter(pk=stale.pk).update(
        started_at=datetime.now(tz=UTC) - timedelta(hours=2)
    )

    def broken(**kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(rollup, "rollup_full", broken)
    with pytest.raises(ValueError):
        rollup.run_logged(RollupRun.Kind.FULL)
    failed = RollupRun.objects.exclude(pk=stale.pk).get()
    assert failed.status == "failed" and "boom" in failed.error and failed.finished_at
    stale.refresh_from_db()
    assert stale.status == "failed" and "abandoned" in stale.error


def test_a_split_full_run_gives_the_same_snapshots_as_one_run(county, data):
    rollup.rollup_full()
    whole = _snapshot_state()
    Snapshot.objects.all().delete()
    HubMonthFact.objects.all().delete()

    groups = rollup.hub_parts(2)
    assert len(groups) == 2 and sorted(sum(groups, [])) == sorted(
        h.pk for h in (county["a"], county["b"], county["c"])
    )
    run = rollup.start_split_run(len(groups))
    first = rollup.run_part(run.pk, 0, groups[0])
    assert first.status == "running" and first.parts_done == [0]
    assert not Snapshot.objects.exists(), "snapshots are derived only when every part is done"
    # A part delivered twice (its worker died after committing) does nothing more.
    assert rollup.run_part(run.pk, 0, groups[0]).parts_done == [0]
    last = rollup.run_part(run.pk, 1, groups[1])
    assert last.status == "succeeded" and last.rows > 0 and last.duration_ms is not None
    assert _snapshot_state() == whole


def test_a_failing_part_fails_the_split_run_and_later_parts_do_nothing(county, data, monkeypatch):
    groups = rollup.hub_parts(2)
    run = rollup.start_split_run(len(groups))

    def broken(*args, **kwargs):
        raise ValueError("disk full")

    monkeypatch.setattr(rollup, "_partials", broken)
    with pytest.raises(ValueError):
        rollup.run_part(run.pk, 0, groups[0])
    monkeypatch.undo()
    run.refresh_from_db()
    assert run.status == "failed" and "disk full" in run.error
    assert rollup.run_part(run.pk, 1, groups[1]) is None
    assert not Snapshot.objects.exists()


def test_hub_parts_balance_the_data_volume(county):
    big, small, empty = county["a"], county["b"], county["c"]
    for day in range(1, 21):
        OccupancyFactory(hub=big, date=date(2026, 3, day), desk_days=1)
    for day in range(1, 6):
        OccupancyFactory(hub=small, date=date(2026, 3, day), desk_days=1)
    assert rollup.hub_parts(2) == [[big.pk], [small.pk, empty.pk]]
    assert rollup.hub_parts(1) == [[big.pk, small.pk, empty.pk]]
    assert rollup.hub_parts(10) == [[big.pk], [small.pk], [empty.pk]]
