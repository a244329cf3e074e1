from django.urls import path

from .views import challenges

urlpatterns = [
    path("utmaningar/", challenges.challenge_list, name="challenge-list"),
    path("utmaningar/ny/", challenges.challenge_create, name="challenge-create"),
    path("utmaningar/<slug:slug>/", challenges.challenge_detail, name="challenge-detail"),
    path("utmaningar/<slug:slug>/redigera/", challenges.challenge_edit, name="challenge-edit"),
    path(
        "utmaningar/<slug:slug>/uppdatering/", challenges.challenge_update, name="challenge-update"
    ),
    path(
        "utmaningar/<slug:slug>/delresultat/", challenges.sub_results, name="challenge-sub-results"
    ),
    path("hubb/<slug:slug>/sjalvvardering/", challenges.self_assessment, name="self-assessment"),
]
