"""Forms of the public toolbox pages: the search and filter form (GET) and the
review form. They parse and validate; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Fit, Need, OrganisationDecision, Tool
from .selectors import ToolFilters

MAX_QUERY_LENGTH = 200
APPROVAL_LABELS = (
    *OrganisationDecision.Status.choices,
    (OrganisationDecision.NOT_ASSESSED, _("not assessed")),
)
PERSONAL_DATA_CHOICES = (("yes", _("processes personal data")), ("no", _("no personal data")))


class ToolSearchForm(forms.Form):
    """The catalogue's search box and facets. Values within a facet combine with
    OR, facets with AND. Invalid values are dropped, never a 500."""

    q = forms.CharField(
        label=_("Search tools and methods"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("For example: hybrid meeting, booking, lärandeträff."),
    )
    kind = forms.MultipleChoiceField(label=_("Kind"), required=False, choices=Tool.Kind.choices)
    need = forms.MultipleChoiceField(label=_("Need"), required=False, choices=())
    fit = forms.MultipleChoiceField(label=_("Where it fits"), required=False, choices=Fit.choices)
    approval = forms.MultipleChoiceField(
        label=_("Status for my organisation"), required=False, choices=APPROVAL_LABELS
    )
    personal_data = forms.MultipleChoiceField(
        label=_("Personal data"), required=False, choices=PERSONAL_DATA_CHOICES
    )

    def __init__(self, *args, needs: list[Need], with_approval: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [(need.slug, need.name) for need in needs]
        if not with_approval:
            del self.fields["approval"]

    def _valid_values(self, name: str) -> list[str]:
        """The submitted values of a facet that are real choices (bad ones ignored)."""
        if name not in self.fields or not self.is_bound:
            return []
        allowed = {str(value) for value, _label in self.fields[name].choices}
        return [v for v in dict.fromkeys(self.data.getlist(name)) if v in allowed]

    def filters(self) -> ToolFilters:
        query = ""
        if self.is_bound:
            query = (self.data.get("q") or "").strip()[:MAX_QUERY_LENGTH]
        personal = set(self._valid_values("personal_data"))
        return ToolFilters(
            query=query,
            kinds=self._valid_values("kind"),
            needs=self._valid_values("need"),
            fits=self._valid_values("fit"),
            approval=self._valid_values("approval"),
            personal_data=(True if personal == {"yes"} else False if personal == {"no"} else None),
        )


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating (1 = poor, 5 = excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    tip = forms.CharField(
        label=_("Your tip (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "How do you use it, what should others know? Markdown works: lists, links, "
            "emphasis. Do not write about other people."
        ),
    )
