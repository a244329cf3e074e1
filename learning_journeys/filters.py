"""django-filter FilterSets of the learning journeys API (query parameters only;
scoping is done by learning_journeys.api_selectors)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coworking_region.lib.filters import StrictBooleanFilter

from .models import Meeting, Registration


class MeetingFilter(django_filters.FilterSet):
    hub = django_filters.CharFilter(field_name="hub__slug", label=_("venue hub (slug)"))
    municipality = django_filters.CharFilter(
        field_name="hub__municipality__code", label=_("municipality code of the venue hub")
    )
    theme = django_filters.CharFilter(
        field_name="theme", lookup_expr="icontains", label=_("theme contains")
    )
    journey = django_filters.CharFilter(
        field_name="journey__slug", label=_("learning journey (slug)")
    )
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    mode = django_filters.ChoiceFilter(
        choices=[("online", _("online")), ("on_site", _("on site"))],
        method="filter_mode",
        label=_("online (has a link) or on site (a hub or a venue)"),
    )
    upcoming = StrictBooleanFilter(
        method="filter_upcoming", label=_("true: starts now or later; false: started already")
    )

    class Meta:
        model = Meeting
        fields = ["hub", "municipality", "theme", "journey", "kind", "status", "mode", "upcoming"]

    def filter_mode(self, queryset: QuerySet[Meeting], name: str, value: str) -> QuerySet[Meeting]:
        if value == "online":
            return queryset.exclude(online_url="")
        return queryset.filter(Q(hub__isnull=False) | ~Q(venue=""))

    def filter_upcoming(
        self, queryset: QuerySet[Meeting], name: str, value: bool
    ) -> QuerySet[Meeting]:
        now = timezone.now()
        return queryset.filter(starts_at__gte=now) if value else queryset.filter(starts_at__lt=now)


class AttendeeFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Registration.Status.choices,
        label=_("status (repeat for several); default: everyone but the cancelled"),
    )

    class Meta:
        model = Registration
        fields = ["status"]

    @property
    def qs(self) -> QuerySet[Registration]:
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("status"):
            queryset = queryset.exclude(status=Registration.Status.CANCELLED)
        return queryset
