from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# The four parts of the portal, in the order the study presents them.
SECTIONS = (
    ("hubs", "hubs:index", _("Hubs")),
    ("learning_journeys", "learning_journeys:index", _("Learning journeys")),
    ("accounting", "accounting:index", _("Accounting")),
    ("toolbox", "toolbox:index", _("Toolbox")),
)


def portal(request: HttpRequest) -> dict[str, object]:
    match = getattr(request, "resolver_match", None)
    current = match.app_name if match else ""
    return {
        "nav_sections": [
            {"app": app, "url_name": url_name, "label": label, "current": app == current}
            for app, url_name, label in SECTIONS
        ],
    }
