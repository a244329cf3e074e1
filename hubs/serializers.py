"""Serializers of the hubs API: shapes of input and output, no business logic.

Output serializers only read rows the API view fetched (with select_related /
prefetch_related); input serializers only parse and validate the request shape.
State changes go through hubs.services.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coworking_region.lib.drf import PortalDateField, PortalDateTimeField

from .models import (
    MAX_DESK_DAYS,
    MAX_FACILITATORS,
    MAX_PARTICIPANTS,
    Activity,
    CountyEvent,
    DistanceBand,
    Hub,
    Municipality,
    Occupancy,
    OccupancyBreakdown,
    Organisation,
)

# --- Public reads -------------------------------------------------------------------


class MunicipalityRefOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name"]


class MunicipalityOutputSerializer(serializers.ModelSerializer):
    density = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        read_only=True,
        help_text=_("Inhabitants per km² of land."),
    )

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "population",
            "population_year",
            "land_area_km2",
            "density",
            "area_class",
            "source",
        ]


class OrganisationOutputSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "municipality", "in_agency_network", "samverket_tenant"]


class CountyEventOutputSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = CountyEvent
        fields = ["slug", "name", "months", "timing", "place", "municipality"]


class HubOutputSerializer(serializers.ModelSerializer):
    """A hub as the public sees it: no community manager identities."""

    municipality = MunicipalityRefOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Hub
        fields = [
            "slug",
            "name",
            "municipality",
            "locality",
            "latitude",
            "longitude",
            "address",
            "description",
            "niche",
            "target_groups",
            "desks",
            "opening_hours",
            "amenities",
            "accessibility_info",
            "contact_email",
            "contact_phone",
            "website",
            "photo",
            "photo_alt",
            "is_example",
        ]


# --- Activities ---------------------------------------------------------------------


class OrganisationRefOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class ActivityOutputSerializer(serializers.ModelSerializer):
    hub = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    county_event = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    organisations = OrganisationRefOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "hub",
            "kind",
            "title",
            "starts_at",
            "duration_minutes",
            "description",
            "participants",
            "facilitators",
            "organisations",
            "social",
            "economic",
            "environmental",
            "county_event",
            "created_at",
            "updated_at",
        ]


class ActivityUpdateInputSerializer(serializers.Serializer):
    """The fields of an activity a community manager may set (the hub stays)."""

    kind = serializers.ChoiceField(choices=Activity.Kind.choices)
    title = serializers.CharField(max_length=200)
    starts_at = PortalDateTimeField()
    duration_minutes = serializers.IntegerField(min_value=5, max_value=60 * 24 * 7)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    participants = serializers.IntegerField(min_value=0, max_value=MAX_PARTICIPANTS)
    facilitators = serializers.IntegerField(
        min_value=0, max_value=MAX_FACILITATORS, required=False, default=0
    )
    organisations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organisation.objects.all(), required=False
    )
    social = serializers.BooleanField(required=False, default=False)
    economic = serializers.BooleanField(required=False, default=False)
    environmental = serializers.BooleanField(required=False, default=False)
    county_event = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=CountyEvent.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )


class ActivityCreateInputSerializer(ActivityUpdateInputSerializer):
    hub = serializers.SlugRelatedField(slug_field="slug", queryset=Hub.objects.all())


# --- Occupancy ----------------------------------------------------------------------


class OccupancyBreakdownOutputSerializer(serializers.ModelSerializer):
    home_municipality = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = OccupancyBreakdown
        fields = ["home_municipality", "distance_band", "desk_days"]


class OccupancyOutputSerializer(serializers.ModelSerializer):
    hub = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    breakdown = OccupancyBreakdownOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Occupancy
        fields = ["id", "hub", "date", "desk_days", "breakdown", "updated_at"]


class OccupancyBreakdownInputSerializer(serializers.Serializer):
    home_municipality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        allow_null=True,
        help_text=_("Municipality code; null: outside Jämtland county or not known."),
    )
    distance_band = serializers.ChoiceField(
        choices=DistanceBand.choices, allow_blank=True, required=False, default=""
    )
    desk_days = serializers.IntegerField(min_value=0, max_value=MAX_DESK_DAYS)


class OccupancyRecordInputSerializer(serializers.Serializer):
    hub = serializers.SlugRelatedField(slug_field="slug", queryset=Hub.objects.all())
    date = PortalDateField()
    desk_days = serializers.IntegerField(min_value=0, max_value=MAX_DESK_DAYS)
    breakdown = OccupancyBreakdownInputSerializer(
        many=True,
        required=False,
        help_text=_("Replaces the day's earlier breakdown; leave out or empty for none."),
    )

    def validate_breakdown(self, value: list[dict]) -> list[dict]:
        keys = [(part["home_municipality"], part.get("distance_band", "")) for part in value]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError(
                _("Each home municipality and distance band may appear only once.")
            )
        return value
