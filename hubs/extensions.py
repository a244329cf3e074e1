"""Extension points of the hubs app for apps higher up (STYLE.md: dependencies
go one way, so hubs never imports them).

Hub page sections: an app registers a callable in its AppConfig.ready();
hub_detail calls each with (request, hub) and shows the HTML fragments that
come back, in registration order. A callable returns None (or "") to show
nothing. Keep each one to a fixed, small number of queries.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from .models import Hub

HubSection = Callable[[HttpRequest, Hub], SafeString | str | None]

_hub_sections: list[HubSection] = []


def register_hub_section(section: HubSection) -> HubSection:
    """Add a section to the hub page (once; registering twice is a no-op).
    Usable as a decorator."""
    if section not in _hub_sections:
        _hub_sections.append(section)
    return section


def unregister_hub_section(section: HubSection) -> None:
    if section in _hub_sections:
        _hub_sections.remove(section)


def hub_sections(request: HttpRequest, hub: Hub) -> list[SafeString]:
    """The rendered fragments of every registered section that has something to show.

    A section renders its HTML from a template (render_to_string) or with
    format_html, which return SafeString; anything else is text and is escaped."""
    fragments = []
    for section in _hub_sections:
        html = section(request, hub)
        if html:
            fragments.append(conditional_escape(html))
    return fragments
