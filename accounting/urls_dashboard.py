from django.urls import path

from .views import dashboard

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("lan/", dashboard.county, name="dashboard"),
    path("lan/export.csv", dashboard.export_csv, name="dashboard-csv"),
    path("lan/export.xlsx", dashboard.export_xlsx, name="dashboard-xlsx"),
    path("hubb/<slug:slug>/", dashboard.hub_report, name="hub-report"),
    path("hubb/<slug:slug>/export.csv", dashboard.hub_export_csv, name="hub-report-csv"),
    path("hubb/<slug:slug>/export.xlsx", dashboard.hub_export_xlsx, name="hub-report-xlsx"),
]
