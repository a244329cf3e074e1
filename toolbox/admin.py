"""The toolbox in Django's admin: a fallback for Region staff and admins.
Day-to-day work uses the toolbox's own pages (/verktygslada/hantera/), which
go through toolbox.services; assessments are read-mostly here because a new
version must be made through services.assessment_create."""

from django.contrib import admin
from django.db import models

from . import services
from .models import Adoption, Need, OrganisationDecision, PrivacyAssessment, Review, Tool


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):
    # Web addresses typed without a scheme are read as https (as Django 6 will).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "kind", "status", "current_assessment", "updated_at")
    list_filter = ("status", "kind", "maturity")
    search_fields = ("name", "summary", "supplier")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("needs",)
    readonly_fields = ("suggested_by", "published_at", "created_at", "updated_at")
    list_select_related = ("current_assessment",)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Names, summaries and needs feed the search index.
        services.tool_index([form.instance.pk])


@admin.register(PrivacyAssessment)
class PrivacyAssessmentAdmin(admin.ModelAdmin):
    list_display = ("tool", "version", "assessed_on", "reassess_by", "processes_personal_data")
    list_filter = ("processes_personal_data", "storage", "legal_basis")
    search_fields = ("tool__name", "assessed_by")
    list_select_related = ("tool",)

    def has_add_permission(self, request) -> bool:
        # New versions are made on the toolbox's assessment page.
        return False

    def get_readonly_fields(self, request, obj=None):
        # Versions are records: only the free-text conclusion may be corrected.
        return [f.name for f in self.model._meta.fields if f.name != "conclusion"]


@admin.register(OrganisationDecision)
class OrganisationDecisionAdmin(admin.ModelAdmin):
    list_display = ("tool", "organisation", "status", "decided_on", "reviewer")
    list_filter = ("status",)
    search_fields = ("tool__name", "organisation__name")
    list_select_related = ("tool", "organisation")


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ("tool", "hub", "organisation", "since", "ended_on")
    search_fields = ("tool__name", "hub__name", "organisation__name")
    list_select_related = ("tool", "hub", "organisation")
    autocomplete_fields = ("hub",)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("tool", "user", "rating", "status", "updated_at")
    list_filter = ("status", "rating")
    search_fields = ("tool__name", "user__email", "tip")
    list_select_related = ("tool", "user")
    readonly_fields = ("tool", "user", "rating", "tip", "created_at", "updated_at")
