"""Challenges (komplexa utmaningar) and the hubs' self-assessment.

- Everyone sees public challenges (list and page); Region staff also see
  non-public ones (others get 404 for them), create and edit challenges, add
  progress updates and keep sub-results (others get 403).
- A hub's community managers and Region staff fill in the hub's yearly
  self-assessment (others get 403).

Reads go through accounting.challenge_selectors, writes through
accounting.services.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import challenge_selectors as selectors
from .. import permissions, services
from ..forms_challenges import (
    ChallengeForm,
    ChallengeUpdateForm,
    FactorFormSet,
    SelfAssessmentForm,
    SubResultFormSet,
)
from ..models import Capital, Challenge, SelfAssessment, Stage

MIN_YEAR, MAX_YEAR = 2000, 2100


def _require_staff(request: HttpRequest) -> None:
    if not permissions.can_edit_challenges(request.user):
        raise PermissionDenied


# --- List and page --------------------------------------------------------------------


@login_not_required
@require_GET
def challenge_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    hubs = selectors.hubs_with_challenges(request.user)
    hub_slug = request.GET.get("hub", "")
    if hub_slug not in {h.slug for h in hubs}:
        hub_slug = ""
    return render(
        request,
        "accounting/challenges/challenge_list.html",
        {
            "challenges": selectors.challenge_list(
                user=request.user, stage=stage, hub_slug=hub_slug
            ),
            "stage": stage,
            "hub_slug": hub_slug,
            "stage_choices": Stage.choices,
            "hubs": hubs,
            "filtered": bool(stage or hub_slug),
            "can_edit": permissions.can_edit_challenges(request.user),
        },
    )


@login_not_required
@require_GET
def challenge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(slug=slug, user=request.user)
    detail = selectors.challenge_detail(challenge, user=request.user)
    return render(
        request,
        "accounting/challenges/challenge_detail.html",
        {
            "challenge": challenge,
            "detail": detail,
            "steps": selectors.stage_steps(challenge.stage),
            "stage_number": selectors.stage_number(challenge.stage),
            "can_edit": permissions.can_edit_challenges(request.user),
        },
    )


# --- Staff: create, edit, progress updates, sub-results ------------------------------


def _challenge_save(form: ChallengeForm, *, user) -> Challenge:
    with transaction.atomic():
        challenge = form.save(commit=False)
        if challenge.pk is None:
            challenge.created_by = user
        challenge.save()
        form.save_m2m()
    return challenge


@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        challenge = _challenge_save(form, user=request.user)
        messages.success(
            request, _("The challenge “%(title)s” was created.") % {"title": challenge.title}
        )
        return redirect(challenge)
    return render(
        request,
        "accounting/challenges/challenge_form.html",
        {"form": form, "challenge": None},
    )


@require_http_methods(["GET", "POST"])
def challenge_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    challenge = selectors.challenge_get_for_edit(slug=slug)
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        challenge = _challenge_save(form, user=request.user)
        messages.success(
            request, _("The challenge “%(title)s” was saved.") % {"title": challenge.title}
        )
        return redirect(challenge)
    # A failed save must not show the unsaved title in the heading.
    challenge.refresh_from_db(fields=["title", "slug"])
    return render(
        request,
        "accounting/challenges/challenge_form.html",
        {"form": form, "challenge": challenge},
    )


@require_http_methods(["GET", "POST"])
def challenge_update(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    challenge = selectors.challenge_get_for_edit(slug=slug)
    sub_results = list(challenge.sub_results.all())
    if request.method == "POST":
        form = ChallengeUpdateForm(request.POST)
        if form.is_valid():
            update = services.challenge_update_add(
                challenge=challenge, update=form.save(commit=False), user=request.user
            )
            if update.changed_stage:
                message = _("The update was saved and the stage changed to “%(stage)s”.") % {
                    "stage": update.get_stage_display()
                }
            else:
                message = _("The update was saved.")
            messages.success(request, message)
            return redirect(
                reverse("accounting:challenge-detail", args=[challenge.slug]) + "#timeline"
            )
    else:
        form = ChallengeUpdateForm(
            initial={
                "stage": challenge.stage,
                "progress": services.challenge_progress(challenge, sub_results),
            }
        )
    return render(
        request,
        "accounting/challenges/challenge_update.html",
        {
            "challenge": challenge,
            "form": form,
            "rollup": selectors.challenge_rollup(challenge, sub_results),
            "steps": selectors.stage_steps(challenge.stage),
            "stage_number": selectors.stage_number(challenge.stage),
        },
    )


@require_http_methods(["GET", "POST"])
def sub_results(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    challenge = selectors.challenge_get_for_edit(slug=slug)
    queryset = challenge.sub_results.order_by("id")
    formset = SubResultFormSet(
        request.POST or None, instance=challenge, queryset=queryset, prefix="parts"
    )
    if request.method == "POST" and formset.is_valid():
        changed = formset.save(commit=False)
        services.sub_results_save(
            challenge=challenge, changed=changed, deleted=formset.deleted_objects
        )
        messages.success(request, _("The sub-results were saved."))
        return redirect("accounting:challenge-sub-results", slug=challenge.slug)
    saved = list(queryset)
    return render(
        request,
        "accounting/challenges/sub_results.html",
        {
            "challenge": challenge,
            "formset": formset,
            "saved": saved,
            "rollup": selectors.challenge_rollup(challenge, saved),
        },
    )


# --- Self-assessment ------------------------------------------------------------------


@dataclass
class CapitalSection:
    capital: str
    label: str
    formset: FactorFormSet
    rows: list


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


def _factor_initial(assessment: SelfAssessment | None, capital: str) -> list[dict]:
    if assessment is None:
        return []
    return [
        {
            "name": f.name,
            "quantity": f.quantity,
            "quality": f.quality,
            "systematics": f.systematics,
            "comment": f.comment,
            "evidence": f.evidence,
        }
        for f in assessment.factors.all()
        if f.capital == capital
    ]


@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    hub = selectors.hub_get(slug=slug)
    if not permissions.can_self_assess(request.user, hub):
        raise PermissionDenied
    year = _year(request)
    current = selectors.self_assessment_get(hub=hub, year=year)
    previous = selectors.self_assessment_get(hub=hub, year=year - 1)
    data = request.POST if request.method == "POST" else None
    form = SelfAssessmentForm(data, initial={"summary": current.summary if current else ""})
    # Rows are compared with what was posted only: with `initial`, a row left
    # as it was would count as unchanged, hence empty, and be dropped.
    formsets = {
        capital: FactorFormSet(
            data, capital=capital, initial=None if data else _factor_initial(current, capital)
        )
        for capital in Capital.values
    }
    if data is not None and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        services.self_assessment_save(
            hub=hub,
            year=year,
            summary=form.cleaned_data["summary"],
            factors=[row for fs in formsets.values() for row in fs.factors()],
            user=request.user,
        )
        messages.success(request, _("The self-assessment for %(year)s was saved.") % {"year": year})
        url = reverse("accounting:self-assessment", args=[hub.slug])
        return redirect(f"{url}?year={year}")
    previous_by_key = {(f.capital, f.name): f for f in previous.factors.all()} if previous else {}
    for capital, formset in formsets.items():
        for factor_form in formset.forms:
            name = " ".join((factor_form["name"].value() or "").split())
            factor_form.previous = previous_by_key.get((capital, name)) if name else None
    rows = selectors.self_assessment_rows(current, previous)
    sections = [
        CapitalSection(
            capital=capital,
            label=str(label),
            formset=formsets[capital],
            rows=rows.get(capital, []),
        )
        for capital, label in Capital.choices
    ]
    return render(
        request,
        "accounting/self_assessment.html",
        {
            "hub": hub,
            "year": year,
            "form": form,
            "sections": sections,
            "current": current,
            "previous": previous,
            "years": selectors.self_assessment_years(hub=hub),
            "failed": data is not None,
            "min_year": MIN_YEAR,
            "max_year": MAX_YEAR,
        },
    )
