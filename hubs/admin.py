from django.contrib import admin

from .models import Hub, HubManager


class HubManagerInline(admin.TabularInline):
    model = HubManager
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [HubManagerInline]
