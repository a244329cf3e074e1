"""The REST API, mounted at /api/.

Every view is wrapped with `login_not_required`: LoginRequiredMiddleware would
otherwise redirect anonymous API clients to the HTML login page. DRF's own
permission classes decide instead, answering 403 JSON.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from hubs.api import ApiDocsView

urlpatterns = [
    path("", include("hubs.api_urls")),
    path("", include("learning_journeys.api_urls")),
    path("", include("toolbox.api_urls")),
    path("", include("accounting.api_urls")),
    path(
        "schema/",
        login_not_required(SpectacularAPIView.as_view()),
        name="api-schema",
    ),
    path(
        "docs/",
        login_not_required(ApiDocsView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]
