from django.urls import path

from .views import public

urlpatterns = [
    path("", public.index, name="index"),
    # Fixed paths before the catch-all hub page.
    path("evenemang/", public.event_list, name="event-list"),
    path("<slug:slug>/", public.hub_detail, name="hub-detail"),
]
