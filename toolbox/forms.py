"""Forms of the toolbox's staff side and of suggestions. They parse and
validate; the views save through toolbox.services.

Every database check constraint that a form can break (re-assessment after
the assessment date, adoption by a hub XOR an organisation, end after start)
has a matching form error here, so bad input re-renders instead of failing.
"""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator
from django.forms.models import model_to_dict
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from hubs.forms import DateInput
from hubs.models import Hub, Organisation

from . import services
from .models import (
    Adoption,
    Fit,
    Need,
    OrganisationDecision,
    PrivacyAssessment,
    Tool,
)

MARKDOWN_HELP = _(
    "You may use Markdown: paragraphs, **bold**, *italics*, lists (- or 1.), "
    "[links](https://…), `code`, quotes (>) and headings (###). "
    "Images, tables and HTML are removed."
)


def _needs_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Needs it serves"),
        queryset=Need.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# --- Suggestions --------------------------------------------------------------------


class SuggestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=Tool._meta.get_field("name").max_length)
    kind = forms.ChoiceField(label=_("Kind"), choices=Tool.Kind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=Tool._meta.get_field("summary").max_length,
        help_text=_("One or two sentences: what is it, and what is it good for?"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    needs = _needs_field()

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


# --- The catalogue ------------------------------------------------------------------


class ToolForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    documentation_url = forms.URLField(
        label=_("Documentation or guide"), required=False, assume_scheme="https"
    )
    fits = forms.MultipleChoiceField(
        label=_("Where it fits"),
        choices=Fit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    needs = _needs_field()

    class Meta:
        model = Tool
        fields = [
            "name",
            "slug",
            "kind",
            "summary",
            "description",
            "needs",
            "fits",
            "ease",
            "cost",
            "supplier",
            "languages",
            "website",
            "documentation_url",
            "maturity",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "ease": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }
        help_texts = {
            "slug": _("The tool's web address. Leave empty to make one from the name."),
            "description": MARKDOWN_HELP,
            "languages": _("E.g. Swedish, English."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            self.initial.setdefault("needs", list(self.instance.needs.all()))

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Tool.objects.exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("Another tool already has this name."), code="unique_name"
            )
        return name

    def clean_slug(self) -> str:
        slug = slugify(self.cleaned_data.get("slug") or "")
        if slug and Tool.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            raise forms.ValidationError(_("Another tool already has this address."), code="unique")
        return slug

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name") and "slug" not in self.errors:
            cleaned["slug"] = services.unique_slug(cleaned["name"], exclude_pk=self.instance.pk)
        return cleaned


# --- Privacy assessments ------------------------------------------------------------


ASSESSMENT_FIELDS = [
    "processes_personal_data",
    "data_categories",
    "storage",
    "legal_basis",
    "dpia_exists",
    "sells_data",
    "third_party_tracking",
    "monitors_individuals",
    "access_likelihood",
    "access_severity",
    "change_likelihood",
    "change_severity",
    "loss_likelihood",
    "loss_severity",
    "need",
    "benefit",
    "conclusion",
    "assessed_on",
    "assessed_by",
    "reassess_by",
]
RISK_FIELDS = [name for name in ASSESSMENT_FIELDS if name.endswith(("_likelihood", "_severity"))]


class AssessmentForm(forms.ModelForm):
    """A new version of a tool's privacy assessment."""

    class Meta:
        model = PrivacyAssessment
        fields = ASSESSMENT_FIELDS
        widgets = {
            "assessed_on": DateInput(),
            "reassess_by": DateInput(),
            "data_categories": forms.Textarea(attrs={"rows": 2}),
            "need": forms.Textarea(attrs={"rows": 3}),
            "benefit": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "reassess_by": _("Leave empty for one year after the assessment date."),
            "assessed_by": _("A role or function, e.g. the data protection officer."),
        }

    @classmethod
    def initial_for(cls, tool: Tool, *, today: date) -> dict:
        """Prefilled from the current version, with fresh dates."""
        initial: dict = {}
        if tool.current_assessment is not None:
            initial = model_to_dict(tool.current_assessment, fields=ASSESSMENT_FIELDS)
        initial.update(assessed_on=today, reassess_by=one_year_after(today))
        return initial

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reassess_by"].required = False
        # A year later must still be a date (one_year_after).
        self.fields["assessed_on"].validators.append(
            MaxValueValidator(date.max.replace(year=date.max.year - 1))
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        assessed_on = cleaned.get("assessed_on")
        reassess_by = cleaned.get("reassess_by")
        if assessed_on and not reassess_by and "reassess_by" not in self.errors:
            cleaned["reassess_by"] = one_year_after(assessed_on)
        elif assessed_on and reassess_by and reassess_by <= assessed_on:
            self.add_error(
                "reassess_by",
                forms.ValidationError(
                    _("The re-assessment date must be after the assessment date."),
                    code="reassess_before",
                ),
            )
        return cleaned


# --- Decisions and adoption ---------------------------------------------------------


class DecisionForm(forms.ModelForm):
    class Meta:
        model = OrganisationDecision
        fields = ["organisation", "status", "decided_on", "reviewer", "reasoning"]
        widgets = {
            "decided_on": DateInput(),
            "reasoning": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class AdoptionForm(forms.Form):
    """A hub or an organisation (exactly one) uses the tool. Community managers
    get only their own hubs and no organisations."""

    hub = forms.ModelChoiceField(label=_("Hub"), queryset=Hub.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    since = forms.DateField(label=_("In use since"), widget=DateInput())
    ended_on = forms.DateField(
        label=_("Stopped using on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while it is in use."),
    )
    notes = forms.CharField(
        label=_("How it is used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, hubs, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs.order_by("name")
        if organisations is None:
            del self.fields["organisation"]
            self.fields["hub"].required = True
        else:
            self.fields["organisation"].queryset = organisations.order_by("name")
            self.fields["hub"].help_text = _("Choose a hub or an organisation, not both.")

    @classmethod
    def initial_from(cls, adoption: Adoption) -> dict:
        return {
            "hub": adoption.hub_id,
            "organisation": adoption.organisation_id,
            "since": adoption.since,
            "ended_on": adoption.ended_on,
            "notes": adoption.notes,
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        adopter_fields_valid = not self.errors.keys() & {"hub", "organisation"}
        if (
            "organisation" in self.fields
            and adopter_fields_valid
            and bool(cleaned.get("hub")) == bool(cleaned.get("organisation"))
        ):
            raise forms.ValidationError(
                _("Choose either a hub or an organisation."), code="adopter"
            )
        since, ended_on = cleaned.get("since"), cleaned.get("ended_on")
        if since and ended_on and ended_on < since:
            self.add_error("ended_on", _("The end cannot be before the start."))
        return cleaned


# --- Moderation ---------------------------------------------------------------------


class ToolModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("reject", "reject")])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the suggestion is rejected."))
        return cleaned


class ReviewModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", "hide"), ("show", "show")])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") == "hide" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the review is hidden."))
        return cleaned
