from django.urls import include, path

app_name = "accounting"

urlpatterns = [
    path("", include("accounting.urls_dashboard")),
    path("", include("accounting.urls_challenges")),
    path("", include("accounting.urls_admin")),
]
