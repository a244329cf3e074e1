"""Forms of the accounting staff pages: the indicator catalogue, targets and
manual values. They parse and validate; the views save through
accounting.targets and accounting.services.

Each database constraint a form can break (a target's scope must name
exactly the hub or municipality it is about) has a matching form error here,
so bad input re-renders instead of failing.
"""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hubs.forms import DateInput
from hubs.models import Hub, Municipality

from .models import Indicator, PeriodType, ScopeType

# Targets and manual values are about a hub, a municipality or the county
# (rural/urban groups are computed only).
SCOPE_CHOICES = [c for c in ScopeType.choices if c[0] != ScopeType.AREA]
VALUE_FIELD = {"max_digits": 16, "decimal_places": 4}


class IndicatorForm(forms.ModelForm):
    """What Region staff may change in the catalogue: everything but the code
    and how the value is computed."""

    class Meta:
        model = Indicator
        fields = [
            "name_sv",
            "name_en",
            "definition_sv",
            "definition_en",
            "capital",
            "dimension",
            "unit",
            "direction",
            "decimals",
            "source",
            "sort_order",
            "is_active",
        ]
        widgets = {
            "definition_sv": forms.Textarea(attrs={"rows": 4}),
            "definition_en": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_name_sv(self) -> str:
        return " ".join(self.cleaned_data["name_sv"].split())

    def clean_name_en(self) -> str:
        return " ".join(self.cleaned_data["name_en"].split())


class _ScopedForm(forms.Form):
    """A scope (hub, municipality or county) with the matching hub or
    municipality, and the other left empty."""

    scope_type = forms.ChoiceField(
        label=_("Scope"), choices=SCOPE_CHOICES, initial=ScopeType.COUNTY
    )
    hub = forms.ModelChoiceField(
        label=_("Hub"),
        queryset=Hub.objects.order_by("name"),
        required=False,
        help_text=_("Only when the scope is a hub."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_("Only when the scope is a municipality."),
    )

    def clean(self) -> dict:
        data = super().clean()
        scope = data.get("scope_type")
        hub, municipality = data.get("hub"), data.get("municipality")
        missing_hub = scope == ScopeType.HUB and hub is None
        if missing_hub and "hub" not in self.errors:
            self.add_error("hub", _("Choose the hub the value is about."))
        missing_municipality = scope == ScopeType.MUNICIPALITY and municipality is None
        if missing_municipality and "municipality" not in self.errors:
            self.add_error("municipality", _("Choose the municipality the value is about."))
        if scope != ScopeType.HUB and hub is not None:
            self.add_error("hub", _("Leave the hub empty unless the scope is a hub."))
        if scope != ScopeType.MUNICIPALITY and municipality is not None:
            self.add_error(
                "municipality",
                _("Leave the municipality empty unless the scope is a municipality."),
            )
        return data


class TargetForm(_ScopedForm):
    """Add a target, or change the one for the same indicator, scope and year."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.order_by("sort_order", "code")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Target value"), **VALUE_FIELD)
    note = forms.CharField(
        label=_("Note or source"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["indicator", "scope_type", "hub", "municipality", "year", "value", "note"]


class ClimateSeriesForm(forms.Form):
    """The county climate target as a series of yearly targets: at least
    10 % less every year 2023–2030, from the value of the base year 2022."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator (lower is better)"),
        queryset=Indicator.objects.filter(direction=Indicator.Direction.LOWER).order_by(
            "sort_order", "code"
        ),
    )
    base_value = forms.DecimalField(
        label=_("Value in the base year 2022"),
        min_value=Decimal("0.0001"),
        **VALUE_FIELD,
        help_text=_("Each year 2023–2030 gets a county target 10 % below the year before."),
    )


class ManualValueForm(_ScopedForm):
    """A value of a manual indicator for one scope and period."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(method=Indicator.Method.MANUAL).order_by(
            "sort_order", "code"
        ),
        help_text=_("Only indicators entered by hand are listed."),
    )
    period_type = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices)
    period_start = forms.DateField(
        label=_("A day in the period"),
        widget=DateInput(),
        help_text=_("Saved as the first day of its month, quarter or year."),
    )
    value = forms.DecimalField(label=_("Value"), **VALUE_FIELD)
    people = forms.IntegerField(
        label=_("People behind the value"),
        min_value=0,
        max_value=2_147_483_647,  # the column's limit (PositiveIntegerField)
        required=False,
        help_text=_("Leave empty when the value is not about people."),
    )
    note = forms.CharField(
        label=_("Note or source"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = [
        "indicator",
        "scope_type",
        "hub",
        "municipality",
        "period_type",
        "period_start",
        "value",
        "people",
        "note",
    ]

    def clean(self) -> dict:
        data = super().clean()
        day, period_type = data.get("period_start"), data.get("period_type")
        if day is not None and period_type:
            data["period_start"] = period_first_day(period_type, day)
        return data


def period_first_day(period_type: str, day: date) -> date:
    if period_type == PeriodType.YEAR:
        return date(day.year, 1, 1)
    if period_type == PeriodType.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


class ReportYearForm(forms.Form):
    """The year of the annual report (the hub comes from the URL's query)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
