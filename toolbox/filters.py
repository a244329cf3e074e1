"""django-filter FilterSets of the toolbox API. The tool list does not filter
field by field: it turns the query parameters into toolbox.selectors.ToolFilters
and lets tool_search() do the ranked Swedish search and the facets."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from coworking_region.lib.filters import StrictBooleanFilter
from hubs.models import Organisation

from .models import Fit, Need, OrganisationDecision, Review, Tool
from .selectors import ToolFilters, tool_search


@extend_schema_field(
    {
        "type": "string",
        "enum": [value for value, _label in Fit.choices],
        "description": _("where it fits (repeat for several)"),
    }
)
class FitFilter(django_filters.MultipleChoiceFilter):
    """`?fit=` repeated, one place each. (Without the annotation the schema
    would describe a list of lists: the model field is itself a list.)"""


class ToolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="search_vector",
        label=_("words to search for (Swedish stemming; ranked by relevance)"),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Tool.Kind.choices, label=_("kind (repeat for several)")
    )
    need = django_filters.ModelMultipleChoiceFilter(
        field_name="needs",
        queryset=Need.objects.all(),
        to_field_name="slug",
        label=_("need it serves, by slug (repeat for several)"),
    )
    fit = FitFilter(
        field_name="fits", choices=Fit.choices, label=_("where it fits (repeat for several)")
    )
    personal_data = StrictBooleanFilter(
        field_name="current_assessment__processes_personal_data",
        label=_("processes personal data, by the current assessment"),
    )
    approved_for = django_filters.ModelChoiceFilter(
        field_name="decisions__organisation",
        queryset=Organisation.objects.all(),
        label=_("id of an organisation: only tools it has approved (see /api/organisations/)"),
    )

    class Meta:
        model = Tool
        fields = ["q", "kind", "need", "fit", "personal_data", "approved_for"]

    def organisation(self) -> Organisation | None:
        """The organisation whose decisions are shown: `approved_for`, otherwise
        the signed-in user's own (from their profile)."""
        chosen = self.form.cleaned_data.get("approved_for")
        if chosen is not None:
            return chosen
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and user.organisation_id:
            return user.organisation
        return None

    def filter_queryset(self, queryset: QuerySet[Tool]) -> QuerySet[Tool]:
        """Every parameter at once, through tool_search() (the field names above
        only describe the parameters in the OpenAPI schema)."""
        data = self.form.cleaned_data
        filters = ToolFilters(
            query=data.get("q") or "",
            kinds=list(data.get("kind") or []),
            needs=[need.slug for need in data.get("need") or []],
            fits=list(data.get("fit") or []),
            personal_data=data.get("personal_data"),
            approval=[OrganisationDecision.Status.APPROVED] if data.get("approved_for") else [],
        )
        return tool_search(filters, organisation=self.organisation())


class SuggestionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Tool.Status.choices,
        label=_("status (repeat for several); default: suggested, awaiting moderation"),
    )

    class Meta:
        model = Tool
        fields = ["status"]

    @property
    def qs(self) -> QuerySet[Tool]:
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("status"):
            queryset = queryset.filter(status=Tool.Status.SUGGESTED)
        return queryset


class ReviewModerationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Review.Status.choices)
    tool = django_filters.CharFilter(field_name="tool__slug", label=_("tool (slug)"))

    class Meta:
        model = Review
        fields = ["status", "tool"]
