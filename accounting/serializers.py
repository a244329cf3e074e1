"""Serializers of the accounting API: shapes of input and output, no business
logic.

Values always pass through accounting.display.export_value, so a value that
rests on fewer than 5 people is the text "<5" here as on pages and in exports;
the number of people behind a value is never part of an answer. Input
serializers mirror the models' check constraints, so a bad request is a 400
with field errors and never an IntegrityError. State changes go through
accounting.services (or, for a target, one row saved by the API).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coworking_region.lib.drf import PortalDateField
from hubs.models import Hub, Municipality
from hubs.serializers import MunicipalityRefOutputSerializer, OrganisationRefOutputSerializer
from learning_journeys.models import Insight
from learning_journeys.serializers import HubRefOutputSerializer, JourneyRefOutputSerializer

from . import services
from .display import export_value, is_suppressed
from .models import (
    Challenge,
    ChallengeUpdate,
    Indicator,
    ManualValue,
    PeriodType,
    ScopeType,
    Snapshot,
    Stage,
    SubResult,
    Target,
)

# A value: a number, the text "<5" (fewer than 5 people behind it) or null.
VALUE_SCHEMA = {
    "oneOf": [{"type": "number"}, {"type": "string", "enum": ["<5"]}],
    "nullable": True,
    "description": 'A number, or the text "<5" when fewer than 5 people stand behind it; '
    "null when there is no value.",
}


def _value(indicator: Indicator, value: Decimal | None, people: int | None) -> Decimal | str | None:
    shown = export_value(indicator, value, people)
    return None if shown == "" else shown


# --- Indicators ------------------------------------------------------------------------


class IndicatorOutputSerializer(serializers.ModelSerializer):
    """An indicator of the catalogue with its definition (name and definition
    in the request's language, and in both)."""

    name = serializers.CharField(read_only=True, help_text=_("In the request's language."))
    definition = serializers.CharField(read_only=True, help_text=_("In the request's language."))

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_sv",
            "name_en",
            "definition",
            "definition_sv",
            "definition_en",
            "capital",
            "dimension",
            "unit",
            "direction",
            "method",
            "counts_people",
            "decimals",
            "source",
            "sort_order",
        ]


class IndicatorRefOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit"]


# --- Snapshots ---------------------------------------------------------------------------


class SnapshotOutputSerializer(serializers.ModelSerializer):
    """One value: indicator × scope × period. Numerator and denominator are
    given only for indicators that do not rest on people."""

    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    hub = HubRefOutputSerializer(read_only=True, allow_null=True)
    municipality = MunicipalityRefOutputSerializer(read_only=True, allow_null=True)
    value = serializers.SerializerMethodField()
    suppressed = serializers.SerializerMethodField(
        help_text=_("True when fewer than 5 people stand behind the value (shown as <5).")
    )
    numerator = serializers.SerializerMethodField(
        help_text=_("Null for indicators that rest on people.")
    )
    denominator = serializers.SerializerMethodField(
        help_text=_("Null for indicators that rest on people.")
    )

    class Meta:
        model = Snapshot
        fields = [
            "indicator",
            "scope_type",
            "scope_key",
            "hub",
            "municipality",
            "area_class",
            "period_type",
            "period_start",
            "value",
            "suppressed",
            "numerator",
            "denominator",
            "computed_at",
        ]

    @extend_schema_field(VALUE_SCHEMA)
    def get_value(self, snapshot: Snapshot) -> Decimal | str | None:
        return _value(snapshot.indicator, snapshot.value, snapshot.people)

    @extend_schema_field(serializers.BooleanField())
    def get_suppressed(self, snapshot: Snapshot) -> bool:
        return is_suppressed(snapshot.indicator, snapshot.people)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_numerator(self, snapshot: Snapshot) -> Decimal | None:
        return None if snapshot.indicator.counts_people else snapshot.numerator

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_denominator(self, snapshot: Snapshot) -> Decimal | None:
        return None if snapshot.indicator.counts_people else snapshot.denominator


# --- Targets and manual values -------------------------------------------------------------

