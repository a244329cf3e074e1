"""Shared API helpers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
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
