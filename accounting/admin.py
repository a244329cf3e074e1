"""Accounting in Django's admin: a fallback for admins. Day-to-day work uses
the accounting pages (/redovisning/…). The run log and the open-data files
are written by jobs and only read here; an indicator's code and method stay
as the catalogue made them (the roll-up relies on them)."""

from django.contrib import admin

from .models import (
    Challenge,
    ChallengeUpdate,
    Indicator,
    ManualValue,
    OpenDataFile,
    RollupRun,
    SelfAssessment,
    SelfAssessmentFactor,
    SubResult,
    Target,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_sv", "capital", "dimension", "unit", "method", "is_active")
    list_filter = ("capital", "dimension", "method", "is_active", "counts_people")
    search_fields = ("code", "name_sv", "name_en")
    ordering = ("sort_order", "code")

    def get_readonly_fields(self, request, obj=None):
        return ("code", "method") if obj else ()


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "scope_type", "hub", "municipality", "year", "value")
    list_filter = ("scope_type", "year", "indicator")
    list_select_related = ("indicator", "hub", "municipality")
    autocomplete_fields = ("indicator",)


@admin.register(ManualValue)
class ManualValueAdmin(admin.ModelAdmin):
    list_display = (
        "indicator", "scope_type", "hub", "municipality", "period_type", "period_start", "value",
    )  # fmt: skip
    list_filter = ("scope_type", "period_type", "indicator")
    list_select_related = ("indicator", "hub", "municipality")
    readonly_fields = ("entered_by", "updated_at")


@admin.register(RollupRun)
class RollupRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "kind", "hub", "month", "status", "rows", "duration_ms")
    list_filter = ("kind", "status")
    list_select_related = ("hub",)


class SubResultInline(admin.TabularInline):
    model = SubResult
    extra = 0


class ChallengeUpdateInline(admin.StackedInline):
    model = ChallengeUpdate
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "stage", "previous_stage", "progress", "progress_reason", "evidence", "partnerships",
        "practice_changed", "author", "created_at",
    )  # fmt: skip

    def has_add_permission(self, request, obj=None) -> bool:
        # Updates go through accounting.services.challenge_update_add.
        return False


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ("title", "nature", "stage", "progress", "is_public", "updated_at")
    list_filter = ("nature", "stage", "is_public")
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("owners", "hubs", "journeys", "activities", "insights")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [SubResultInline, ChallengeUpdateInline]


class SelfAssessmentFactorInline(admin.TabularInline):
    model = SelfAssessmentFactor
    extra = 0


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ("hub", "year", "updated_at")
    list_filter = ("year",)
    list_select_related = ("hub",)
    readonly_fields = ("created_by", "updated_at")
    inlines = [SelfAssessmentFactorInline]


@admin.register(OpenDataFile)
class OpenDataFileAdmin(ReadOnlyAdmin):
    list_display = ("name", "rows", "generated_at")
