from django.urls import path

from .views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("resor/<slug:slug>/", public.journey_detail, name="journey-detail"),
    path("traffar/<int:pk>/", public.meeting_detail, name="meeting-detail"),
    path("traffar/<int:pk>/anmal/", public.meeting_register, name="meeting-register"),
    path("traffar/<int:pk>/gast/", public.guest_register, name="guest-register"),
    path("traffar/<int:pk>/avboka/", public.meeting_cancel_own, name="meeting-cancel-own"),
    path("traffar/<int:pk>/kalender.ics", public.meeting_ics, name="meeting-ics"),
    path("traffar/<int:pk>/aterkoppling/", public.meeting_feedback, name="meeting-feedback"),
    path("bekrafta/<str:signed>/", public.guest_confirm, name="guest-confirm"),
    path("avboka/<str:signed>/", public.link_cancel, name="link-cancel"),
    path("aterkoppling/<str:signed>/", public.link_feedback, name="link-feedback"),
    path("mina/", public.my_registrations, name="my-registrations"),
    path("mina/kalender/ny/", public.calendar_feed_reset, name="calendar-feed-reset"),
    path("kalender/<str:token>.ics", public.calendar_feed, name="calendar-feed"),
]
