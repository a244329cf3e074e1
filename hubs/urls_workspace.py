"""The community manager workspace: /hubbar/<slug>/arbetsyta/..."""

from datetime import date

from django.urls import path, register_converter

from .views import workspace


class WorkspaceDateConverter:
    """An ISO date (2026-11-23) in a URL, as a datetime.date."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError (e.g. 2026-02-30) → 404

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(WorkspaceDateConverter, "workspace_date")

urlpatterns = [
    path("<slug:slug>/arbetsyta/", workspace.workspace, name="workspace"),
    path("<slug:slug>/arbetsyta/aktiviteter/", workspace.activity_list, name="activity-list"),
    path(
        "<slug:slug>/arbetsyta/aktiviteter/ny/",
        workspace.activity_create,
        name="activity-create",
    ),
    path(
        "<slug:slug>/arbetsyta/aktiviteter/<int:pk>/andra/",
        workspace.activity_update,
        name="activity-update",
    ),
    path(
        "<slug:slug>/arbetsyta/aktiviteter/<int:pk>/ta-bort/",
        workspace.activity_delete,
        name="activity-delete",
    ),
    path("<slug:slug>/arbetsyta/belaggning/", workspace.occupancy_week, name="occupancy-week"),
    path(
        "<slug:slug>/arbetsyta/belaggning/<workspace_date:day>/",
        workspace.occupancy_cell,
        name="occupancy-cell",
    ),
    path(
        "<slug:slug>/arbetsyta/belaggning/<workspace_date:day>/fordelning/",
        workspace.occupancy_breakdown,
        name="occupancy-breakdown",
    ),
]
