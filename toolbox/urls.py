from django.urls import include, path

app_name = "toolbox"

urlpatterns = [
    path("", include("toolbox.urls_manage")),
    path("", include("toolbox.urls_public")),
]
