from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from coworking_region import views, views_audit, views_gdpr, views_media

admin.site.site_header = "Coworking Jämtland"
admin.site.site_title = "Coworking Jämtland"

# An unexpected error renders 500.html; a database outage renders 503.html.
handler500 = "coworking_region.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("integritet/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("konto/profil/", views.profile, name="profile"),
    path("konto/mina-uppgifter/", views_gdpr.data_page, name="account_data"),
    path(
        "konto/mina-uppgifter/ladda-ned/",
        views_gdpr.data_download,
        name="account_data_download",
    ),
    path("konto/radera/", views_gdpr.account_delete, name="account_delete"),
    path("konto/radera/klart/", views_gdpr.account_deleted, name="account_deleted"),
    path("audit/", views_audit.audit_list, name="audit-list"),
    path("konto/", include("allauth.urls")),
    path("hubbar/", include("hubs.urls")),
    path("laranderesor/", include("learning_journeys.urls")),
    path("redovisning/", include("accounting.urls")),
    path("verktygslada/", include("toolbox.urls")),
    path("api/", include("coworking_region.api_urls")),
    path("admin/", admin.site.urls),
    # Uploaded photos, in development and production (only images, never as HTML).
    path("media/<path:path>", views_media.serve_media, name="media"),
]
