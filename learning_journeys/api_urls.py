"""URLs of the learning journeys API, included at /api/ (no namespace: the
OpenAPI schema uses these names)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import api

# login_not_required: DRF permission classes answer 403 JSON, never a redirect.
urlpatterns = [
    path(
        "learning-journeys/",
        login_not_required(api.JourneyListApi.as_view()),
        name="api-learning-journey-list",
    ),
    path(
        "learning-journeys/<slug:slug>/",
        login_not_required(api.JourneyDetailApi.as_view()),
        name="api-learning-journey-detail",
    ),
    path("meetings/", login_not_required(api.MeetingListApi.as_view()), name="api-meeting-list"),
    path(
        "meetings/<int:pk>/",
        login_not_required(api.MeetingDetailApi.as_view()),
        name="api-meeting-detail",
    ),
    path(
        "meetings/<int:pk>/publish/",
        login_not_required(api.MeetingPublishApi.as_view()),
        name="api-meeting-publish",
    ),
    path(
        "meetings/<int:pk>/cancel/",
        login_not_required(api.MeetingCancelApi.as_view()),
        name="api-meeting-cancel",
    ),
    path(
        "meetings/<int:pk>/attendees/",
        login_not_required(api.MeetingAttendeeListApi.as_view()),
        name="api-meeting-attendees",
    ),
    path(
        "meetings/<int:pk>/registration/",
        login_not_required(api.MeetingRegistrationApi.as_view()),
        name="api-meeting-registration",
    ),
    path(
        "registrations/",
        login_not_required(api.RegistrationListApi.as_view()),
        name="api-registration-list",
    ),
]
