"""The REST API, mounted at /api/.

Every view is wrapped with `login_not_required`: LoginRequiredMiddleware would
otherwise redirect anonymous API clients to the HTML login page. DRF's own
permission classes decide instead, answering 403 JSON.

Any other address under /api/ that ends with a slash (an unknown path, or a
path parameter that does not fit, e.g. /api/activities/abc/) answers 404 in
JSON like the API's own 404s, not with the HTML error page. An address
without the trailing slash is left to CommonMiddleware, which redirects it to
the one with the slash (APPEND_SLASH), as before.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound

from hubs.api import ApiDocsView


@csrf_exempt  # changes nothing; a write to an unknown address gets the same 404
@login_not_required
def api_not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


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
    re_path(r"^[\s\S]*/$", api_not_found, name="api-not-found"),
]
