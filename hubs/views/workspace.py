"""The community manager workspace of a hub: activities and occupancy.

Managers of the hub read and write; Region staff read only (forms shown
disabled, POST is 403); everyone else gets 403. State changes go through
hubs.services; reads through hubs.selectors.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hubs import selectors, services
from hubs.forms import (
    ActivityFilterForm,
    ActivityForm,
    BreakdownFormSet,
    OccupancyCellForm,
    OccupancyDayForm,
    add_service_errors,
    disable_all,
)
from hubs.models import Hub, Occupancy

ACTIVITIES_PER_PAGE = 25
WEEK_PARAM = "vecka"
PAGE_PARAM = "sida"


def _hub(request: HttpRequest, slug: str) -> Hub:
    """The hub, checked for this request: POST needs write access, GET read access.

    Checked before the HTTP method, so a read-only visitor's POST is a 403 everywhere.
    """
    return selectors.hub_get_for_workspace(
        user=request.user, slug=slug, write=request.method not in ("GET", "HEAD")
    )


# --- Home -----------------------------------------------------------------------


def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(request, slug)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    today = timezone.localdate()
    return render(
        request,
        "hubs/workspace/workspace.html",
        {
            "hub": hub,
            "today": today,
            "activity_count": selectors.activity_count_in_year(hub=hub, year=today.year),
            "desk_days": selectors.desk_days_in_month(hub=hub, year=today.year, month=today.month),
            "week": _iso_week(today),
        },
    )


# --- Activities -----------------------------------------------------------------


def activity_list(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(request, slug)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    filter_form = ActivityFilterForm(request.GET)
    activities = selectors.activity_list_for_workspace(hub=hub, **filter_form.filters())
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    return render(
        request,
        "hubs/workspace/activity_list.html",
        {"hub": hub, "filter_form": filter_form, "page": page, "page_param": PAGE_PARAM},
    )


def _activity_saved(request: HttpRequest, hub: Hub, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("hubs:activity-list", slug=hub.slug)


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(request, slug)
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            fields = form.service_fields()
            organisations = fields.pop("organisations")
            try:
                activity = services.activity_log(
                    actor=request.user, hub=hub, organisations=organisations, **fields
                )
            except ValidationError as error:
                add_service_errors(form, error, ActivityForm.SERVICE_FIELD_MAP)
            else:
                return _activity_saved(
                    request,
                    hub,
                    _("The activity “%(title)s” was logged.") % {"title": activity.title},
                )
    else:
        form = ActivityForm()
        if not hub.can_write:
            disable_all(form)
    return render(
        request, "hubs/workspace/activity_form.html", {"hub": hub, "form": form, "activity": None}
    )


@require_http_methods(["GET", "POST"])
def activity_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    hub = _hub(request, slug)
    activity = selectors.activity_get_for_workspace(hub=hub, pk=pk)
    if request.method == "POST":
        form = ActivityForm(request.POST, activity=activity)
        if form.is_valid():
            fields = form.service_fields()
            organisations = fields.pop("organisations")
            try:
                services.activity_update(
                    actor=request.user, activity=activity, organisations=organisations, **fields
                )
            except ValidationError as error:
                add_service_errors(form, error, ActivityForm.SERVICE_FIELD_MAP)
            else:
                return _activity_saved(
                    request,
                    hub,
                    _("The activity “%(title)s” was saved.") % {"title": activity.title},
                )
    else:
        form = ActivityForm(activity=activity)
        if not hub.can_write:
            disable_all(form)
    return render(
        request,
        "hubs/workspace/activity_form.html",
        {"hub": hub, "form": form, "activity": activity},
    )


@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    hub = _hub(request, slug)
    activity = selectors.activity_get_for_workspace(hub=hub, pk=pk)
    if request.method == "POST":
        title = activity.title
        services.activity_delete(actor=request.user, activity=activity)
        return _activity_saved(
            request, hub, _("The activity “%(title)s” was removed.") % {"title": title}
        )
    return render(
        request, "hubs/workspace/activity_delete.html", {"hub": hub, "activity": activity}
    )


# --- Occupancy ------------------------------------------------------------------


def _iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _parse_week(value: str | None) -> date:
    """The Monday of an ISO week given as "2026-W48"; this week when missing or invalid."""
    if value:
        try:
            year, week = value.upper().split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            pass
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


@dataclass
class WeekRow:
    day: date
    form: OccupancyCellForm
    occupancy: Occupancy | None


def _week_rows(
    hub: Hub, monday: date, bound: dict[date, OccupancyCellForm] | None = None
) -> list[WeekRow]:
    recorded = {o.date: o for o in selectors.occupancy_list_for_week(hub=hub, monday=monday)}
    rows = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        occupancy = recorded.get(day)
        form = (bound or {}).get(day) or OccupancyCellForm(
            day=day, initial={"desk_days": occupancy.desk_days if occupancy else None}
        )
        if hub.can_write:
            form.fields["desk_days"].widget.attrs.update(
                {
                    "hx-post": reverse(
                        "hubs:occupancy-cell", kwargs={"slug": hub.slug, "day": day}
                    ),
                    "hx-trigger": "change",
                    "hx-target": "closest tr",
                    "hx-swap": "outerHTML",
                    "aria-describedby": " ".join(
                        ["occupancy-keyboard-help"]
                        + ([f"{form['desk_days'].auto_id}_error"] if form.errors else [])
                    ),
                }
            )
        else:
            disable_all(form)
        rows.append(WeekRow(day=day, form=form, occupancy=occupancy))
    return rows


def _render_week(
    request: HttpRequest,
    hub: Hub,
    monday: date,
    bound: dict[date, OccupancyCellForm] | None = None,
) -> HttpResponse:
    return render(
        request,
        "hubs/workspace/occupancy_week.html",
        {
            "hub": hub,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "week": _iso_week(monday),
            "previous_week": _iso_week(monday - timedelta(days=7)),
            "next_week": _iso_week(monday + timedelta(days=7)),
            "this_week": _iso_week(timezone.localdate()),
            "rows": _week_rows(hub, monday, bound),
            "week_param": WEEK_PARAM,
            "has_errors": any(form.errors for form in (bound or {}).values()),
        },
    )


def _week_url(hub: Hub, day: date) -> str:
    url = reverse("hubs:occupancy-week", kwargs={"slug": hub.slug})
    return f"{url}?{WEEK_PARAM}={_iso_week(day)}"


def _record(request: HttpRequest, hub: Hub, form: OccupancyCellForm) -> bool:
    """Save one validated cell through the service; errors go onto the form."""
    try:
        services.occupancy_record(
            actor=request.user, hub=hub, day=form.day, desk_days=form.cleaned_data["desk_days"]
        )
    except ValidationError as error:
        # A row has one field: a breakdown that no longer fits belongs to it too.
        add_service_errors(form, error, {"breakdown": "desk_days"})
        return False
    return True


@require_http_methods(["GET", "POST"])
def occupancy_week(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(request, slug)
    monday = _parse_week(request.GET.get(WEEK_PARAM))
    if request.method != "POST":
        return _render_week(request, hub, monday)

    recorded = {o.date: o for o in selectors.occupancy_list_for_week(hub=hub, monday=monday)}
    bound = {}
    for offset in range(7):
        day = monday + timedelta(days=offset)
        occupancy = recorded.get(day)
        bound[day] = OccupancyCellForm(
            request.POST,
            day=day,
            initial={"desk_days": occupancy.desk_days if occupancy else None},
        )
    if not all([form.is_valid() for form in bound.values()]):
        return _render_week(request, hub, monday, bound)
    # Only changed days, so `recorded_by` of untouched days stays; all or none are saved.
    changed = {
        day: form.cleaned_data["desk_days"] for day, form in bound.items() if form.has_changed()
    }
    try:
        services.occupancy_record_days(actor=request.user, hub=hub, days=changed)
    except ValidationError as error:
        for key, day_errors in error.message_dict.items():
            bound[date.fromisoformat(key)].add_error("desk_days", day_errors)
        return _render_week(request, hub, monday, bound)
    messages.success(request, _("The week's occupancy was saved."))
    return redirect(_week_url(hub, monday))


@require_http_methods(["GET", "POST"])
def occupancy_cell(request: HttpRequest, slug: str, day: date) -> HttpResponse:
    """One row of the week grid: htmx saves a cell here and swaps in the row."""
    hub = _hub(request, slug)
    monday = day - timedelta(days=day.weekday())
    status = ""
    form = None
    if request.method == "POST":
        form = OccupancyCellForm(request.POST, day=day)
        saved = form.is_valid() and _record(request, hub, form)
        if not request.htmx:
            if not saved:
                return _render_week(request, hub, monday, {day: form})
            messages.success(request, _("The occupancy was saved."))
            return redirect(_week_url(hub, monday))
        date_text = formats.date_format(day, "l j F")
        if not saved:
            status = _("%(date)s was not saved: see the error in that row.") % {"date": date_text}
        elif form.cleaned_data["desk_days"] is None:
            status = _("%(date)s cleared.") % {"date": date_text}
        else:
            status = _("%(date)s saved: %(count)s desk-days.") % {
                "date": date_text,
                "count": form.cleaned_data["desk_days"],
            }
        if saved:
            form = None  # show the stored value again, from the database
    row = next(
        row for row in _week_rows(hub, monday, {day: form} if form else None) if row.day == day
    )
    return render(
        request,
        "hubs/workspace/partials/occupancy_row.html",
        {"hub": hub, "row": row, "status": status, "oob_status": True},
    )


@require_http_methods(["GET", "POST"])
def occupancy_breakdown(request: HttpRequest, slug: str, day: date) -> HttpResponse:
    hub = _hub(request, slug)
    occupancy = selectors.occupancy_get_for_day(hub=hub, day=day)
    if request.method == "POST":
        day_form = OccupancyDayForm(request.POST)
        formset = BreakdownFormSet(request.POST, prefix="rader")
        if all([day_form.is_valid(), formset.is_valid()]):
            try:
                services.occupancy_record(
                    actor=request.user,
                    hub=hub,
                    day=day,
                    desk_days=day_form.cleaned_data["desk_days"],
                    breakdown=formset.parts(),
                )
            except ValidationError as error:
                add_service_errors(day_form, error)
            else:
                messages.success(request, _("The breakdown was saved."))
                return redirect(_week_url(hub, day))
    else:
        day_form = OccupancyDayForm(
            initial={"desk_days": occupancy.desk_days} if occupancy else None
        )
        formset = BreakdownFormSet(
            prefix="rader",
            initial=[
                {
                    "home_municipality": part.home_municipality_id,
                    "distance_band": part.distance_band,
                    "desk_days": part.desk_days,
                }
                for part in (occupancy.breakdown.all() if occupancy else [])
            ],
        )
        if not hub.can_write:
            disable_all(day_form)
            for form in formset.forms:
                disable_all(form)
    return render(
        request,
        "hubs/workspace/occupancy_breakdown.html",
        {
            "hub": hub,
            "day": day,
            "occupancy": occupancy,
            "day_form": day_form,
            "formset": formset,
            "week_url": _week_url(hub, day),
        },
    )
