"""Reads for the challenge pages and the hubs' self-assessment.

Public challenges are open to everyone; non-public ones only to Region staff
(`challenge_get_for_user` raises Http404 for everyone else). Query shapes are
fixed here so that list pages cost the same number of queries whatever the
number of challenges.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hubs.models import Activity, Hub, Organisation
from hubs.permissions import AnyUser
from learning_journeys.models import Insight, LearningJourney, Meeting

from . import permissions, services
from .models import Challenge, ChallengeUpdate, SelfAssessment, SelfAssessmentFactor, Stage

STAGES: list[str] = list(Stage.values)

# Activities offered when linking a challenge: the last two years.
ACTIVITY_CHOICE_DAYS = 2 * 366


@dataclass(frozen=True)
class StageStep:
    value: str
    label: str
    number: int
    state: str  # "done", "current" or "todo"


def stage_steps(stage: str) -> list[StageStep]:
    """The five stages with where this challenge is, for the progress indicator."""
    current = STAGES.index(stage) if stage in STAGES else 0
    return [
        StageStep(
            value=value,
            label=str(label),
            number=i + 1,
            state="done" if i < current else "current" if i == current else "todo",
        )
        for i, (value, label) in enumerate(Stage.choices)
    ]


def stage_number(stage: str) -> int:
    return STAGES.index(stage) + 1 if stage in STAGES else 1


@dataclass(frozen=True)
class Rollup:
    """A challenge's progress and how it was reached."""

    progress: int
    method: str  # "weighted", "mean" or "own" (no sub-results)
    total_weight: int


def challenge_rollup(challenge: Challenge, sub_results: list) -> Rollup:
    progress = services.challenge_progress(challenge, sub_results)
    if not sub_results:
        return Rollup(progress=progress, method="own", total_weight=0)
    total = sum(p.weight or 0 for p in sub_results)
    return Rollup(progress=progress, method="weighted" if total else "mean", total_weight=total)


# --- Challenge list -------------------------------------------------------------------


def challenges_visible(user: AnyUser) -> QuerySet[Challenge]:
    qs = Challenge.objects.all()
    if not permissions.can_edit_challenges(user):
        qs = qs.filter(is_public=True)
    return qs


def challenge_list(*, user: AnyUser, stage: str = "", hub_slug: str = "") -> list[Challenge]:
    """Visible challenges with owners, hubs and sub-results prefetched (4 queries),
    each with `.rollup` and `.steps` set."""
    qs = challenges_visible(user)
    if stage:
        qs = qs.filter(stage=stage)
    if hub_slug:
        qs = qs.filter(hubs__slug=hub_slug)
    challenges = list(
        qs.prefetch_related(
            Prefetch("owners", queryset=Organisation.objects.order_by("name")),
            Prefetch("hubs", queryset=Hub.objects.order_by("name")),
            "sub_results",
        ).distinct()
    )
    for challenge in challenges:
        challenge.rollup = challenge_rollup(challenge, list(challenge.sub_results.all()))
        challenge.steps = stage_steps(challenge.stage)
        challenge.stage_number = stage_number(challenge.stage)
    return challenges


def hubs_with_challenges(user: AnyUser) -> list[Hub]:
    """Hubs linked to a visible challenge, for the list filter."""
    return list(
        Hub.objects.filter(challenges__in=challenges_visible(user)).distinct().order_by("name")
    )


# --- Challenge page -------------------------------------------------------------------


def challenge_get_for_user(*, slug: str, user: AnyUser) -> Challenge:
    """A public challenge, or any challenge for Region staff; else 404."""
    challenge = Challenge.objects.filter(slug=slug).first()
    if challenge is None:
        raise Http404
    if not challenge.is_public and not permissions.can_edit_challenges(user):
        raise Http404
    return challenge


def challenge_get_for_edit(*, slug: str) -> Challenge:
    return get_object_or_404(Challenge, slug=slug)


@dataclass
class TimelineEntry:
    kind: str  # "update" or "insight"
    at: datetime
    update: ChallengeUpdate | None = None
    insight: Insight | None = None
    meeting_link: bool = False
    journey_link: bool = False


@dataclass
class ChallengeDetail:
    challenge: Challenge
    owners: list[Organisation]
    hubs: list[Hub]
    journeys: list[LearningJourney]
    activities: list[Activity]
    sub_results: list
    rollup: Rollup
    latest: ChallengeUpdate | None
    timeline: list[TimelineEntry] = field(default_factory=list)


