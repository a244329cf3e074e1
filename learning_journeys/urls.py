from django.urls import include, path

app_name = "learning_journeys"

urlpatterns = [
    path("arrangera/", include("learning_journeys.urls_organise")),
    path("", include("learning_journeys.urls_public")),
]
