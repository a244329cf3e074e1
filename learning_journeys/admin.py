from django.contrib import admin
from django.db import models

from .models import (
    Insight,
    LearningJourney,
    Meeting,
    MeetingReport,
    MeetingReservation,
    Registration,
)


class MeetingReservationInline(admin.TabularInline):
    model = MeetingReservation
    extra = 0


@admin.register(LearningJourney)
class LearningJourneyAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "starts_on", "ends_on", "hub")
    list_filter = ("status",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    # Web addresses typed without a scheme are read as https (as Django 6 will).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "kind", "status", "starts_at", "hub", "capacity")
    list_filter = ("status", "kind")
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    inlines = [MeetingReservationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: registrations change through the portal's rules (waitlist, emails)."""

    list_display = ("meeting", "status", "organisation", "created_at", "anonymised_at")
    list_filter = ("status",)
    list_select_related = ("meeting", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(MeetingReport)
admin.site.register(Insight)
