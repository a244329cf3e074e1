"""Accounting's landing page, the county dashboard (Region staff) and a hub's
report (its community managers and Region staff), with CSV and XLSX exports of
exactly what the page shows. Pages read snapshots only (dashboard_selectors)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from hubs.models import Hub
from hubs.permissions import hubs_managed_by, is_admin

from .. import dashboard_selectors, exports
from ..forms_dashboard import DashboardFilterForm, period_type_from
from ..permissions import can_self_assess, can_view_county, can_view_hub_report


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Accounting 2.0 explained, with links for the visitor's role."""
    # Admins manage every hub; they reach the hubs' reports from the county dashboard.
    managed = [] if is_admin(request.user) else hubs_managed_by(request.user).order_by("name")
    context = {"can_view_county": can_view_county(request.user), "managed_hubs": list(managed)}
    return render(request, "accounting/index.html", context)


def _county(request: HttpRequest) -> tuple[DashboardFilterForm, dashboard_selectors.Report]:
    if not can_view_county(request.user):
        raise PermissionDenied
    refs = dashboard_selectors.references()
    period_type = period_type_from(request.GET)
    form = DashboardFilterForm(
        request.GET or None,
        period_type=period_type,
        periods=dashboard_selectors.periods_present(period_type),
        refs=refs,
    )
    report = dashboard_selectors.county_report(filters=form.filters(), refs=refs)
    return form, report


def _county_filename(form: DashboardFilterForm, extension: str) -> str:
    filters = form.filters()
    place = (
        filters.hub.slug
        if filters.hub
        else (filters.municipality.code if filters.municipality else "lan")
    )
    return f"redovisning-{place}-{filters.period.short_label}.{extension}"


@require_GET
def county(request: HttpRequest) -> HttpResponse:
    """The county dashboard: KPI tiles, series, map, hubs and rural/urban."""
    form, report = _county(request)
    context = {
        "form": form,
        "report": report,
        "querystring": form.querystring(form.filters()),
    }
    return render(request, "accounting/dashboard.html", context)


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    form, report = _county(request)
    return exports.csv_response(exports.county_tables(report), _county_filename(form, "csv"))


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    form, report = _county(request)
    return exports.xlsx_response(exports.county_tables(report), _county_filename(form, "xlsx"))


HubPage = tuple[Hub, DashboardFilterForm, dashboard_selectors.Report]


def _hub(request: HttpRequest, slug: str) -> HubPage:
    hub = get_object_or_404(Hub, slug=slug)
    if not can_view_hub_report(request.user, hub):
        raise PermissionDenied
    period_type = period_type_from(request.GET)
    form = DashboardFilterForm(
        request.GET or None,
        period_type=period_type,
        periods=dashboard_selectors.periods_present(period_type),
    )
    report = dashboard_selectors.hub_report(
        hub=hub, period=form.filters().period, indicators=dashboard_selectors.indicators_active()
    )
    return hub, form, report


def _hub_filename(hub: Hub, form: DashboardFilterForm, extension: str) -> str:
    return f"redovisning-{hub.slug}-{form.filters().period.short_label}.{extension}"


@require_GET
def hub_report(request: HttpRequest, slug: str) -> HttpResponse:
    """One hub's report: the same tiles and series for the hub, its targets and
    its latest self-assessment next to the computed indicators."""
    hub, form, report = _hub(request, slug)
    context = {
        "hub": hub,
        "form": form,
        "report": report,
        "querystring": form.querystring(form.filters()),
        "can_self_assess": can_self_assess(request.user, hub),
    }
    return render(request, "accounting/hub_report.html", context)


@require_GET
def hub_export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    hub, form, report = _hub(request, slug)
    return exports.csv_response(exports.hub_tables(report), _hub_filename(hub, form, "csv"))


@require_GET
def hub_export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    hub, form, report = _hub(request, slug)
    return exports.xlsx_response(exports.hub_tables(report), _hub_filename(hub, form, "xlsx"))
