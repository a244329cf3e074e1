"""django-filter FilterSets of the accounting API (query parameters only; who
sees which scope is decided in accounting.api)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hubs.filters import IntegerFilter
from hubs.models import Municipality

from .models import Challenge, PeriodType, ScopeType, Snapshot, Stage, Target


class SnapshotFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("indicator code"))
    scope_type = django_filters.ChoiceFilter(choices=ScopeType.choices)
    scope_key = django_filters.CharFilter(
        label=_("scope key: hub:<id>, municipality:<id>, area:rural, area:urban or county")
    )
    hub = django_filters.CharFilter(field_name="hub__slug", label=_("hub (slug): its values"))
    municipality = django_filters.CharFilter(
        method="filter_municipality",
        label=_("municipality code: its values and those of its hubs"),
    )
    area = django_filters.ChoiceFilter(
        field_name="area_class",
        choices=Municipality.AreaClass.choices,
        label=_("rural or urban: the values of that area class"),
    )
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices)
    period_start_from = django_filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label=_("periods starting on or after")
    )
    period_start_to = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", label=_("periods starting on or before")
    )

    class Meta:
        model = Snapshot
        fields = [
            "indicator",
            "scope_type",
            "scope_key",
            "hub",
            "municipality",
            "area",
            "period_type",
            "period_start_from",
            "period_start_to",
        ]

    def filter_municipality(
        self, queryset: QuerySet[Snapshot], name: str, value: str
    ) -> QuerySet[Snapshot]:
        return queryset.filter(Q(municipality__code=value) | Q(hub__municipality__code=value))


class TargetFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("indicator code"))
    scope_type = django_filters.ChoiceFilter(
        choices=[c for c in ScopeType.choices if c[0] != ScopeType.AREA]
    )
    hub = django_filters.CharFilter(field_name="hub__slug", label=_("hub (slug)"))
    municipality = django_filters.CharFilter(
        field_name="municipality__code", label=_("municipality code")
    )
    year = IntegerFilter()

    class Meta:
        model = Target
        fields = ["indicator", "scope_type", "hub", "municipality", "year"]


class ChallengeFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    nature = django_filters.ChoiceFilter(choices=Challenge.Nature.choices)
    hub = django_filters.CharFilter(method="filter_hub", label=_("linked hub (slug)"))

    class Meta:
        model = Challenge
        fields = ["stage", "nature", "hub"]

    def filter_hub(
        self, queryset: QuerySet[Challenge], name: str, value: str
    ) -> QuerySet[Challenge]:
        linked = Challenge.hubs.through.objects.filter(hub__slug=value).values("challenge_id")
        return queryset.filter(pk__in=linked)
