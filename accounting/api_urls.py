"""URLs of the accounting API, included at /api/ (no namespace: the OpenAPI
schema uses these names)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import api

# login_not_required: DRF permission classes answer 403 JSON, never a redirect.
urlpatterns = [
    path(
        "indicators/", login_not_required(api.IndicatorListApi.as_view()), name="api-indicator-list"
    ),
    path(
        "indicators/<slug:code>/",
        login_not_required(api.IndicatorDetailApi.as_view()),
        name="api-indicator-detail",
    ),
    path("snapshots/", login_not_required(api.SnapshotListApi.as_view()), name="api-snapshot-list"),
    path("targets/", login_not_required(api.TargetListApi.as_view()), name="api-target-list"),
    path(
        "targets/<int:pk>/",
        login_not_required(api.TargetDetailApi.as_view()),
        name="api-target-detail",
    ),
    path(
        "manual-values/",
        login_not_required(api.ManualValueCreateApi.as_view()),
        name="api-manual-value-create",
    ),
    path(
        "challenges/", login_not_required(api.ChallengeListApi.as_view()), name="api-challenge-list"
    ),
    path(
        "challenges/<slug:slug>/",
        login_not_required(api.ChallengeDetailApi.as_view()),
        name="api-challenge-detail",
    ),
    path(
        "challenges/<slug:slug>/updates/",
        login_not_required(api.ChallengeUpdateCreateApi.as_view()),
        name="api-challenge-update-create",
    ),
]
