"""django-filter FilterSets of the hubs API (query parameters only; no scoping here)."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coworking_region.lib.filters import StrictBooleanFilter

from .models import Activity, Amenity, CountyEvent, Hub, Occupancy, Organisation


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (NumberFilter would accept decimals)."""

    field_class = forms.IntegerField


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)
    in_agency_network = StrictBooleanFilter()
    samverket_tenant = StrictBooleanFilter()
    municipality = django_filters.CharFilter(
        field_name="municipality__code", label=_("municipality code")
    )

    class Meta:
        model = Organisation
        fields = ["kind", "in_agency_network", "samverket_tenant", "municipality"]


class CountyEventFilter(django_filters.FilterSet):
    month = IntegerFilter(method="filter_month", min_value=1, max_value=12, label=_("month (1-12)"))

    class Meta:
        model = CountyEvent
        fields = ["month"]

    def filter_month(
        self, queryset: QuerySet[CountyEvent], name: str, value: int
    ) -> QuerySet[CountyEvent]:
        return queryset.filter(months__contains=[value])


class HubFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        field_name="municipality__code", label=_("municipality code")
    )
    amenity = django_filters.ChoiceFilter(
        choices=Amenity.choices, method="filter_amenity", label=_("amenity")
    )
    is_example = StrictBooleanFilter()

    class Meta:
        model = Hub
        fields = ["municipality", "amenity", "is_example"]

    def filter_amenity(self, queryset: QuerySet[Hub], name: str, value: str) -> QuerySet[Hub]:
        return queryset.filter(amenities__contains=[value])


class ActivityFilter(django_filters.FilterSet):
    hub = django_filters.CharFilter(field_name="hub__slug", label=_("hub (slug)"))
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices)
    date_from = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("starts on or after")
    )
    date_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("starts on or before")
    )

    class Meta:
        model = Activity
        fields = ["hub", "kind", "date_from", "date_to"]


class OccupancyFilter(django_filters.FilterSet):
    hub = django_filters.CharFilter(field_name="hub__slug", label=_("hub (slug)"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("on or after")
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("on or before")
    )

    class Meta:
        model = Occupancy
        fields = ["hub", "date_from", "date_to"]
