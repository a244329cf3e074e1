"""Reads for the public toolbox pages (besides selectors.tool_search and
facet_counts): one tool's page, its reviews and the comparison table."""

from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from hubs.models import Organisation

from .models import Adoption, Need, OrganisationDecision, Review, Tool
from .permissions import can_edit_catalogue, can_moderate
from .selectors import tools_published

# The average rating is shown only when this many visible reviews exist, so a
# handful of coworkers cannot be singled out by their rating.
MIN_REVIEWS_FOR_AVERAGE = 5


def needs_for_filter() -> list[Need]:
    return list(Need.objects.order_by("name"))


def approval_counts(tools: QuerySet[Tool], *, organisation: Organisation) -> dict[str, int]:
    """How many of `tools` have each status for `organisation` (1 query);
    tools without a decision count as "not_assessed"."""
    status = OrganisationDecision.objects.filter(
        tool=OuterRef("pk"), organisation=organisation
    ).values("status")[:1]
    rows = (
        Tool.objects.filter(pk__in=tools.order_by().values("pk"))
        .annotate(s=Subquery(status))
        .order_by()
        .values_list("s")
        .annotate(n=Count("pk"))
    )
    counts = {value: 0 for value in (*OrganisationDecision.Status.values, "not_assessed")}
    for value, n in rows:
        counts[value or OrganisationDecision.NOT_ASSESSED] = n
    return counts


def _may_preview(user, tool: Tool) -> bool:
    if can_moderate(user) or can_edit_catalogue(user):
        return True
    return (
        tool.status == Tool.Status.SUGGESTED
        and user.is_authenticated
        and tool.suggested_by_id == user.pk
    )


def tool_get_for_page(*, slug: str, user) -> Tool:
    """A published tool, or a suggested one for its suggester and Region staff
    (who also see rejected ones); 404 for everyone else."""
    tool = (
        Tool.objects.select_related("current_assessment")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("name")))
        .filter(slug=slug)
        .first()
    )
    if tool is None or (tool.status != Tool.Status.PUBLISHED and not _may_preview(user, tool)):
        raise Http404
    return tool


@dataclass
class ReviewSummary:
    visible: list[Review]
    own: Review | None
    count: int
    average: float | None = None
    show_average: bool = False
    others: list[Review] = field(default_factory=list)


def review_summary(*, tool: Tool, user) -> ReviewSummary:
    """Visible reviews (without reviewers: shown as "a coworker"), the average
    only from MIN_REVIEWS_FOR_AVERAGE visible reviews, and the user's own review
    even when moderation hid it (2 queries for a signed-in user, 1 otherwise)."""
    visible = list(tool.reviews.filter(status=Review.Status.VISIBLE).order_by("-updated_at", "-id"))
    own = None
    if user.is_authenticated:
        own = next((r for r in visible if r.user_id == user.pk), None)
        if own is None:
            own = tool.reviews.filter(user_id=user.pk).first()
    count = len(visible)
    show = count >= MIN_REVIEWS_FOR_AVERAGE
    average = round(sum(r.rating for r in visible) / count, 1) if show else None
    return ReviewSummary(
        visible=visible,
        own=own,
        count=count,
        average=average,
        show_average=show,
        others=[r for r in visible if own is None or r.pk != own.pk],
    )


@dataclass
class DecisionGroups:
    approved: list[OrganisationDecision]
    under_review: list[OrganisationDecision]
    rejected: list[OrganisationDecision]
    mine: OrganisationDecision | None

    @property
    def any(self) -> bool:
        return bool(self.approved or self.under_review or self.rejected)


def decision_groups(*, tool: Tool, organisation: Organisation | None) -> DecisionGroups:
    decisions = list(tool.decisions.select_related("organisation").order_by("organisation__name"))
    by_status = {status: [] for status in OrganisationDecision.Status.values}
    for decision in decisions:
        by_status[decision.status].append(decision)
    mine = None
    if organisation is not None:
        mine = next((d for d in decisions if d.organisation_id == organisation.pk), None)
    return DecisionGroups(
        approved=by_status[OrganisationDecision.Status.APPROVED],
        under_review=by_status[OrganisationDecision.Status.UNDER_REVIEW],
        rejected=by_status[OrganisationDecision.Status.REJECTED],
        mine=mine,
    )


def adoptions_split(*, tool: Tool) -> tuple[list[Adoption], list[Adoption]]:
    """(in use, ended) adoptions with their hub or organisation (1 query)."""
    adoptions = list(tool.adoptions.select_related("hub", "organisation").order_by("-since", "pk"))
    return (
        [a for a in adoptions if a.ended_on is None],
        [a for a in adoptions if a.ended_on is not None],
    )


def tools_for_compare(*, slugs: list[str], organisation: Organisation | None) -> list[Tool]:
    """The published tools among `slugs`, in the order asked for, each with
    `my_status`, `adoption_count` (in use), `review_count` and `review_average`
    (visible reviews), its needs and current assessment (2 queries)."""
    active = (
        Adoption.objects.filter(tool=OuterRef("pk"), ended_on__isnull=True)
        .order_by()
        .values("tool")
        .annotate(n=Count("pk"))
        .values("n")
    )
    visible = Review.objects.filter(tool=OuterRef("pk"), status=Review.Status.VISIBLE).order_by()
    review_count = visible.values("tool").annotate(n=Count("pk")).values("n")
    review_average = visible.values("tool").annotate(a=Avg("rating")).values("a")
    tools = (
        tools_published()
        .filter(slug__in=slugs)
        .select_related("current_assessment")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("name")))
        .annotate(
            adoption_count=Coalesce(Subquery(active, output_field=IntegerField()), Value(0)),
            review_count=Coalesce(Subquery(review_count, output_field=IntegerField()), Value(0)),
            review_average=Subquery(review_average),
        )
    )
    if organisation is not None:
        status = OrganisationDecision.objects.filter(
            tool=OuterRef("pk"), organisation=organisation
        ).values("status")[:1]
        tools = tools.annotate(my_status=Subquery(status))
    else:
        tools = tools.annotate(my_status=Value(None, output_field=CharField()))
    by_slug = {tool.slug: tool for tool in tools}
    return [by_slug[slug] for slug in slugs if slug in by_slug]
