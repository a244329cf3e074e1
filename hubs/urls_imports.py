from django.urls import path

from .views import imports

urlpatterns = [
    path("<slug:slug>/arbetsyta/import/", imports.import_upload, name="import-upload"),
    path("<slug:slug>/arbetsyta/import/bekrafta/", imports.import_confirm, name="import-confirm"),
]
