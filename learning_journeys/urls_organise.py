from django.urls import path

from .views import organise

urlpatterns = [
    path("", organise.index, name="organise-index"),
    path("resor/ny/", organise.journey_create, name="organise-journey-create"),
    path("resor/<slug:slug>/redigera/", organise.journey_edit, name="organise-journey-edit"),
    path("traffar/ny/", organise.meeting_create, name="organise-meeting-create"),
    path("traffar/<int:pk>/redigera/", organise.meeting_edit, name="organise-meeting-edit"),
    path("traffar/<int:pk>/publicera/", organise.meeting_publish, name="organise-meeting-publish"),
    path("traffar/<int:pk>/stall-in/", organise.meeting_cancel, name="organise-meeting-cancel"),
    path(
        "traffar/<int:pk>/reserverade-platser/", organise.reservations, name="organise-reservations"
    ),
    path("traffar/<int:pk>/deltagare/", organise.attendees, name="organise-attendees"),
    path("traffar/<int:pk>/deltagare.csv", organise.attendees_csv, name="organise-attendees-csv"),
    path(
        "traffar/<int:pk>/deltagare/<int:registration_pk>/narvaro/",
        organise.attendance,
        name="organise-attendance",
    ),
    path("traffar/<int:pk>/meddelande/", organise.message, name="organise-message"),
    path("traffar/<int:pk>/rapport/", organise.report, name="organise-report"),
    path("traffar/<int:pk>/aterkoppling/", organise.feedback, name="organise-feedback"),
]
