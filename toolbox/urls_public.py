from django.urls import path

from .views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("verktyg/<slug:slug>/", public.tool_detail, name="tool-detail"),
    path("verktyg/<slug:slug>/recension/", public.review, name="review"),
    path("jamfor/", public.compare, name="compare"),
    path("integritetsmarkning/", public.label_criteria, name="label-criteria"),
]
