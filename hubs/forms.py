"""Forms of the hubs app: they parse and validate input; services do the writing."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .imports import ImportKind
from .models import (
    MAX_DESK_DAYS,
    MAX_FACILITATORS,
    MAX_PARTICIPANTS,
    Activity,
    Amenity,
    CountyEvent,
    DistanceBand,
    Municipality,
    Organisation,
)
from .services import BreakdownPart

DIMENSION_CHOICES = Activity.dimension_choices()


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Attach a service's ValidationError to the form: to the field it names when
    the form has that field (after `field_map`), otherwise as a non-field error."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = field_map.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def set_model_choices(field: forms.ModelChoiceField, objects: list) -> None:
    """Give a model choice field its options from a list loaded once by the view's
    form, so rendering the template runs no query. Validation still uses the queryset."""
    options = [(obj.pk, str(obj)) for obj in objects]
    if field.empty_label is not None and not isinstance(field, forms.ModelMultipleChoiceField):
        options.insert(0, ("", field.empty_label))
    field.choices = options


def disable_all(form: forms.BaseForm) -> None:
    """Read-only rendering (Region staff): every field disabled."""
    for field in form.fields.values():
        field.disabled = True


# --- Public directory ---------------------------------------------------------------


class HubFilterForm(forms.Form):
    """The directory's GET filter. Municipality choices come from the caller (one query)."""

    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    amenity = forms.ChoiceField(
        label=_("Amenity"),
        required=False,
        choices=[("", _("All amenities")), *Amenity.choices],
    )

    def __init__(self, *args: Any, municipalities: Iterable[Municipality], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *((m.code, m.name) for m in municipalities),
        ]


# --- Activities -----------------------------------------------------------------


class ActivityFilterForm(forms.Form):
    """The GET filters above the activity list. Invalid values are simply ignored."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Activity.Kind.choices],
    )
    date_from = forms.DateField(label=_("From date"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To date"), required=False, widget=DateInput)
    dimension = forms.ChoiceField(
        label=_("Sustainability dimension"),
        required=False,
        choices=[("", _("All dimensions")), *DIMENSION_CHOICES],
    )
    county_event = forms.ModelChoiceField(
        label=_("County event"),
        required=False,
        queryset=CountyEvent.objects.order_by("name"),
        empty_label=_("All, with or without"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        set_model_choices(self.fields["county_event"], list(CountyEvent.objects.order_by("name")))

    def filters(self) -> dict[str, object]:
        """Keyword arguments for selectors.activity_list_for_workspace (valid values only)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }


