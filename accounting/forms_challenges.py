"""Forms of the challenge pages and the hubs' self-assessment. They parse and
validate; the views save through accounting.services.

Every database check constraint a form can break (progress ≤ 100, percent
steps ≤ 120, unique factor names) has a matching form error here, so bad input
re-renders instead of failing.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms import BaseFormSet, BaseInlineFormSet, formset_factory, inlineformset_factory
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from hubs.models import Activity, Hub, Organisation
from learning_journeys.models import Insight, LearningJourney

from . import challenge_selectors as selectors
from . import services
from .models import (
    PERCENT_STEPS,
    Capital,
    Challenge,
    ChallengeUpdate,
    SelfAssessmentFactor,
    SubResult,
)

MIN_FACTORS = 2
MAX_FACTORS = 4


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.hub.name}, {obj.starts_at:%Y-%m-%d})"


class InsightChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        where = obj.meeting.title if obj.meeting_id else obj.journey.title
        return f"{text} ({where}, {obj.get_kind_display()})"


# --- Challenge ------------------------------------------------------------------------


class ChallengeForm(forms.ModelForm):
    owners = forms.ModelMultipleChoiceField(
        label=_("Owner organisations"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hubs = forms.ModelMultipleChoiceField(
        label=_("Hubs"),
        queryset=Hub.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    journeys = forms.ModelMultipleChoiceField(
        label=_("Learning journeys"),
        queryset=LearningJourney.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    activities = ActivityChoiceField(
        label=_("Activities"),
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Activities at the hubs from the last two years."),
    )
    insights = InsightChoiceField(
        label=_("Insights from learning meetings"),
        queryset=Insight.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("They show on the challenge's timeline."),
    )

    class Meta:
        model = Challenge
        fields = [
            "title",
            "slug",
            "description",
            "nature",
            "owners",
            "hubs",
            "journeys",
            "activities",
            "insights",
            "is_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "nature": forms.RadioSelect,
        }
        help_texts = {
            "slug": _("The challenge's web address. Leave empty to make one from the title."),
            "is_public": _("Public challenges are shown to everyone, also without logging in."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        # Choices are read per form (the activity window moves with the date).
        self.fields["activities"].queryset = selectors.activity_choices(
            challenge=self.instance if self.instance.pk else None
        )
        self.fields["insights"].queryset = selectors.insight_choices()
        self.fields["journeys"].queryset = selectors.journey_choices()

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_slug(self) -> str:
        slug = slugify(self.cleaned_data.get("slug") or "")
        if slug and Challenge.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            raise ValidationError(
                _("Another challenge already has this address."), code="unique_slug"
            )
        return slug

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = services.unique_challenge_slug(
                cleaned["title"], exclude_pk=self.instance.pk
            )
        return cleaned


class ChallengeUpdateForm(forms.ModelForm):
    class Meta:
        model = ChallengeUpdate
        fields = [
            "stage",
            "progress",
            "progress_reason",
            "evidence",
            "partnerships",
            "practice_changed",
        ]
        widgets = {
            "stage": forms.RadioSelect,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "progress_reason": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "partnerships": forms.Textarea(attrs={"rows": 3}),
            "practice_changed": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "progress": _("0–100 %."),
            "progress_reason": _("Why do you judge that the challenge has come this far?"),
            "evidence": _("How do we know that the solutions work?"),
            "partnerships": _("What has been created in partnerships, and which new ideas?"),
            "practice_changed": _("Which practice or way of thinking has changed?"),
        }


class SubResultForm(forms.ModelForm):
    class Meta:
        model = SubResult
        fields = ["title", "weight", "progress"]
        widgets = {
            "weight": forms.NumberInput(attrs={"min": 1, "max": 100, "step": 1}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        }
        help_texts = {
            "weight": _("1–100, optional. Without weights the plain mean is used."),
            "progress": _("0–100 %. Empty means 0."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A blank new row stays blank (and is skipped) instead of showing 0.
        self.fields["progress"].required = False
        self.fields["progress"].initial = None

    def clean_progress(self) -> int:
        progress = self.cleaned_data.get("progress")
        return 0 if progress is None else progress


class BaseSubResultFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        titles: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            title = " ".join((form.cleaned_data.get("title") or "").split()).casefold()
            if title and title in titles:
                form.add_error("title", _("Two sub-results have the same title."))
            titles.add(title)


SubResultFormSet = inlineformset_factory(
    Challenge,
    SubResult,
    form=SubResultForm,
    formset=BaseSubResultFormSet,
    extra=2,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


# --- Self-assessment ------------------------------------------------------------------


PERCENT_CHOICES = [("", "–"), *PERCENT_STEPS]


def _percent_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=PERCENT_CHOICES, coerce=int)


def clean_evidence_links(value: str) -> str:
    """One http(s) address per line; blank lines are dropped."""
    validator = URLValidator(schemes=["http", "https"])
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    bad = []
    for line in lines:
        try:
            validator(line)
        except ValidationError:
            bad.append(line)
    if bad:
        raise ValidationError(
            _("Not a web address starting with http:// or https://: %(lines)s"),
            code="invalid_url",
            params={"lines": ", ".join(bad)},
        )
    return "\n".join(lines)


class SelfAssessmentForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What stands out this year: strengths, gaps and what the hub will do next."),
    )


class FactorForm(forms.Form):
    name = forms.CharField(
        label=_("Factor"),
        max_length=SelfAssessmentFactor._meta.get_field("name").max_length,
    )
    quantity = _percent_field(_("Quantity"))
    quality = _percent_field(_("Quality"))
    systematics = _percent_field(_("Systematics"))
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.CharField(
        label=_("Links to evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address per line, starting with https://."),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_evidence(self) -> str:
        return clean_evidence_links(self.cleaned_data.get("evidence") or "")


class BaseFactorFormSet(BaseFormSet):
    """The factors of one capital: always four rows shown, of which 2–4 are
    filled in; empty rows are skipped; names unique within the capital."""

    capital: str = ""

    def __init__(self, *args, capital: str, **kwargs) -> None:
        self.capital = capital
        kwargs.setdefault("prefix", f"factors-{capital}")
        super().__init__(*args, **kwargs)

    def initial_form_count(self) -> int:
        # Every row may be left empty: rows are filled from `initial` for display
        # only, never treated as existing forms that must stay filled in.
        return 0

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = True
        form.use_required_attribute = False
        return form

    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.cleaned_data]
        if not MIN_FACTORS <= len(filled) <= MAX_FACTORS:
            raise ValidationError(
                _("Rate between %(min)d and %(max)d factors for %(capital)s."),
                code="factor_count",
                params={
                    "min": MIN_FACTORS,
                    "max": MAX_FACTORS,
                    "capital": Capital(self.capital).label,
                },
            )
        names: set[str] = set()
        for form in filled:
            key = form.cleaned_data["name"].casefold()
            if key in names:
                form.add_error("name", _("Each factor of a capital needs its own name."))
            names.add(key)

    def factors(self) -> list[dict]:
        """The filled-in factors as rows for services.self_assessment_save."""
        return [
            {
                "capital": self.capital,
                "name": f.cleaned_data["name"],
                "quantity": f.cleaned_data["quantity"],
                "quality": f.cleaned_data["quality"],
                "systematics": f.cleaned_data["systematics"],
                "comment": f.cleaned_data["comment"],
                "evidence": f.cleaned_data["evidence"],
            }
            for f in self.forms
            if f.cleaned_data
        ]


FactorFormSet = formset_factory(
    FactorForm,
    formset=BaseFactorFormSet,
    extra=MAX_FACTORS,
    min_num=0,
    max_num=MAX_FACTORS,
    absolute_max=MAX_FACTORS,
    validate_max=True,
)
