"""Changes to the toolbox: the search index, assessments and their versions,
decisions, adoption, reviews, suggestions and moderation."""

from datetime import date, timedelta

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub, Organisation

from .models import Adoption, Need, OrganisationDecision, PrivacyAssessment, Review, Tool

SEARCH_CONFIG = "swedish"


class ToolboxError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def tool_index(tool_ids: list[int] | None = None) -> None:
    """Rebuild the Swedish search vector: name (A), summary and needs (B),
    description, supplier and kind (C)."""
    needs = (
        Tool.needs.through.objects.filter(tool_id=OuterRef("pk"))
        .values("tool_id")
        .annotate(names=StringAgg("need__name", delimiter=" "))
        .values("names")
    )
    tools = Tool.objects.all() if tool_ids is None else Tool.objects.filter(pk__in=tool_ids)
    tools.update(
        search_vector=SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(
                Subquery(needs, output_field=TextField()), Value("", output_field=TextField())
            ),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        + SearchVector("supplier", weight="C", config=SEARCH_CONFIG)
    )


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "verktyg"
    slug, n = base, 2
    while Tool.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def tool_save(*, tool: Tool, needs: list[Need] | None = None) -> Tool:
    """Save a tool (new or edited, validated by the caller) and re-index it."""
    with transaction.atomic():
        if not tool.slug:
            tool.slug = unique_slug(tool.name, exclude_pk=tool.pk)
        if tool.status == Tool.Status.PUBLISHED and tool.published_at is None:
            tool.published_at = timezone.now()
        tool.save()
        if needs is not None:
            tool.needs.set(needs)
        tool_index([tool.pk])
    return tool


def tool_suggest(
    *,
    user,
    name: str,
    kind: str,
    summary: str,
    description: str = "",
    website: str = "",
    needs: list[Need] | None = None,
) -> Tool:
    """Any signed-in user may suggest a tool; it waits for moderation."""
    if Tool.objects.filter(name__iexact=name.strip()).exists():
        raise ToolboxError(
            str(_("A tool with this name is already in the toolbox or waiting for moderation.")),
            code="duplicate",
        )
    tool = Tool(
        name=name.strip(),
        kind=kind,
        summary=summary.strip(),
        description=description.strip(),
        website=website,
        status=Tool.Status.SUGGESTED,
        suggested_by=user,
    )
    try:
        return tool_save(tool=tool, needs=needs or [])
    except IntegrityError as exc:
        raise ToolboxError(
            str(_("A tool with this name already exists.")), code="duplicate"
        ) from exc


def tool_publish(*, tool: Tool, note: str = "") -> Tool:
    tool.status = Tool.Status.PUBLISHED
    tool.published_at = tool.published_at or timezone.now()
    tool.moderation_note = note
    tool.save(update_fields=["status", "published_at", "moderation_note", "updated_at"])
    return tool


def tool_reject(*, tool: Tool, note: str) -> Tool:
    tool.status = Tool.Status.REJECTED
    tool.moderation_note = note
    tool.save(update_fields=["status", "moderation_note", "updated_at"])
    return tool


def assessment_create(*, tool: Tool, assessment: PrivacyAssessment, user) -> PrivacyAssessment:
    """Add a new version (validated by the caller); it becomes the current one."""
    with transaction.atomic():
        tool = Tool.objects.select_for_update().get(pk=tool.pk)
        latest = tool.assessments.aggregate(v=Max("version"))["v"] or 0
        assessment.tool = tool
        assessment.version = latest + 1
        assessment.created_by = user
        assessment.save()
        tool.current_assessment = assessment
        tool.save(update_fields=["current_assessment", "updated_at"])
    return assessment


def decision_set(
    *,
    tool: Tool,
    organisation: Organisation,
    status: str,
    decided_on: date,
    reviewer: str,
    reasoning: str,
) -> OrganisationDecision:
    decision, _created = OrganisationDecision.objects.update_or_create(
        tool=tool,
        organisation=organisation,
        defaults={
            "status": status,
            "decided_on": decided_on,
            "reviewer": reviewer,
            "reasoning": reasoning,
        },
    )
    return decision


def adoption_set(
    *,
    tool: Tool,
    since: date,
    hub: Hub | None = None,
    organisation: Organisation | None = None,
    notes: str = "",
    ended_on: date | None = None,
) -> Adoption:
    if (hub is None) == (organisation is None):
        raise ToolboxError(str(_("Choose either a hub or an organisation.")), code="adopter")
    key = {"tool": tool, "hub": hub} if hub else {"tool": tool, "organisation": organisation}
    adoption, _created = Adoption.objects.update_or_create(
        **key, defaults={"since": since, "notes": notes, "ended_on": ended_on}
    )
    return adoption


def review_save(*, tool: Tool, user, rating: int, tip: str = "") -> Review:
    """Create or edit the user's one review of a published tool. Editing a
    hidden review keeps it hidden until a moderator looks again."""
    if tool.status != Tool.Status.PUBLISHED:
        raise ToolboxError(str(_("Only published tools can be reviewed.")), code="not_published")
    review, _created = Review.objects.update_or_create(
        tool=tool, user=user, defaults={"rating": rating, "tip": tip.strip()}
    )
    return review


def review_delete(*, review: Review) -> None:
    """A user withdraws their own review."""
    review.delete()


def review_moderate(*, review: Review, hidden: bool, note: str = "") -> Review:
    review.status = Review.Status.HIDDEN if hidden else Review.Status.VISIBLE
    review.moderation_note = note
    review.save(update_fields=["status", "moderation_note", "updated_at"])
    return review


REMINDER_DAYS_AHEAD = 30


def reassessment_reminders(*, today: date | None = None) -> int:
    """Email Region staff about current assessments that expire within 30 days
    (once) and that have expired (once). Returns how many emails were queued."""
    from . import emails

    today = today or timezone.localdate()
    due = PrivacyAssessment.objects.filter(
        pk__in=Tool.objects.filter(status=Tool.Status.PUBLISHED).values("current_assessment"),
        reassess_by__lte=today + timedelta(days=REMINDER_DAYS_AHEAD),
    ).select_related("tool")
    queued = 0
    for assessment in due:
        expired = assessment.reassess_by < today
        with transaction.atomic():
            queued += emails.reassessment_due(assessment, expired=expired)
    return queued
