"""Shared API helpers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.metadata import SimpleMetadata
from rest_framework.settings import api_settings


def as_api_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A model's ValidationError as DRF's: a 400 with the same field errors
    ("__all__" becomes DRF's non-field key)."""
    if hasattr(exc, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): messages
            for name, messages in exc.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return exceptions.ValidationError(detail)


# --- Dates and times the portal can work with ------------------------------------------------

EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


class _YearRangeMixin:
    """Refuses dates outside 2000–2099: the portal records and plans activity
    of these years, and a year like 0192 is a typo that would reach the
    statistics (and be shown with Stockholm's local mean time offset,
    +01:12:12, which no client can read)."""

    default_error_messages = {"year_range": _("Give a date in the years 2000–2099.")}

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if not EARLIEST_YEAR <= result.year <= LATEST_YEAR:
            self.fail("year_range")
        return result


class PortalDateTimeField(_YearRangeMixin, serializers.DateTimeField):
    pass


class PortalDateField(_YearRangeMixin, serializers.DateField):
    pass


# --- OPTIONS -----------------------------------------------------------------------------------


class ApiMetadata(SimpleMetadata):
    """OPTIONS names the view and the media types it renders and parses, without
    DRF's "actions": those describe `serializer_class`, which in this API is
    the output serializer (the input serializers differ), and building them
    calls `get_object()` as if every view were looked up by "pk" (a 500 on
    views looked up by slug). The OpenAPI schema at /api/schema/ describes
    the input."""

    def determine_actions(self, request, view):
        return {}
