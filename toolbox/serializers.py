"""Serializers of the toolbox API: shapes of input and output, no business logic.

Output serializers read rows fetched in toolbox.api (search annotations,
prefetched needs, decisions and adoptions); the privacy label is computed in
Python from the current assessment (no query). Markdown (descriptions, tips)
is given raw and as HTML sanitised by toolbox.markdown.render_markdown.
Input serializers mirror the model's limits so that bad input is a 400 with
field errors, never an IntegrityError. State changes go through
toolbox.services.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hubs.models import Hub
from hubs.serializers import OrganisationRefOutputSerializer

from .label import FAIL, PASS, WARNING, PrivacyLabel, privacy_label
from .markdown import render_markdown
from .models import (
    Adoption,
    Fit,
    Need,
    OrganisationDecision,
    PrivacyAssessment,
    Review,
    Tool,
)
from .selectors import highlight

RISK_KEY_CHOICES = [("access", "access"), ("change", "change"), ("loss", "loss")]
TIER_CHOICES = [(PASS, _("pass")), (WARNING, _("warning")), (FAIL, _("fail"))]
# Minimum number of visible reviews before the average rating is shown: fewer
# could let readers work out what one person gave.
MIN_REVIEWS_FOR_AVERAGE = 5


def _today(context: dict) -> date:
    return context.get("today") or timezone.localdate()


# --- References ---------------------------------------------------------------------------


class NeedOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["slug", "name"]


class NeedListOutputSerializer(NeedOutputSerializer):
    tool_count = serializers.IntegerField(
        read_only=True, help_text=_("Published tools that serve this need.")
    )

    class Meta(NeedOutputSerializer.Meta):
        fields = [*NeedOutputSerializer.Meta.fields, "tool_count"]


class ToolRefOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tool
        fields = ["slug", "name"]


class AdopterHubOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hub
        fields = ["slug", "name"]


# --- The privacy label ---------------------------------------------------------------------


class CriterionOutcomeOutputSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("no_selling, no_tracking, no_monitoring, ..."))
    text = serializers.CharField(help_text=_("The written rule."))
    outcome = serializers.ChoiceField(choices=TIER_CHOICES)


class RiskCellOutputSerializer(serializers.Serializer):
    key = serializers.ChoiceField(
        choices=RISK_KEY_CHOICES,
        help_text=_("The feared event: unauthorised access, unwanted change, loss of data."),
    )
    name = serializers.CharField()
    likelihood = serializers.IntegerField(min_value=1, max_value=4)
    severity = serializers.IntegerField(min_value=1, max_value=4)
    score = serializers.IntegerField(help_text=_("Likelihood × severity, 1-16."))
    level = serializers.ChoiceField(choices=TIER_CHOICES)


class PrivacyLabelOutputSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=TIER_CHOICES)
    criteria = serializers.SerializerMethodField()
    risks = RiskCellOutputSerializer(many=True)
    need = serializers.CharField()
    benefit = serializers.CharField()

    @extend_schema_field(CriterionOutcomeOutputSerializer(many=True))
    def get_criteria(self, label: PrivacyLabel) -> list[dict]:
        return [
            {"key": criterion.key, "text": str(criterion.text), "outcome": outcome}
            for criterion, outcome in label.results
        ]


class PrivacyAssessmentOutputSerializer(serializers.ModelSerializer):
    """One version of a tool's need/risk/benefit analysis, with its label."""

    label = serializers.SerializerMethodField()
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = PrivacyAssessment
        fields = [
            "version",
            "is_current",
            "processes_personal_data",
            "data_categories",
            "storage",
            "legal_basis",
            "dpia_exists",
            "sells_data",
            "third_party_tracking",
            "monitors_individuals",
            "need",
            "benefit",
            "conclusion",
            "assessed_on",
            "assessed_by",
            "reassess_by",
            "label",
        ]

    @extend_schema_field(PrivacyLabelOutputSerializer)
    def get_label(self, assessment: PrivacyAssessment) -> dict:
        label = privacy_label(assessment, today=_today(self.context))
        return PrivacyLabelOutputSerializer(label).data

    @extend_schema_field(serializers.BooleanField())
    def get_is_current(self, assessment: PrivacyAssessment) -> bool:
        if "current_assessment_id" in self.context:
            return assessment.pk == self.context["current_assessment_id"]
        return assessment.pk == assessment.tool.current_assessment_id


# --- Tools -----------------------------------------------------------------------------------


class ToolListOutputSerializer(serializers.ModelSerializer):
    """A published tool in a list or search result."""

    needs = NeedOutputSerializer(many=True, read_only=True)
    fits = serializers.ListField(child=serializers.ChoiceField(choices=Fit.choices), read_only=True)
    privacy_tier = serializers.SerializerMethodField(
        help_text=_("The privacy label's tier; null when the tool has not been assessed.")
    )
    processes_personal_data = serializers.SerializerMethodField(
        help_text=_("From the current assessment; null when not assessed.")
    )
    organisation_status = serializers.SerializerMethodField(
        help_text=_(
            "The decision of the organisation in `approved_for`, otherwise of your own "
            "organisation (signed in, chosen on your profile): approved, under_review, "
            "rejected or not_assessed; null without an organisation."
        )
    )
    headline = serializers.SerializerMethodField(
        help_text=_("With `q`: a snippet as HTML, the matching words in <mark>; else null.")
    )
    url = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text=_("The tool's page.")
    )

    class Meta:
        model = Tool
        fields = [
            "slug",
            "name",
            "kind",
            "summary",
            "needs",
            "fits",
            "ease",
            "cost",
            "supplier",
            "maturity",
            "privacy_tier",
            "processes_personal_data",
            "organisation_status",
            "headline",
            "url",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=TIER_CHOICES, allow_null=True))
    def get_privacy_tier(self, tool: Tool) -> str | None:
        if tool.current_assessment is None:
            return None
        return privacy_label(tool.current_assessment, today=_today(self.context)).tier

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_processes_personal_data(self, tool: Tool) -> bool | None:
        if tool.current_assessment is None:
            return None
        return tool.current_assessment.processes_personal_data

    @extend_schema_field(
        serializers.ChoiceField(
            choices=[
                *OrganisationDecision.Status.choices,
                (OrganisationDecision.NOT_ASSESSED, _("not assessed")),
            ],
            allow_null=True,
        )
    )
    def get_organisation_status(self, tool: Tool) -> str | None:
        if not self.context.get("organisation"):
            return None
        return getattr(tool, "my_status", None) or OrganisationDecision.NOT_ASSESSED

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_headline(self, tool: Tool) -> str | None:
        headline = getattr(tool, "headline", None)
        return None if headline is None else str(highlight(headline))


class DecisionOutputSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefOutputSerializer(read_only=True)

    class Meta:
        model = OrganisationDecision
        fields = ["organisation", "status", "decided_on", "reviewer", "reasoning"]


class AdoptionOutputSerializer(serializers.ModelSerializer):
    hub = AdopterHubOutputSerializer(read_only=True, allow_null=True)
    organisation = OrganisationRefOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Adoption
        fields = ["hub", "organisation", "since", "notes"]


class TipOutputSerializer(serializers.ModelSerializer):
    """A visible tip from a review, without the reviewer or their rating."""

    tip_html = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["tip", "tip_html", "updated_at"]

    @extend_schema_field(serializers.CharField())
    def get_tip_html(self, review: Review) -> str:
        return str(render_markdown(review.tip))


class ReviewOutputSerializer(serializers.ModelSerializer):
    """The caller's own review (or, for moderators, any review)."""

    tool = ToolRefOutputSerializer(read_only=True)
    tip_html = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "tool",
            "rating",
            "tip",
            "tip_html",
            "status",
            "moderation_note",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_tip_html(self, review: Review) -> str:
        return str(render_markdown(review.tip))


class ToolDetailOutputSerializer(ToolListOutputSerializer):
    """A published tool with its assessment, label, decisions, adoption and ratings."""

    description_html = serializers.SerializerMethodField(
        help_text=_("The description rendered from Markdown and sanitised.")
    )
    assessment = serializers.SerializerMethodField(
        help_text=_("The current assessment with its privacy label; null when not assessed.")
    )
    decisions = DecisionOutputSerializer(many=True, read_only=True)
    adoptions = AdoptionOutputSerializer(
        source="active_adoptions",
        many=True,
        read_only=True,
        help_text=_("Hubs and organisations using the tool now."),
    )
    average_rating = serializers.SerializerMethodField(
        help_text=_("Average of the visible ratings; null with fewer than 5 reviews.")
    )
    review_count = serializers.SerializerMethodField(
        help_text=_("Number of visible reviews; null with fewer than 5.")
    )
    tips = TipOutputSerializer(source="visible_tips", many=True, read_only=True)
    my_review = serializers.SerializerMethodField(
        help_text=_("Your own review, when signed in and you have written one.")
    )

    class Meta(ToolListOutputSerializer.Meta):
        fields = [
            *ToolListOutputSerializer.Meta.fields,
            "description",
            "description_html",
            "languages",
            "website",
            "documentation_url",
            "published_at",
            "assessment",
            "decisions",
            "adoptions",
            "average_rating",
            "review_count",
            "tips",
            "my_review",
        ]

    @extend_schema_field(serializers.CharField())
    def get_description_html(self, tool: Tool) -> str:
        return str(render_markdown(tool.description))

    @extend_schema_field(PrivacyAssessmentOutputSerializer(allow_null=True))
    def get_assessment(self, tool: Tool) -> dict | None:
        if tool.current_assessment is None:
            return None
        context = {**self.context, "current_assessment_id": tool.current_assessment_id}
        return PrivacyAssessmentOutputSerializer(tool.current_assessment, context=context).data

    def _enough_reviews(self, tool: Tool) -> bool:
        return tool.visible_review_count >= MIN_REVIEWS_FOR_AVERAGE

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_average_rating(self, tool: Tool) -> float | None:
        if not self._enough_reviews(tool):
            return None
        return round(float(tool.visible_review_average), 1)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_review_count(self, tool: Tool) -> int | None:
        return tool.visible_review_count if self._enough_reviews(tool) else None

    @extend_schema_field(ReviewOutputSerializer(allow_null=True))
    def get_my_review(self, tool: Tool) -> dict | None:
        review = getattr(tool, "my_review", None)
        return None if review is None else ReviewOutputSerializer(review).data


# --- Reviews, suggestions, moderation ----------------------------------------------------


class ReviewInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    tip = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Markdown: lists, links, emphasis."),
    )


class SuggestionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=Tool.Kind.choices)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10000
    )
    website = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")
    needs = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Need.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text=_("Slugs of needs it serves (see /api/needs/)."),
    )

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("Give the tool a name."))
        return value


class SuggestionOutputSerializer(serializers.ModelSerializer):
    """A suggested tool as its author or a moderator sees it."""

    needs = NeedOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Tool
        fields = [
            "slug",
            "name",
            "kind",
            "summary",
            "description",
            "website",
            "needs",
            "status",
            "moderation_note",
            "created_at",
        ]


class PublishInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", trim_whitespace=True
    )


class RejectInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, help_text=_("Why the suggestion is rejected (the author sees it).")
    )


class ReviewModerationInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ToolboxErrorSerializer(serializers.Serializer):
    """A change the toolbox's rules do not allow."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text=_("duplicate, not_published, not_suggested, ..."))
