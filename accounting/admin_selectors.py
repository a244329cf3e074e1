"""Reads for the accounting staff pages, the annual report's choices and the
open-data page."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hubs.models import Hub

from .models import Indicator, ManualValue, OpenDataFile, RollupRun, Target


def indicator_catalogue() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("sort_order", "code")


def indicator_get(*, code: str) -> Indicator:
    return get_object_or_404(Indicator, code=code)


def target_list() -> QuerySet[Target]:
    return Target.objects.select_related("indicator", "hub", "municipality").order_by(
        "indicator__sort_order", "indicator__code", "scope_type", "hub__name",
        "municipality__name", "year",
    )  # fmt: skip


def manual_value_list() -> QuerySet[ManualValue]:
    return ManualValue.objects.select_related("indicator", "hub", "municipality").order_by(
        "-period_start", "indicator__sort_order", "indicator__code", "scope_type", "id"
    )


def run_list() -> QuerySet[RollupRun]:
    """The run log, newest first."""
    return RollupRun.objects.select_related("hub").order_by("-started_at", "-id")


def report_hub_get(*, slug: str) -> Hub:
    return get_object_or_404(Hub, slug=slug)


def open_data_files() -> QuerySet[OpenDataFile]:
    """The files without their content (the page lists them)."""
    return OpenDataFile.objects.only("name", "rows", "generated_at").order_by("name")


def open_data_file_get(*, name: str) -> OpenDataFile:
    return get_object_or_404(OpenDataFile, name=name)


def open_data_indicators() -> QuerySet[Indicator]:
    return Indicator.objects.filter(is_active=True).order_by("sort_order", "code")