SCOPE_ERRORS = {
    "hub": _("Give a hub for a hub's target (and no municipality)."),
    "municipality": _("Give a municipality (and no hub)."),
    "none": _("Leave this empty for this scope."),
}


def validate_scope(attrs: dict[str, Any]) -> None:
    """Mirror the check constraint of targets (and the shape of manual
    values): hub scope ↔ a hub; municipality scope ↔ a municipality; county ↔
    neither. Errors are per field."""
    scope_type = attrs.get("scope_type")
    hub, municipality = attrs.get("hub"), attrs.get("municipality")
    errors: dict[str, list] = {}
    if scope_type == ScopeType.HUB:
        if hub is None:
            errors["hub"] = [SCOPE_ERRORS["hub"]]
        if municipality is not None:
            errors["municipality"] = [SCOPE_ERRORS["none"]]
    elif scope_type == ScopeType.MUNICIPALITY:
        if municipality is None:
            errors["municipality"] = [SCOPE_ERRORS["municipality"]]
        if hub is not None:
            errors["hub"] = [SCOPE_ERRORS["none"]]
    else:
        if hub is not None:
            errors["hub"] = [SCOPE_ERRORS["none"]]
        if municipality is not None:
            errors["municipality"] = [SCOPE_ERRORS["none"]]
    if errors:
        raise serializers.ValidationError(errors)


WRITABLE_SCOPES = [c for c in ScopeType.choices if c[0] != ScopeType.AREA]


class TargetInputSerializer(serializers.Serializer):
    """Create or replace a target (PUT: every field). Needs `instance` in the
    context for a change, so that the uniqueness check leaves it out."""

    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), help_text=_("Indicator code.")
    )
    scope_type = serializers.ChoiceField(choices=WRITABLE_SCOPES)
    hub = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Hub.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Hub slug: only for scope hub."),
    )
    municipality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Municipality code: only for scope municipality."),
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        validate_scope(attrs)
        same = Target.objects.filter(
            indicator=attrs["indicator"],
            scope_type=attrs["scope_type"],
            hub=attrs["hub"],
            municipality=attrs["municipality"],
            year=attrs["year"],
        )
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise serializers.ValidationError(
                {"year": [_("This indicator already has a target for this scope and year.")]}
            )
        return attrs


class TargetOutputSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, coerce_to_string=False, read_only=True
    )
    hub = HubRefOutputSerializer(read_only=True, allow_null=True)
    municipality = MunicipalityRefOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Target
        fields = ["id", "indicator", "scope_type", "hub", "municipality", "year", "value", "note"]


def _period_start_ok(period_type: str, start: date) -> bool:
    if start.day != 1:
        return False
    if period_type == PeriodType.QUARTER:
        return start.month in (1, 4, 7, 10)
    if period_type == PeriodType.YEAR:
        return start.month == 1
    return True


