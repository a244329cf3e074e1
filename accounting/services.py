"""Changes in accounting: challenges and their progress, self-assessments,
targets and manual values (manual values reach the snapshots at the next
roll-up, which is queued after commit)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Challenge,
    ChallengeUpdate,
    ManualValue,
    SelfAssessment,
    SelfAssessmentFactor,
    Snapshot,
    SubResult,
    scope_key,
)


def challenge_progress(challenge: Challenge, sub_results: Iterable[SubResult] | None = None) -> int:
    """Weighted mean of the sub-results' progress (plain mean when no weights
    are set); the challenge's own figure when it has no sub-results."""
    parts = list(challenge.sub_results.all() if sub_results is None else sub_results)
    if not parts:
        return challenge.progress
    if any(p.weight for p in parts):
        total = sum(p.weight or 0 for p in parts)
        if total:
            return round(sum(p.progress * (p.weight or 0) for p in parts) / total)
    return round(sum(p.progress for p in parts) / len(parts))


def unique_challenge_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:70] or "utmaning"
    slug, n = base, 2
    while Challenge.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def challenge_update_add(*, challenge: Challenge, update: ChallengeUpdate, user) -> ChallengeUpdate:
    """Record a progress update (validated by the caller); the challenge takes
    its stage and progress, and a stage change is kept with who and when."""
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        update.challenge = challenge
        update.previous_stage = challenge.stage
        update.author = user
        update.save()
        challenge.stage = update.stage
        if not challenge.sub_results.exists():
            challenge.progress = update.progress
        challenge.save(update_fields=["stage", "progress", "updated_at"])
    return update


def self_assessment_save(
    *, hub, year: int, summary: str, factors: list[dict], user
) -> SelfAssessment:
    """Create or replace a hub's self-assessment for a year, all factors at once."""
    with transaction.atomic():
        assessment, _created = SelfAssessment.objects.update_or_create(
            hub=hub, year=year, defaults={"summary": summary, "created_by": user}
        )
        assessment.factors.all().delete()
        SelfAssessmentFactor.objects.bulk_create(
            SelfAssessmentFactor(assessment=assessment, **f) for f in factors
        )
    return assessment


def self_assessment_change(
    current: SelfAssessment, previous: SelfAssessment | None
) -> dict[tuple[str, str], int]:
    """Change of each factor's mean since the previous period, by (capital, name)."""
    if previous is None:
        return {}
    before = {(f.capital, f.name): f.mean for f in previous.factors.all()}
    return {
        (f.capital, f.name): f.mean - before[(f.capital, f.name)]
        for f in current.factors.all()
        if (f.capital, f.name) in before
    }


def manual_value_save(*, indicator, scope_type: str, period_type: str, period_start, value: Decimal,
                      hub=None, municipality=None, people: int | None = None, note: str = "",
                      user=None) -> ManualValue:  # fmt: skip
    """Save a manual value and its snapshot (the dashboards read snapshots only)."""
    manual, _created = ManualValue.objects.update_or_create(
        indicator=indicator,
        scope_type=scope_type,
        hub=hub,
        municipality=municipality,
        period_type=period_type,
        period_start=period_start,
        defaults={"value": value, "people": people, "note": note, "entered_by": user},
    )
    Snapshot.objects.update_or_create(
        indicator=indicator,
        scope_key=scope_key(
            scope_type, hub_id=manual.hub_id, municipality_id=manual.municipality_id
        ),
        period_type=period_type,
        period_start=period_start,
        defaults={
            "scope_type": scope_type,
            "hub_id": manual.hub_id,
            "municipality_id": manual.municipality_id,
            "value": value,
            "numerator": value,
            "people": people,
            "computed_at": timezone.now(),
        },
    )
    return manual


def sub_results_save(
    *, challenge: Challenge, changed: Iterable[SubResult], deleted: Iterable[SubResult]
) -> None:
    """Save a challenge's sub-results all at once (added by the challenge pages:
    the view hands over its formset's changed and deleted rows)."""
    with transaction.atomic():
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        for part in deleted:
            if part.pk:
                part.delete()
        for part in changed:
            part.challenge = challenge
            part.save()
        Challenge.objects.filter(pk=challenge.pk).update(updated_at=timezone.now())
