"""URLs of the toolbox API, included at /api/ (no namespace: the OpenAPI schema
uses these names)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import api

# login_not_required: DRF permission classes answer 403 JSON, never a redirect.
urlpatterns = [
    path("tools/", login_not_required(api.ToolListApi.as_view()), name="api-tool-list"),
    path(
        "tools/<slug:slug>/",
        login_not_required(api.ToolDetailApi.as_view()),
        name="api-tool-detail",
    ),
    path(
        "tools/<slug:slug>/assessments/",
        login_not_required(api.ToolAssessmentListApi.as_view()),
        name="api-tool-assessments",
    ),
    path(
        "tools/<slug:slug>/review/",
        login_not_required(api.ToolReviewApi.as_view()),
        name="api-tool-review",
    ),
    path("needs/", login_not_required(api.NeedListApi.as_view()), name="api-need-list"),
    path(
        "tool-suggestions/",
        login_not_required(api.SuggestionListApi.as_view()),
        name="api-tool-suggestion-list",
    ),
    path(
        "moderation/suggestions/",
        login_not_required(api.ModerationSuggestionListApi.as_view()),
        name="api-moderation-suggestion-list",
    ),
    path(
        "moderation/suggestions/<slug:slug>/publish/",
        login_not_required(api.ModerationSuggestionPublishApi.as_view()),
        name="api-moderation-suggestion-publish",
    ),
    path(
        "moderation/suggestions/<slug:slug>/reject/",
        login_not_required(api.ModerationSuggestionRejectApi.as_view()),
        name="api-moderation-suggestion-reject",
    ),
    path(
        "moderation/reviews/",
        login_not_required(api.ModerationReviewListApi.as_view()),
        name="api-moderation-review-list",
    ),
    path(
        "moderation/reviews/<int:pk>/hide/",
        login_not_required(api.ModerationReviewHideApi.as_view()),
        name="api-moderation-review-hide",
    ),
    path(
        "moderation/reviews/<int:pk>/show/",
        login_not_required(api.ModerationReviewShowApi.as_view()),
        name="api-moderation-review-show",
    ),
]
