from django.urls import path

from .views import manage

urlpatterns = [
    path("foresla/", manage.suggest, name="suggest"),
    path("moderering/", manage.moderation, name="moderation"),
    path("moderering/verktyg/<slug:slug>/", manage.moderate_tool, name="moderate-tool"),
    path("moderering/recensioner/<int:pk>/", manage.moderate_review, name="moderate-review"),
    path("hantera/", manage.catalogue, name="manage"),
    path("hantera/nytt/", manage.tool_create, name="tool-create"),
    path("hantera/<slug:slug>/", manage.tool_edit, name="tool-edit"),
    path("hantera/<slug:slug>/bedomning/", manage.assessment_create, name="assessment-create"),
    path("hantera/<slug:slug>/beslut/", manage.decisions, name="decisions"),
    path("hantera/<slug:slug>/anvandning/", manage.adoptions, name="adoptions"),
]