class ManualValueInputSerializer(serializers.Serializer):
    """A value entered by hand for a manual indicator (saving the same
    indicator, scope and period again replaces the value)."""

    indicator = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Indicator.objects.all(),
        help_text=_("Code of an indicator entered by hand (method manual)."),
    )
    scope_type = serializers.ChoiceField(choices=WRITABLE_SCOPES)
    hub = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Hub.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Hub slug: only for scope hub."),
    )
    municipality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Municipality code: only for scope municipality."),
    )
    period_type = serializers.ChoiceField(choices=PeriodType.choices)
    period_start = PortalDateField(
        help_text=_("First day of the period (a month, a quarter or a year).")
    )
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    people = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("How many people stand behind the value, if it rests on people."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_indicator(self, indicator: Indicator) -> Indicator:
        if indicator.method != Indicator.Method.MANUAL:
            raise serializers.ValidationError(
                _("This indicator is computed from portal data; it cannot be entered by hand.")
            )
        return indicator

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        validate_scope(attrs)
        if not _period_start_ok(attrs["period_type"], attrs["period_start"]):
            raise serializers.ValidationError(
                {"period_start": [_("Give the first day of the month, quarter or year.")]}
            )
        return attrs


class ManualValueOutputSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    hub = HubRefOutputSerializer(read_only=True, allow_null=True)
    municipality = MunicipalityRefOutputSerializer(read_only=True, allow_null=True)
    value = serializers.SerializerMethodField()

    class Meta:
        model = ManualValue
        fields = [
            "id",
            "indicator",
            "scope_type",
            "hub",
            "municipality",
            "period_type",
            "period_start",
            "value",
            "note",
            "updated_at",
        ]

    @extend_schema_field(VALUE_SCHEMA)
    def get_value(self, manual: ManualValue) -> Decimal | str | None:
        return _value(manual.indicator, manual.value, manual.people)


# --- Challenges ------------------------------------------------------------------------------


class SubResultOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubResult
        fields = ["id", "title", "weight", "progress"]


class ChallengeUpdateOutputSerializer(serializers.ModelSerializer):
    """A progress update answering the five questions (who wrote it is not shown)."""

    changed_stage = serializers.BooleanField(read_only=True)
    previous_stage = serializers.ChoiceField(
        choices=Stage.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("The stage before this update; blank for the first update."),
    )

    class Meta:
        model = ChallengeUpdate
        fields = [
            "id",
            "created_at",
            "stage",
            "previous_stage",
            "changed_stage",
            "progress",
            "progress_reason",
            "evidence",
            "partnerships",
            "practice_changed",
        ]


class ChallengeInsightOutputSerializer(serializers.ModelSerializer):
    journey = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Insight
        fields = ["id", "kind", "text", "journey", "meeting", "created_at"]


def _latest_update(challenge: Challenge) -> ChallengeUpdate | None:
    """From the list's sliced prefetch (`latest_updates`), else from the
    prefetched timeline (newest first, the model's ordering)."""
    latest = getattr(challenge, "latest_updates", None)
    if latest is None:
        latest = list(challenge.updates.all())
    return latest[0] if latest else None


class ChallengeOutputSerializer(serializers.ModelSerializer):
    """A challenge with its progress (rolled up from its sub-results when it
    has any) and its latest update."""

    progress = serializers.SerializerMethodField(
        help_text=_("0–100: the weighted mean of the sub-results, or the challenge's own figure.")
    )
    owners = OrganisationRefOutputSerializer(many=True, read_only=True)
    hubs = HubRefOutputSerializer(many=True, read_only=True)
    journeys = JourneyRefOutputSerializer(many=True, read_only=True)
    sub_results = SubResultOutputSerializer(many=True, read_only=True)
    latest_update = serializers.SerializerMethodField()
    url = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text=_("The challenge's page.")
    )

    class Meta:
        model = Challenge
        fields = [
            "slug",
            "title",
            "description",
            "nature",
            "stage",
            "progress",
            "owners",
            "hubs",
            "journeys",
            "sub_results",
            "latest_update",
            "is_public",
            "created_at",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.IntegerField(min_value=0, max_value=100))
    def get_progress(self, challenge: Challenge) -> int:
        return services.challenge_progress(challenge, challenge.sub_results.all())

    @extend_schema_field(ChallengeUpdateOutputSerializer(allow_null=True))
    def get_latest_update(self, challenge: Challenge) -> dict[str, Any] | None:
        update = _latest_update(challenge)
        return None if update is None else ChallengeUpdateOutputSerializer(update).data


class ChallengeDetailOutputSerializer(ChallengeOutputSerializer):
    """A challenge with its timeline of updates and the insights from learning
    meetings linked to it."""

    updates = ChallengeUpdateOutputSerializer(many=True, read_only=True)
    insights = ChallengeInsightOutputSerializer(many=True, read_only=True)

    class Meta(ChallengeOutputSerializer.Meta):
        fields = [*ChallengeOutputSerializer.Meta.fields, "updates", "insights"]


class ChallengeUpdateInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text=_("How far (%)."))
    progress_reason = serializers.CharField(help_text=_("Why this far."))
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    partnerships = serializers.CharField(required=False, allow_blank=True, default="")
    practice_changed = serializers.CharField(required=False, allow_blank=True, default="")


class ChallengeUpdateCreatedOutputSerializer(serializers.Serializer):
    """The new update, and the challenge's stage and progress after it."""

    update = ChallengeUpdateOutputSerializer()
    stage = serializers.ChoiceField(choices=Stage.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
