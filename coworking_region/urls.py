from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from coworking_region import views

admin.site.site_header = "Coworking Jämtland"
admin.site.site_title = "Coworking Jämtland"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("konto/profil/", views.profile, name="profile"),
    path("konto/", include("allauth.urls")),
    path("hubbar/", include("hubs.urls")),
    path("laranderesor/", include("learning_journeys.urls")),
    path("redovisning/", include("accounting.urls")),
    path("verktygslada/", include("toolbox.urls")),
    path("api/", include("coworking_region.api_urls")),
    path("admin/", admin.site.urls),
]
