"""URLs of the hubs API, included at /api/ (no namespace: the OpenAPI schema uses these names)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import api

# login_not_required: DRF permission classes answer 403 JSON, never a redirect.
urlpatterns = [
    path(
        "municipalities/",
        login_not_required(api.MunicipalityListApi.as_view()),
        name="api-municipality-list",
    ),
    path(
        "municipalities/<str:code>/",
        login_not_required(api.MunicipalityDetailApi.as_view()),
        name="api-municipality-detail",
    ),
    path(
        "organisations/",
        login_not_required(api.OrganisationListApi.as_view()),
        name="api-organisation-list",
    ),
    path(
        "county-events/",
        login_not_required(api.CountyEventListApi.as_view()),
        name="api-county-event-list",
    ),
    path("hubs/", login_not_required(api.HubListApi.as_view()), name="api-hub-list"),
    path(
        "hubs/<slug:slug>/",
        login_not_required(api.HubDetailApi.as_view()),
        name="api-hub-detail",
    ),
    path(
        "activities/",
        login_not_required(api.ActivityListApi.as_view()),
        name="api-activity-list",
    ),
    path(
        "activities/<int:pk>/",
        login_not_required(api.ActivityDetailApi.as_view()),
        name="api-activity-detail",
    ),
    path(
        "occupancy/",
        login_not_required(api.OccupancyListApi.as_view()),
        name="api-occupancy-list",
    ),
]
