"""Public pages of the hubs part: the hub directory with its map, one hub's page
and the calendar of county events. No login needed."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from hubs.extensions import hub_sections
from hubs.forms import HubFilterForm
from hubs.models import Activity, Hub, Municipality
from hubs.permissions import can_view_hub_records, hubs_managed_by
from hubs.selectors import (
    activity_list_upcoming,
    county_event_calendar,
    hub_activity_summary,
    hub_get_public,
    hub_list_public_filtered,
)


def _municipality_name(hub: Hub) -> str:
    return hub.municipality.name if hub.municipality else ""


def _map_point(hub: Hub) -> dict[str, Any]:
    """What the map script needs of one hub (passed with json_script)."""
    return {
        "name": hub.name,
        "url": hub.get_absolute_url(),
        "lat": float(hub.latitude),
        "lng": float(hub.longitude),
        "example": hub.is_example,
        "place": ", ".join(dict.fromkeys(p for p in (hub.locality, _municipality_name(hub)) if p)),
    }


def _map_points(hubs: Iterable[Hub]) -> list[dict[str, Any]]:
    return [
        _map_point(hub) for hub in hubs if hub.latitude is not None and hub.longitude is not None
    ]


def _map_settings() -> dict[str, str]:
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Mötesplatser 2.0: the hubs on a county map and in a list, filterable without JS."""
    municipalities = list(Municipality.objects.order_by("name"))
    form = HubFilterForm(request.GET or None, municipalities=municipalities)
    municipality_code = amenity = None
    if form.is_bound:
        # An invalid value is shown as a field error; the other filter still applies.
        form.is_valid()
        municipality_code = form.cleaned_data.get("municipality") or None
        amenity = form.cleaned_data.get("amenity") or None
    hubs = list(hub_list_public_filtered(municipality_code=municipality_code, amenity=amenity))
    context = {
        "form": form,
        "hubs": hubs,
        "map_points": _map_points(hubs),
        "is_filtered": bool(municipality_code or amenity),
        **_map_settings(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "hubs/partials/public_hub_results.html", context)
    else:
        context["managed_hubs"] = hubs_managed_by(request.user)
        response = render(request, "hubs/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_not_required
@require_GET
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One hub's public profile, its upcoming activities and a 12-month summary."""
    hub = hub_get_public(slug=slug)
    now = timezone.now()
    summary = hub_activity_summary(hub=hub, now=now)
    return render(
        request,
        "hubs/hub_detail.html",
        {
            "hub": hub,
            "amenity_labels": hub.amenity_labels,
            "map_points": _map_points([hub]),
            "upcoming": list(activity_list_upcoming(hub=hub, now=now)),
            "summary": summary,
            "dimensions": [
                (label, getattr(summary, name)) for name, label in Activity.dimension_choices()
            ],
            "may_open_workspace": can_view_hub_records(request.user, hub),
            # Sections registered by apps higher up (learning meetings, ...).
            "extra_sections": hub_sections(request, hub),
            **_map_settings(),
        },
    )


@login_not_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """The calendar of recurring county events, grouped by the month they usually happen."""
    return render(request, "hubs/event_list.html", {"calendar": county_event_calendar()})
