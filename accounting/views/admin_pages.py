"""Accounting's staff pages, the annual report and open data (/redovisning/…).

- Region staff keep the indicator catalogue (not codes or methods), targets
  and manual values, read the roll-up run log and queue a full recompute.
- The annual intellectual-capital statement (HTML for print, and PDF): the
  county's for Region staff, a hub's for staff and that hub's managers.
- Open data (public): the county and municipality indicator tables as CSV.

Everyone else gets 403 on staff pages; unknown indicators, hubs and files 404.
Reads go through accounting.admin_selectors, report data through
accounting.report, writes through accounting.targets and accounting.services.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coworking_region.lib.privacy import SMALL_COUNT_THRESHOLD
from hubs.models import Hub
from hubs.permissions import hubs_managed_by

from .. import admin_selectors as selectors
from .. import open_data as open_data_module
from .. import permissions, services
from ..display import display_value
from ..forms_admin import (
    ClimateSeriesForm,
    IndicatorForm,
    ManualValueForm,
    ReportYearForm,
    TargetForm,
)
from ..models import ManualValue, Target
from ..report import annual_report_build
from ..report import annual_report_pdf as build_pdf
from ..targets import CLIMATE_YEARS, climate_series_create, target_save

logger = logging.getLogger(__name__)
PAGE_SIZE = 50
RUNS_PAGE_SIZE = 25


def _require_staff(request: HttpRequest) -> None:
    if not permissions.can_edit_catalogue(request.user):
        raise PermissionDenied


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("can_edit_catalogue", permissions.can_edit_catalogue(request.user))
    return render(request, f"accounting/{template}", context, status=status)


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("sida"))


def _pk(value: str | None) -> int | None:
    # isdecimal(), not isdigit(): "²" is a digit that int() cannot read.
    return int(value) if value and value.isdecimal() else None


# --- The indicator catalogue --------------------------------------------------------


@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return _render(
        request, "admin/indicator_list.html", {"indicators": list(selectors.indicator_catalogue())}
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    _require_staff(request)
    indicator = selectors.indicator_get(code=code)
    if request.method == "POST":
        form = IndicatorForm(request.POST, instance=indicator)
        if form.is_valid():
            form.save()
            messages.success(request, _("“%(name)s” was saved.") % {"name": indicator.name})
            return redirect("accounting:indicator-list")
    else:
        form = IndicatorForm(instance=indicator)
    return _render(request, "admin/indicator_edit.html", {"indicator": indicator, "form": form})


# --- Targets ------------------------------------------------------------------------


def _target_initial(request: HttpRequest) -> dict:
    pk = _pk(request.GET.get("target"))
    target = Target.objects.filter(pk=pk).first() if pk else None
    if target is None:
        return {}
    return {
        "indicator": target.indicator_id,
        "scope_type": target.scope_type,
        "hub": target.hub_id,
        "municipality": target.municipality_id,
        "year": target.year,
        "value": target.value,
        "note": target.note,
    }


@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = TargetForm(initial=_target_initial(request))
    climate_form = ClimateSeriesForm(prefix="climate")
    if request.method == "POST" and request.POST.get("action") == "climate":
        climate_form = ClimateSeriesForm(request.POST, prefix="climate")
        if climate_form.is_valid():
            indicator = climate_form.cleaned_data["indicator"]
            climate_series_create(
                indicator=indicator, base_value=climate_form.cleaned_data["base_value"]
            )
            messages.success(
                request,
                _("County targets %(first)s–%(last)s were saved for “%(name)s”.")
                % {"first": CLIMATE_YEARS[0], "last": CLIMATE_YEARS[-1], "name": indicator.name},
            )
            return redirect("accounting:targets")
    elif request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            target = target_save(
                indicator=data["indicator"],
                scope_type=data["scope_type"],
                hub=data["hub"],
                municipality=data["municipality"],
                year=data["year"],
                value=data["value"],
                note=data["note"].strip(),
            )
            messages.success(
                request,
                _("The target for “%(name)s” in %(year)s was saved.")
                % {"name": target.indicator.name, "year": target.year},
            )
            return redirect("accounting:targets")
    page = _page(request, selectors.target_list())
    rows = [(t, display_value(t.indicator, t.value, None)) for t in page.object_list]
    return _render(
        request,
        "admin/targets.html",
        {"form": form, "climate_form": climate_form, "page": page, "rows": rows},
    )


# --- Manual values ------------------------------------------------------------------


def _manual_initial(request: HttpRequest) -> dict:
    pk = _pk(request.GET.get("value"))
    manual = ManualValue.objects.filter(pk=pk).first() if pk else None
    if manual is None:
        return {}
    return {
        "indicator": manual.indicator_id,
        "scope_type": manual.scope_type,
        "hub": manual.hub_id,
        "municipality": manual.municipality_id,
        "period_type": manual.period_type,
        "period_start": manual.period_start,
        "value": manual.value,
        "people": manual.people,
        "note": manual.note,
    }


@require_http_methods(["GET", "POST"])
def manual_values(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    if request.method == "POST":
        form = ManualValueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                manual = services.manual_value_save(
                    indicator=data["indicator"],
                    scope_type=data["scope_type"],
                    hub=data["hub"],
                    municipality=data["municipality"],
                    period_type=data["period_type"],
                    period_start=data["period_start"],
                    value=data["value"],
                    people=data["people"],
                    note=data["note"].strip(),
                    user=request.user,
                )
            messages.success(
                request,
                _("The value of “%(name)s” from %(start)s was saved.")
                % {"name": manual.indicator.name, "start": manual.period_start.isoformat()},
            )
            return redirect("accounting:manual-values")
    else:
        form = ManualValueForm(initial=_manual_initial(request))
    page = _page(request, selectors.manual_value_list())
    rows = [(m, display_value(m.indicator, m.value, m.people)) for m in page.object_list]
    return _render(request, "admin/manual_values.html", {"form": form, "page": page, "rows": rows})


# --- The roll-up run log ------------------------------------------------------------


@require_GET
def runs(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return _render(
        request, "admin/runs.html", {"page": _page(request, selectors.run_list(), RUNS_PAGE_SIZE)}
    )


@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    from ..tasks import rollup_full

    try:
        rollup_full.apply_async(kwargs={"user_id": request.user.pk}, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure is a message, not a 500
        logger.warning("accounting: could not queue a full roll-up", exc_info=True)
        messages.error(
            request,
            _(
                "The recompute could not be queued: the job queue does not answer. "
                "Try again in a while; the nightly run recomputes everything anyway."
            ),
        )
    else:
        messages.success(
            request,
            _("A full recompute was queued. It appears in the run log when it starts."),
        )
    return redirect("accounting:runs")


# --- The annual report --------------------------------------------------------------


def _report_scope(request: HttpRequest) -> Hub | None:
    """The hub of ?hub=<slug>, or None for the county; 403 for who may not see it."""
    slug = request.GET.get("hub", "").strip()
    if slug and not slug_re.match(slug):  # e.g. a NUL character, which the database refuses
        raise Http404
    hub = selectors.report_hub_get(slug=slug) if slug else None
    allowed = (
        permissions.can_view_hub_report(request.user, hub)
        if hub
        else permissions.can_view_county(request.user)
    )
    if not allowed:
        raise PermissionDenied
    return hub


def _report_year_form(request: HttpRequest) -> ReportYearForm:
    default = timezone.localdate().year - 1
    return ReportYearForm({"year": request.GET.get("year") or default})


def _report_page(request: HttpRequest, *, hub: Hub | None, form: ReportYearForm) -> HttpResponse:
    staff = permissions.can_view_county(request.user)
    report = None
    if form.is_valid():
        report = annual_report_build(
            year=form.cleaned_data["year"],
            hub=hub,
            include_private=permissions.can_edit_challenges(request.user),
        )
    hubs = Hub.objects.all() if staff else hubs_managed_by(request.user)
    return _render(
        request,
        "annual_report.html",
        {
            "report": report,
            "form": form,
            "hub": hub,
            "hub_choices": list(hubs.order_by("name").only("name", "slug")),
            "can_view_county": staff,
        },
        status=200 if report else 400,
    )


@require_GET
def annual_report(request: HttpRequest) -> HttpResponse:
    hub = _report_scope(request)
    return _report_page(request, hub=hub, form=_report_year_form(request))


@require_GET
def annual_report_pdf(request: HttpRequest) -> HttpResponse:
    hub = _report_scope(request)
    form = _report_year_form(request)
    if not form.is_valid():
        return _report_page(request, hub=hub, form=form)
    year = form.cleaned_data["year"]
    report = annual_report_build(
        year=year, hub=hub, include_private=permissions.can_edit_challenges(request.user)
    )
    response = HttpResponse(build_pdf(report), content_type="application/pdf")
    filename = f"arsredovisning-{year}-{hub.slug if hub else 'lan'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Open data ----------------------------------------------------------------------


@login_not_required
@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "open_data.html",
        {
            "files": list(selectors.open_data_files()),
            "indicators": list(selectors.open_data_indicators()),
            "header": open_data_module.HEADER,
            "licence": open_data_module.LICENCE,
            "licence_url": open_data_module.LICENCE_URL,
            "attribution": open_data_module.ATTRIBUTION,
            "threshold": SMALL_COUNT_THRESHOLD,
        },
    )


@login_not_required
@require_GET
def open_data_file(request: HttpRequest, name: str) -> HttpResponse:
    stored = selectors.open_data_file_get(name=name)
    response = HttpResponse(stored.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stored.name}.csv"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
