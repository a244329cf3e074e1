"""Reads for the staff side of the toolbox: moderation, the catalogue and the
per-tool pages (assessments, decisions, adoption). Each returns a queryset of
a fixed shape, so the pages run the same number of queries for 3 or 300 tools.
"""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from hubs.models import Hub

from .models import Adoption, Need, OrganisationDecision, PrivacyAssessment, Review, Tool

RECENT_REVIEWS = 50


def tool_get_for_manage(*, slug: str, published_only: bool = False) -> Tool:
    """A tool of any status (Region staff), or only a published one (managers)."""
    tools = Tool.objects.select_related("current_assessment")
    if published_only:
        tools = tools.filter(status=Tool.Status.PUBLISHED)
    try:
        return tools.get(slug=slug)
    except Tool.DoesNotExist:
        raise Http404 from None


def suggestions_pending() -> QuerySet[Tool]:
    """The moderation queue: suggested tools, oldest first."""
    return (
        Tool.objects.filter(status=Tool.Status.SUGGESTED)
        .select_related("suggested_by")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("name")))
        .order_by("created_at", "pk")
    )


def suggestions_of_user(*, user) -> QuerySet[Tool]:
    """What this user suggested that is not published: waiting or rejected."""
    return Tool.objects.filter(
        suggested_by_id=user.pk,
        status__in=[Tool.Status.SUGGESTED, Tool.Status.REJECTED],
    ).order_by("-created_at", "-pk")


def reviews_recent(*, limit: int = RECENT_REVIEWS) -> QuerySet[Review]:
    """The newest reviews, hidden ones included, for moderation."""
    return Review.objects.select_related("tool", "user").order_by("-updated_at", "-pk")[:limit]


def catalogue_tools(*, status: str = "") -> QuerySet[Tool]:
    """Every tool (any status) with its current assessment and how many
    decisions and adoptions it has, in one query."""
    tools = Tool.objects.select_related("current_assessment").annotate(
        decision_count=Count("decisions", distinct=True),
        adoption_count=Count("adoptions", distinct=True),
    )
    if status:
        tools = tools.filter(status=status)
    return tools.order_by("name")


def assessment_versions(*, tool: Tool) -> QuerySet[PrivacyAssessment]:
    return PrivacyAssessment.objects.filter(tool=tool).order_by("-version")


def decisions_for_tool(*, tool: Tool) -> QuerySet[OrganisationDecision]:
    return (
        OrganisationDecision.objects.filter(tool=tool)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def adoptions_for_tool(*, tool: Tool) -> QuerySet[Adoption]:
    return (
        Adoption.objects.filter(tool=tool)
        .select_related("hub", "organisation")
        .order_by("-since", "pk")
    )


def adoption_for_hub(*, tool: Tool, hub: Hub) -> Adoption | None:
    return Adoption.objects.filter(tool=tool, hub=hub).first()
