from django.contrib import admin
from django.db import models

from .models import Hub, HubManager


class HubManagerInline(admin.TabularInline):
    model = HubManager
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    # Web addresses typed without a scheme are read as https (as Django 6 will).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [HubManagerInline]
