"""Forms of the organiser's pages. They parse and validate; the views save
through learning_journeys.services where more than one plain row changes.

Every database check constraint on Meeting and LearningJourney has a matching
form error here, so bad input re-renders the form instead of failing with an
IntegrityError.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from hubs.forms import DateInput, set_model_choices
from hubs.models import Organisation

from . import services
from .models import (
    MAX_CAPACITY,
    MAX_FACILITATORS,
    Insight,
    LearningJourney,
    Meeting,
    MeetingReservation,
)
from .permissions import hubs_for_organiser, journeys_managed_by

SLUG_MAX_LENGTH = LearningJourney._meta.get_field("slug").max_length


class DateTimeLocalInput(forms.DateTimeInput):
    """<input type="datetime-local">. Django reads and shows the value in the
    current time zone, which is settings.TIME_ZONE (Europe/Stockholm): no
    middleware activates another one, so organisers type Swedish local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def unique_journey_slug(base: str, *, exclude_pk: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is free."""
    base = (base or "resa")[:SLUG_MAX_LENGTH].strip("-") or "resa"
    taken = LearningJourney.objects.exclude(pk=exclude_pk)
    candidate, n = base, 1
    while taken.filter(slug=candidate).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def _with_current(queryset: QuerySet, current_pk: int | None) -> QuerySet:
    """Keep the object's current choice valid even if the user could not pick it anew."""
    if current_pk is None:
        return queryset
    model = queryset.model
    return model.objects.filter(pk__in=queryset.values("pk")) | model.objects.filter(pk=current_pk)


# --- Journeys ------------------------------------------------------------------------


class JourneyForm(forms.ModelForm):
    class Meta:
        model = LearningJourney
        fields = [
            "title",
            "slug",
            "description",
            "theme",
            "goals",
            "starts_on",
            "ends_on",
            "hub",
            "organisations",
            "status",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "organisations": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "slug": _("The journey's web address. Leave empty to make one from the title."),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["hub"].queryset = _with_current(
            hubs_for_organiser(user), self.instance.hub_id
        ).order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")

    def clean_slug(self) -> str:
        slug = slugify(self.cleaned_data.get("slug") or "")
        if slug and LearningJourney.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Another learning journey already has this address."), code="unique"
            )
        return slug

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title") and "slug" not in self.errors:
            cleaned["slug"] = unique_journey_slug(
                slugify(cleaned["title"]), exclude_pk=self.instance.pk
            )
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned


# --- Meetings ------------------------------------------------------------------------


class MeetingForm(forms.ModelForm):
    online_url = forms.URLField(
        label=Meeting._meta.get_field("online_url").verbose_name,
        max_length=Meeting._meta.get_field("online_url").max_length,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Meeting
        fields = [
            "journey",
            "kind",
            "title",
            "theme",
            "description",
            "starts_at",
            "ends_at",
            "hub",
            "venue",
            "online_url",
            "capacity",
            "facilitators",
            "registration_opens_at",
            "registration_closes_at",
            "reservations_release_at",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_opens_at": DateTimeLocalInput(),
            "registration_closes_at": DateTimeLocalInput(),
            "reservations_release_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "starts_at": _("Swedish time."),
            "registration_opens_at": _("Empty: sign-up opens when the meeting is published."),
            "registration_closes_at": _("Empty: sign-up stays open until the meeting starts."),
            "reservations_release_at": _(
                "Seats reserved for named organisations open to everyone at this time."
            ),
        }

    def __init__(self, *args, user, seats_taken: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seats_taken = seats_taken
        self.fields["journey"].queryset = _with_current(
            journeys_managed_by(user), self.instance.journey_id
        ).order_by("title")
        self.fields["hub"].queryset = _with_current(
            hubs_for_organiser(user), self.instance.hub_id
        ).order_by("name")
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": MAX_CAPACITY})
        self.fields["facilitators"].widget.attrs.update({"min": 0, "max": MAX_FACILITATORS})
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget.attrs["step"] = 60

    def clean(self) -> dict:
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        place_fields = ("hub", "venue", "online_url")
        if not any(cleaned.get(name) for name in place_fields) and not any(
            name in self.errors for name in place_fields
        ):
            self.add_error(
                "hub", _("Choose a venue hub, give the venue details or an online meeting link.")
            )
        opens = cleaned.get("registration_opens_at")
        closes = cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Sign-up must close after it opens."))
        if closes and starts_at and closes > starts_at:
            self.add_error(
                "registration_closes_at",
                _("Sign-up must close no later than the meeting starts."),
            )
        if (
            opens
            and starts_at
            and opens >= starts_at
            and "registration_closes_at" not in self.errors
        ):
            self.add_error(
                "registration_opens_at", _("Sign-up must open before the meeting starts.")
            )
        capacity = cleaned.get("capacity")
        if capacity is not None and capacity < self.seats_taken:
            self.add_error("capacity", services.capacity_error(self.seats_taken))
        return cleaned


# --- Reserved seats ------------------------------------------------------------------


class ReleaseForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["reservations_release_at"]
        widgets = {"reservations_release_at": DateTimeLocalInput()}
        help_texts = {
            "reservations_release_at": _(
                "Swedish time. Empty: the seats stay reserved until the meeting."
            ),
        }


class ReservationForm(forms.ModelForm):
    class Meta:
        model = MeetingReservation
        fields = ["organisation", "seats"]


class BaseReservationFormSet(forms.BaseModelFormSet):
    """One row per organisation; all reserved seats together fit the capacity."""

    def __init__(self, *args, meeting: Meeting, organisations: list[Organisation], **kwargs):
        self.meeting = meeting
        self.organisations = organisations
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Options loaded once for all rows, so rendering runs no query per row.
        set_model_choices(form.fields["organisation"], self.organisations)
        form.fields["seats"].widget.attrs.update({"min": 1, "max": self.meeting.capacity})
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        set_model_choices(form.fields["organisation"], self.organisations)
        return form

    def kept_forms(self) -> list[forms.Form]:
        """Rows that will be saved: filled in and not marked for removal."""
        return [
            form
            for form in self.forms
            if form.cleaned_data.get("organisation") and not self._should_delete_form(form)
        ]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        seen = set()
        total = 0
        for form in self.kept_forms():
            organisation = form.cleaned_data["organisation"]
            if organisation.pk in seen:
                form.add_error(
                    "organisation", _("This organisation already has a row: change that one.")
                )
            seen.add(organisation.pk)
            total += form.cleaned_data.get("seats") or 0
        if total > self.meeting.capacity:
            raise forms.ValidationError(
                _("%(total)s seats reserved in all, but the meeting has only %(capacity)s seats.")
                % {"total": total, "capacity": self.meeting.capacity},
                code="over_capacity",
            )


ReservationFormSet = forms.modelformset_factory(
    MeetingReservation,
    form=ReservationForm,
    formset=BaseReservationFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


# --- Attendance, messages, report, insights --------------------------------------


ATTENDANCE_VALUES = {"attended": True, "no_show": False, "undo": None}


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReportForm(forms.Form):
    participants = forms.IntegerField(
        label=_("Participants"),
        min_value=0,
        max_value=MAX_CAPACITY,
        help_text=_("People who took part, not counting the facilitators."),
    )
    facilitators = forms.IntegerField(
        label=_("Facilitators"), min_value=0, max_value=MAX_FACILITATORS
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class InsightForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Insight"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Insight
        fields = ["kind", "text"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No empty "------" radio; labels capitalised as the first word of a line.
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in Insight.Kind.choices
        ]