def challenge_detail(challenge: Challenge, *, user: AnyUser) -> ChallengeDetail:
    """Everything the challenge page shows, in a fixed number of queries:
    owners, hubs, journeys, activities (+hub), sub-results, updates (+author),
    insights (+journey, meeting)."""
    staff = permissions.can_edit_challenges(user)
    journeys_qs = challenge.journeys.order_by("-starts_on", "title")
    insights_qs = challenge.insights.select_related("journey", "meeting").order_by(
        "-created_at", "-id"
    )
    if not staff:
        journeys_qs = journeys_qs.exclude(status=LearningJourney.Status.DRAFT)
        insights_qs = insights_qs.exclude(journey__status=LearningJourney.Status.DRAFT)
    sub_results = list(challenge.sub_results.all())
    updates = list(challenge.updates.select_related("author").order_by("-created_at", "-id"))
    insights = list(insights_qs)
    timeline = [TimelineEntry(kind="update", at=u.created_at, update=u) for u in updates]
    for insight in insights:
        timeline.append(
            TimelineEntry(
                kind="insight",
                at=insight.created_at,
                insight=insight,
                meeting_link=insight.meeting is not None
                and insight.meeting.status != Meeting.Status.DRAFT,
                journey_link=staff or insight.journey.is_public,
            )
        )
    timeline.sort(key=lambda e: e.at, reverse=True)
    return ChallengeDetail(
        challenge=challenge,
        owners=list(challenge.owners.order_by("name")),
        hubs=list(challenge.hubs.order_by("name")),
        journeys=list(journeys_qs),
        activities=list(challenge.activities.select_related("hub").order_by("-starts_at")),
        sub_results=sub_results,
        rollup=challenge_rollup(challenge, sub_results),
        latest=updates[0] if updates else None,
        timeline=timeline,
    )


# --- Choices for the challenge form ---------------------------------------------------


def activity_choices(*, challenge: Challenge | None = None, today: date | None = None):
    """Activities of the last two years, newest first, plus those already linked."""
    since = (today or timezone.localdate()) - timedelta(days=ACTIVITY_CHOICE_DAYS)
    condition = Q(starts_at__date__gte=since)
    if challenge is not None and challenge.pk:
        condition |= Q(challenges=challenge)
    return (
        Activity.objects.filter(condition)
        .select_related("hub")
        .distinct()
        .order_by("-starts_at", "pk")
    )


def insight_choices():
    return Insight.objects.select_related("journey", "meeting").order_by("-created_at", "-id")


def journey_choices():
    return LearningJourney.objects.order_by("-starts_on", "title")


# --- Self-assessment ------------------------------------------------------------------


def hub_get(*, slug: str) -> Hub:
    """The hub (404 when unknown); whether the user may assess it is the caller's check."""
    return get_object_or_404(Hub, slug=slug)


def self_assessment_get(*, hub: Hub, year: int) -> SelfAssessment | None:
    return (
        SelfAssessment.objects.filter(hub=hub, year=year)
        .prefetch_related(
            Prefetch("factors", queryset=SelfAssessmentFactor.objects.order_by("capital", "id"))
        )
        .first()
    )


def self_assessment_years(*, hub: Hub) -> list[int]:
    return list(
        SelfAssessment.objects.filter(hub=hub).order_by("-year").values_list("year", flat=True)
    )


@dataclass(frozen=True)
class FactorRow:
    factor: SelfAssessmentFactor
    previous: SelfAssessmentFactor | None
    change: int | None  # change of the mean since the previous year


def self_assessment_rows(
    current: SelfAssessment | None, previous: SelfAssessment | None
) -> dict[str, list[FactorRow]]:
    """The saved factors per capital with last year's factor of the same name
    and the change of the mean (services.self_assessment_change)."""
    if current is None:
        return {}
    changes = services.self_assessment_change(current, previous)
    before = {(f.capital, f.name): f for f in previous.factors.all()} if previous else {}
    rows: dict[str, list[FactorRow]] = {}
    for factor in current.factors.all():
        key = (factor.capital, factor.name)
        rows.setdefault(factor.capital, []).append(
            FactorRow(factor=factor, previous=before.get(key), change=changes.get(key))
        )
    return rows
