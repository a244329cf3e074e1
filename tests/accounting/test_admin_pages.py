"""Accounting's staff pages: who may open them, the indicator catalogue, targets
(scope rules, the climate series), manual values (straight into the
snapshots), the run log and the recompute button (also with the broker down)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounting.models import Indicator, ManualValue, RollupRun, Snapshot, Target
from coworking_region.celery import app as celery_app
from tests.broker import broker_unreachable
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

LIST = reverse("accounting:indicator-list")
TARGETS = reverse("accounting:targets")
MANUAL = reverse("accounting:manual-values")
RUNS = reverse("accounting:runs")
RECOMPUTE = reverse("accounting:recompute")
PAGES = [
    LIST,
    reverse("accounting:indicator-edit", args=["learning_meetings"]),
    TARGETS,
    MANUAL,
    RUNS,
]


def _levels(response) -> list[int]:
    return [m.level for m in get_messages(response.wsgi_request)]


def _indicator_post(indicator: Indicator, **changes) -> dict:
    data = {
        "name_sv": indicator.name_sv,
        "name_en": indicator.name_en,
        "definition_sv": indicator.definition_sv,
        "definition_en": indicator.definition_en,
        "capital": indicator.capital,
        "dimension": indicator.dimension,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "decimals": indicator.decimals,
        "source": indicator.source,
        "sort_order": indicator.sort_order,
        "is_active": "on" if indicator.is_active else "",
    }
    return {**data, **changes}


# --- Permissions --------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_staff_pages_are_for_region_staff_only(client, url, coworker, manager, staff):
    response = client.get(url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    for outsider in (coworker, manager):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_outsiders_cannot_post_to_staff_pages(client, coworker, other_manager):
    indicator = Indicator.objects.get(code="learning_meetings")
    for outsider in (coworker, other_manager):
        client.force_login(outsider)
        edit = reverse("accounting:indicator-edit", args=[indicator.code])
        assert client.post(edit, _indicator_post(indicator, name_sv="X")).status_code == 403
        assert client.post(TARGETS, {"action": "target"}).status_code == 403
        assert client.post(MANUAL, {}).status_code == 403
        assert client.post(RECOMPUTE).status_code == 403
    indicator.refresh_from_db()
    assert indicator.name_sv != "X"
    assert not RollupRun.objects.exists()


def test_unknown_indicator_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounting:indicator-edit", args=["nope"])).status_code == 404


# --- The indicator catalogue --------------------------------------------------------


def test_indicator_list_shows_the_catalogue_with_a_fixed_query_count(
    client, staff, django_assert_num_queries
):
    Indicator.objects.filter(code="tools_adopted").update(is_active=False)
    client.force_login(staff)
    # session, user, indicators
    with django_assert_num_queries(3):
        response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-code="') == Indicator.objects.count() >= 3
    assert 'id="indicator-county_ghg_emissions"' in html
    assert 'data-code="county_ghg_emissions" data-method="manual"' in html
    assert 'data-code="tools_adopted" data-method="computed" data-active="false"' in html


def test_indicator_edit_changes_names_but_not_code_or_method(client, staff):
    indicator = Indicator.objects.get(code="learning_meetings")
    client.force_login(staff)
    url = reverse("accounting:indicator-edit", args=[indicator.code])
    data = _indicator_post(
        indicator,
        name_sv="  Hållna   lärandeträffar ",
        name_en="Meetings held",
        definition_en="New definition.",
        decimals=1,
        sort_order=5,
        is_active="",
        code="hacked",
        method="manual",
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == LIST
    indicator.refresh_from_db()
    assert indicator.name_sv == "Hållna lärandeträffar"
    assert indicator.name_en == "Meetings held"
    assert indicator.definition_en == "New definition."
    assert (indicator.decimals, indicator.sort_order, indicator.is_active) == (1, 5, False)
    assert (indicator.code, indicator.method) == ("learning_meetings", "computed")
    assert _levels(response) == [messages.SUCCESS]


def test_indicator_edit_with_bad_input_re_renders_with_errors(client, staff):
    indicator = Indicator.objects.get(code="learning_meetings")
    before = indicator.name_sv
    client.force_login(staff)
    url = reverse("accounting:indicator-edit", args=[indicator.code])
    response = client.post(
        url, _indicator_post(indicator, name_sv="", decimals=7, capital="financial")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name_sv", "decimals", "capital"}
    html = response.content.decode()
    assert 'data-testid="form-errors"' in html
    assert 'aria-invalid="true"' in html
    indicator.refresh_from_db()
    assert indicator.name_sv == before


# --- Targets ------------------------------------------------------------------------


def _target(indicator: str = "learning_meetings", **changes) -> dict:
    data = {
        "action": "target",
        "indicator": Indicator.objects.get(code=indicator).pk,
        "scope_type": "county",
        "hub": "",
        "municipality": "",
        "year": 2026,
        "value": "12",
        "note": "",
    }
    return {**data, **changes}


def test_target_is_added_and_updated_for_the_same_key(client, staff, hub):
    client.force_login(staff)
    assert client.post(TARGETS, _target(value="12", note="Plan")).status_code == 302
    assert client.post(TARGETS, _target(value="15")).status_code == 302
    assert client.post(TARGETS, _target(scope_type="hub", hub=hub.pk, value="3")).status_code == 302
    municipality = MunicipalityFactory(code="2321", name="Åre", area_class="rural")
    response = client.post(
        TARGETS, _target(scope_type="municipality", municipality=municipality.pk, value="4")
    )
    assert response.status_code == 302
    county = Target.objects.get(scope_type="county")
    assert (county.value, county.note, county.year) == (Decimal("15"), "", 2026)
    assert Target.objects.get(scope_type="hub").hub == hub
    assert Target.objects.get(scope_type="municipality").municipality == municipality
    assert Target.objects.count() == 3

    page = client.get(TARGETS)
    html = page.content.decode()
    assert f'id="target-{county.pk}"' in html
    assert 'data-scope="county" data-year="2026" data-value="15"' in html
    # Change link pre-fills the form.
    prefilled = client.get(TARGETS, {"target": county.pk}).context["form"]
    assert prefilled.initial["value"] == Decimal("15")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scope_type": "hub"}, "hub"),
        ({"scope_type": "municipality"}, "municipality"),
        ({"scope_type": "county", "hub": "HUB"}, "hub"),
        ({"scope_type": "hub", "hub": "HUB", "municipality": "MUNI"}, "municipality"),
        ({"scope_type": "area"}, "scope_type"),
        ({"year": 1999}, "year"),
        ({"year": 2101}, "year"),
        ({"value": "abc"}, "value"),
    ],
)
def test_target_scope_and_year_are_validated(client, staff, hub, changes, field):
    municipality = MunicipalityFactory()
    ids = {"HUB": hub.pk, "MUNI": municipality.pk}
    data = _target(**{k: ids.get(v, v) if isinstance(v, str) else v for k, v in changes.items()})
    client.force_login(staff)
    response = client.post(TARGETS, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not Target.objects.exists()


def test_climate_series_gives_ten_percent_less_every_year(client, staff):
    ghg = Indicator.objects.get(code="county_ghg_emissions")
    client.force_login(staff)
    response = client.post(
        TARGETS, {"action": "climate", "climate-indicator": ghg.pk, "climate-base_value": "1000"}
    )
    assert response.status_code == 302
    targets = {t.year: t for t in Target.objects.filter(indicator=ghg)}
    assert sorted(targets) == list(range(2023, 2031))
    assert targets[2023].value == Decimal("900.0000")
    assert targets[2024].value == Decimal("810.0000")
    assert targets[2030].value == Decimal("430.4672")  # 1000 × 0.9^8
    assert all(t.scope_type == "county" and t.hub is None for t in targets.values())
    assert "lansstyrelsen.se" in targets[2023].note
    # Running it again replaces, not duplicates.
    client.post(
        TARGETS, {"action": "climate", "climate-indicator": ghg.pk, "climate-base_value": "500"}
    )
    assert Target.objects.filter(indicator=ghg).count() == 8
    assert Target.objects.get(indicator=ghg, year=2023).value == Decimal("450.0000")


def test_climate_series_needs_a_lower_is_better_indicator(client, staff):
    higher = Indicator.objects.get(code="learning_meetings")
    client.force_login(staff)
    response = client.post(
        TARGETS, {"action": "climate", "climate-indicator": higher.pk, "climate-base_value": "1000"}
    )
    assert response.status_code == 200
    assert "indicator" in response.context["climate_form"].errors
    response = client.post(
        TARGETS,
        {
            "action": "climate",
            "climate-indicator": Indicator.objects.get(code="county_ghg_emissions").pk,
            "climate-base_value": "-1",
        },
    )
    assert "base_value" in response.context["climate_form"].errors
    assert not Target.objects.exists()


def test_targets_page_query_count_is_fixed(client, staff, hub, django_assert_num_queries):
    indicators = list(Indicator.objects.all()[:4])
    for n, indicator in enumerate(indicators):
        Target.objects.create(indicator=indicator, scope_type="county", year=2026, value=n)
        Target.objects.create(indicator=indicator, scope_type="hub", hub=hub, year=2026, value=n)
    client.force_login(staff)
    # session, user, count, targets (with indicator, hub, municipality),
    # the form's choices: indicators, hubs, municipalities; climate indicators
    with django_assert_num_queries(8):
        response = client.get(TARGETS)
    assert response.content.decode().count('data-scope="') == 8


# --- Manual values ------------------------------------------------------------------


def _manual(**changes) -> dict:
    data = {
        "indicator": Indicator.objects.get(code="county_ghg_emissions").pk,
        "scope_type": "county",
        "hub": "",
        "municipality": "",
        "period_type": "year",
        "period_start": "2024-06-15",
        "value": "1234.5",
        "people": "",
        "note": "SMED",
    }
    return {**data, **changes}


def test_manual_value_is_saved_with_its_snapshot_at_the_periods_first_day(client, staff):
    client.force_login(staff)
    response = client.post(MANUAL, _manual())
    assert response.status_code == 302 and response["Location"] == MANUAL
    manual = ManualValue.objects.get()
    assert manual.period_start == date(2024, 1, 1)
    assert (manual.value, manual.entered_by, manual.note) == (Decimal("1234.5"), staff, "SMED")
    snapshot = Snapshot.objects.get(indicator=manual.indicator)
    assert (snapshot.scope_key, snapshot.period_type, snapshot.period_start) == (
        "county",
        "year",
        date(2024, 1, 1),
    )
    assert snapshot.value == Decimal("1234.5")
    # The same period again changes the value, it does not add one.
    client.post(MANUAL, _manual(period_start="2024-12-31", value="1000"))
    assert ManualValue.objects.get().value == Decimal("1000")
    assert Snapshot.objects.get(indicator=manual.indicator).value == Decimal("1000")
    html = client.get(MANUAL).content.decode()
    assert 'data-period="year:2024-01-01" data-value="1\u00a0000"' in html


@pytest.mark.parametrize(
    ("period_type", "day", "start"),
    [("quarter", "2025-05-17", date(2025, 4, 1)), ("month", "2025-11-30", date(2025, 11, 1))],
)
def test_manual_value_period_start_is_normalised(client, staff, hub, period_type, day, start):
    client.force_login(staff)
    data = _manual(scope_type="hub", hub=hub.pk, period_type=period_type, period_start=day)
    assert client.post(MANUAL, data).status_code == 302
    assert ManualValue.objects.get().period_start == start
    assert Snapshot.objects.get().scope_key == f"hub:{hub.pk}"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"indicator": "COMPUTED"}, "indicator"),
        ({"scope_type": "municipality"}, "municipality"),
        ({"scope_type": "county", "hub": "HUB"}, "hub"),
        ({"period_start": "not a date"}, "period_start"),
        ({"people": "-1"}, "people"),
    ],
)
def test_manual_value_bad_input_re_renders(client, staff, hub, changes, field):
    ids = {"COMPUTED": Indicator.objects.get(code="learning_meetings").pk, "HUB": hub.pk}
    client.force_login(staff)
    response = client.post(MANUAL, _manual(**{k: ids.get(v, v) for k, v in changes.items()}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ManualValue.objects.exists() and not Snapshot.objects.exists()


def test_manual_values_list_shows_people_values_suppressed(client, staff, hub):
    indicator = Indicator.objects.get(code="county_ghg_emissions")
    Indicator.objects.filter(pk=indicator.pk).update(counts_people=True)
    ManualValue.objects.create(
        indicator=indicator,
        scope_type="hub",
        hub=hub,
        period_type="year",
        period_start=date(2025, 1, 1),
        value=3,
        people=3,
    )
    client.force_login(staff)
    html = client.get(MANUAL).content.decode()
    assert 'data-value="&lt;5"' in html


# --- Run log and recompute ----------------------------------------------------------


def test_run_log_is_newest_first_and_paginated(client, staff, hub):
    now = timezone.now()
    for n in range(30):
        run = RollupRun.objects.create(
            kind="incremental" if n % 2 else "full",
            hub=hub if n % 2 else None,
            month=date(2026, 5, 1) if n % 2 else None,
            status="succeeded",
            rows=n,
            duration_ms=10 + n,
            finished_at=now,
        )
        RollupRun.objects.filter(pk=run.pk).update(started_at=now - timedelta(minutes=60 - n))
    failed = RollupRun.objects.create(kind="full", status="failed", error="OperationalError: x")
    client.force_login(staff)
    html = client.get(RUNS).content.decode()
    assert html.count('<tr id="run-') == 25
    assert html.index(f'id="run-{failed.pk}"') < html.index('data-kind="incremental"')
    assert 'data-status="failed"' in html and "OperationalError: x" in html
    second = client.get(RUNS, {"sida": 2}).content.decode()
    assert second.count('<tr id="run-') == 6
    assert client.get(RUNS, {"sida": "x"}).status_code == 200


def test_run_log_query_count_is_fixed(client, staff, hub, django_assert_num_queries):
    for _n in range(5):
        RollupRun.objects.create(kind="incremental", hub=hub, month=date(2026, 5, 1))
    client.force_login(staff)
    # session, user, count, runs with their hub
    with django_assert_num_queries(4):
        assert client.get(RUNS).status_code == 200


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = False


def test_recompute_queues_a_full_run_for_the_staff_member(client, staff, eager_celery):
    client.force_login(staff)
    response = client.post(RECOMPUTE)
    assert response.status_code == 302 and response["Location"] == RUNS
    assert _levels(response) == [messages.SUCCESS]
    run = RollupRun.objects.get()
    assert (run.kind, run.status, run.requested_by) == ("full", "succeeded", staff)


def test_recompute_is_post_only(client, staff):
    client.force_login(staff)
    assert client.get(RECOMPUTE).status_code == 405


def test_recompute_with_the_broker_down_shows_an_error_not_a_500(client, staff):
    client.force_login(staff)
    with broker_unreachable():
        response = client.post(RECOMPUTE)
    assert response.status_code == 302 and response["Location"] == RUNS
    assert _levels(response) == [messages.ERROR]
    assert not RollupRun.objects.exists()


def test_manual_values_page_query_count_is_fixed(client, staff, hub, django_assert_num_queries):
    indicator = Indicator.objects.get(code="county_ghg_emissions")
    for year in range(2020, 2025):
        ManualValue.objects.create(
            indicator=indicator,
            scope_type="county",
            period_type="year",
            period_start=date(year, 1, 1),
            value=year,
        )
    client.force_login(staff)
    # session, user, count, values (with indicator, hub, municipality),
    # the form's choices: manual indicators, hubs, municipalities
    with django_assert_num_queries(7):
        response = client.get(MANUAL)
    assert response.content.decode().count('data-period="year:') == 5


# --- Django admin -------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "indicator",
        "target",
        "manualvalue",
        "rolluprun",
        "challenge",
        "selfassessment",
        "opendatafile",
    ],
)
def test_admin_lists_accounting_models(client, admin, model):
    client.force_login(admin)
    assert client.get(reverse(f"admin:accounting_{model}_changelist")).status_code == 200


def test_admin_run_log_and_open_data_are_read_only(client, admin):
    client.force_login(admin)
    assert client.get(reverse("admin:accounting_rolluprun_add")).status_code == 403
    assert client.get(reverse("admin:accounting_opendatafile_add")).status_code == 403
    run = RollupRun.objects.create(kind="full")
    page = client.get(reverse("admin:accounting_rolluprun_change", args=[run.pk]))
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    indicator = Indicator.objects.get(code="learning_meetings")
    page = client.get(reverse("admin:accounting_indicator_change", args=[indicator.pk]))
    assert 'name="code"' not in page.content.decode()
    assert 'name="name_sv"' in page.content.decode()


def test_odd_query_values_are_not_found_or_ignored_never_a_500(client, staff):
    """Found by the property tests: a NUL in ?hub= reached the database, and
    "²" passed isdigit() but not int()."""
    client.force_login(staff)
    report = reverse("accounting:annual-report")
    assert client.get(report, {"hub": "a\x00b"}).status_code == 404
    assert client.get(TARGETS, {"target": "²"}).status_code == 200
    assert client.get(MANUAL, {"value": "²"}).status_code == 200
