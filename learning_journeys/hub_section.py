"""The hub page's "upcoming learning meetings" section, registered with
hubs.extensions in LearningJourneysConfig.ready() (hubs never imports us)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from hubs.models import Hub

from .api_selectors import meeting_list_upcoming_at_hub

HUB_SECTION_LIMIT = 5


def upcoming_meetings_section(request: HttpRequest, hub: Hub) -> str | None:
    """The next published meetings at the hub (one query); nothing when there are none."""
    meetings = list(
        meeting_list_upcoming_at_hub(hub=hub, now=timezone.now(), limit=HUB_SECTION_LIMIT)
    )
    if not meetings:
        return None
    return render_to_string(
        "learning_journeys/hub_section.html", {"hub": hub, "meetings": meetings}, request=request
    )