class ActivityForm(forms.Form):
    """Log or change an activity. Date and time are local (Europe/Stockholm)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(
        label=_("Start time"),
        widget=TimeInput,
        help_text=_("Local time (Sweden)."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=60 * 24 * 7
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    participants = forms.IntegerField(
        label=_("Participants"),
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        help_text=_("How many took part, facilitators not included. A number, never names."),
    )
    facilitators = forms.IntegerField(
        label=_("Facilitators"), min_value=0, max_value=MAX_FACILITATORS, initial=0
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every organisation whose people took part."),
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Sustainability dimensions"),
        required=False,
        choices=DIMENSION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    county_event = forms.ModelChoiceField(
        label=_("County event"),
        required=False,
        queryset=CountyEvent.objects.order_by("name"),
        empty_label=_("None"),
        help_text=_("If the activity was part of a recurring event in the county."),
    )

    # Errors of the model (raised by the service) that belong to another form field.
    SERVICE_FIELD_MAP = {
        "starts_at": "date",
        **{name: "dimensions" for name in Activity.DIMENSIONS},
    }

    def __init__(self, *args: object, activity: Activity | None = None, **kwargs: object) -> None:
        if activity is not None and "initial" not in kwargs:
            local = timezone.localtime(activity.starts_at, _local_zone())
            kwargs["initial"] = {
                "kind": activity.kind,
                "title": activity.title,
                "date": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "duration_minutes": activity.duration_minutes,
                "description": activity.description,
                "participants": activity.participants,
                "facilitators": activity.facilitators,
                "organisations": [org.pk for org in activity.organisations.all()],
                "dimensions": activity.dimensions,
                "county_event": activity.county_event_id,
            }
        super().__init__(*args, **kwargs)
        # Organisations as checkboxes grouped by kind (one query, made here, not
        # while the template renders). Validation still uses the queryset.
        groups: dict[str, list[tuple[int, str]]] = {}
        for org in Organisation.objects.order_by("name").only("pk", "name", "kind"):
            groups.setdefault(org.kind, []).append((org.pk, org.name))
        self._organisation_kinds = {
            str(pk): value for value, options in groups.items() for pk, _name in options
        }
        self.fields["organisations"].choices = [
            (label, groups[value]) for value, label in Organisation.Kind.choices if value in groups
        ]
        set_model_choices(self.fields["county_event"], list(CountyEvent.objects.order_by("name")))

    def organisation_groups(self) -> list[tuple[str, list]]:
        """The organisation checkboxes grouped by kind: [(kind label, [BoundWidget, ...])]."""
        by_kind: dict[str, list] = {}
        for option in self["organisations"].subwidgets:
            kind = self._organisation_kinds.get(str(option.data["value"]), "")
            by_kind.setdefault(kind, []).append(option)
        return [
            (label, by_kind[value])
            for value, label in Organisation.Kind.choices
            if value in by_kind
        ]

    def service_fields(self) -> dict[str, object]:
        """Keyword arguments for services.activity_log / activity_update."""
        data = self.cleaned_data
        starts_at = datetime.combine(data["date"], data["time"]).replace(tzinfo=_local_zone())
        dimensions = set(data["dimensions"])
        flags = {name: name in dimensions for name in Activity.DIMENSIONS}
        return {
            "kind": data["kind"],
            "title": data["title"],
            "starts_at": starts_at,
            "duration_minutes": data["duration_minutes"],
            "description": data["description"],
            "participants": data["participants"],
            "facilitators": data["facilitators"],
            **flags,
            "county_event": data["county_event"],
            "organisations": list(data["organisations"]),
        }


# --- Occupancy ------------------------------------------------------------------


class OccupancyCellForm(forms.Form):
    """One day of the week grid. Empty means "not recorded"; 0 is a recorded empty day.

    Used with the day's ISO date as prefix, so seven of them share one <form>.
    """

    desk_days = forms.IntegerField(
        label=_("Desk-days used"),
        required=False,
        min_value=0,
        max_value=MAX_DESK_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "occupancy-input"}),
    )

    def __init__(self, *args: object, day: date, **kwargs: object) -> None:
        kwargs.setdefault("prefix", day.isoformat())
        super().__init__(*args, **kwargs)
        self.day = day


class OccupancyDayForm(forms.Form):
    """The day's total on the breakdown page."""

    desk_days = forms.IntegerField(
        label=_("Desk-days used this day"), min_value=0, max_value=MAX_DESK_DAYS
    )


class BreakdownRowForm(forms.Form):
    home_municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Outside the county or unknown"),
    )
    distance_band = forms.ChoiceField(
        label=_("Commuting distance avoided"),
        required=False,
        choices=[("", _("Unknown")), *DistanceBand.choices],
    )
    desk_days = forms.IntegerField(label=_("Desk-days"), required=False, min_value=1)

    def clean(self) -> dict:
        data = super().clean()
        chosen = data.get("home_municipality") or data.get("distance_band")
        # A new row with a choice but no desk-days is a slip; an existing row whose
        # desk-days were emptied is removed on purpose.
        new_row = self.empty_permitted
        if new_row and chosen and data.get("desk_days") is None and "desk_days" not in self.errors:
            self.add_error("desk_days", _("Enter the desk-days of this row, or clear the row."))
        return data


class BaseBreakdownFormSet(forms.BaseFormSet):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # One municipality query for every row's select, not one per row.
        municipalities = list(Municipality.objects.order_by("name"))
        for form in self.forms:
            set_model_choices(form.fields["home_municipality"], municipalities)

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("desk_days") is None:
                continue
            key = (getattr(data.get("home_municipality"), "pk", None), data.get("distance_band"))
            if key in seen:
                raise ValidationError(
                    _("Two rows have the same municipality and distance: combine them into one.")
                )
            seen.add(key)

    def parts(self) -> list[BreakdownPart]:
        return [
            BreakdownPart(
                home_municipality=form.cleaned_data.get("home_municipality"),
                distance_band=form.cleaned_data.get("distance_band") or "",
                desk_days=form.cleaned_data["desk_days"],
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("desk_days") is not None
        ]


BreakdownFormSet = forms.formset_factory(
    BreakdownRowForm, formset=BaseBreakdownFormSet, extra=3, max_num=50, validate_max=True
)


# --- Spreadsheet import -----------------------------------------------------------


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file contain?"),
        choices=ImportKind.choices,
        initial=ImportKind.ACTIVITIES,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("File (CSV or XLSX)"))
