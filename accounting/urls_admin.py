from django.urls import path

from .views import admin_pages

urlpatterns = [
    path("indikatorer/", admin_pages.indicator_list, name="indicator-list"),
    path("indikatorer/<slug:code>/", admin_pages.indicator_edit, name="indicator-edit"),
    path("mal/", admin_pages.targets, name="targets"),
    path("manuella-varden/", admin_pages.manual_values, name="manual-values"),
    path("korningar/", admin_pages.runs, name="runs"),
    path("korningar/berakna/", admin_pages.recompute, name="recompute"),
    path("arsredovisning/", admin_pages.annual_report, name="annual-report"),
    path("arsredovisning/rapport.pdf", admin_pages.annual_report_pdf, name="annual-report-pdf"),
    path("oppna-data/", admin_pages.open_data, name="open-data"),
    path("oppna-data/<slug:name>.csv", admin_pages.open_data_file, name="open-data-file"),
]
