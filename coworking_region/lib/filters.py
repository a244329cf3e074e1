"""Query-parameter filters for the API that refuse what they cannot read.

django-filter's BooleanFilter quietly ignores a value other than true/false
(`?is_example=yes` lists everything), so a typo gives a wrong answer instead
of an error. StrictBooleanFilter answers 400 with a message instead; an empty
value still means "no filter", like every other filter.
"""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StrictBooleanField(forms.Field):
    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        text = str(value).strip().lower()
        if text == "true":
            return True
        if text == "false":
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    """true or false (any letter case); anything else is a 400."""

    field_class = StrictBooleanField
