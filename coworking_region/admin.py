from django.contrib import admin

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Read-only view of outgoing email, to see what is stuck and why."""

    list_display = ("subject", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
