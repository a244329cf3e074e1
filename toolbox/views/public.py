"""Public pages of the toolbox: the searchable catalogue, one tool's page with
its privacy label, the comparison of 2-4 tools, the label's criteria and the
review form (signed-in users)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import label as privacy
from ..forms_public import APPROVAL_LABELS, ReviewForm, ToolSearchForm
from ..markdown import render_markdown
from ..models import Likelihood, OrganisationDecision, Tool
from ..permissions import can_edit_catalogue, can_moderate, can_review, can_suggest
from ..public_selectors import (
    MIN_REVIEWS_FOR_AVERAGE,
    adoptions_split,
    approval_counts,
    decision_groups,
    needs_for_filter,
    review_summary,
    tool_get_for_page,
    tools_for_compare,
)
from ..selectors import facet_counts, highlight, tool_search
from ..services import ToolboxError, review_save

COMPARE_MIN, COMPARE_MAX = 2, 4
STATUS_LABELS = dict(APPROVAL_LABELS)


def _organisation(request: HttpRequest):
    """The signed-in user's organisation ("my organisation"), or None."""
    user = request.user
    if not user.is_authenticated or not user.organisation_id:
        return None
    return user.organisation


@dataclass
class Option:
    """One checkbox of a facet: value, label, count and whether it is chosen."""

    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str
    legend: str
    options: list[Option]


def _facets(form: ToolSearchForm, counts: dict[str, dict[str, int]]) -> list[Facet]:
    facets = []
    for name, count_key in (
        ("kind", "kind"),
        ("need", "need"),
        ("fit", "fit"),
        ("approval", "approval"),
        ("personal_data", "personal_data"),
    ):
        if name not in form.fields:
            continue
        chosen = set(form.data.getlist(name)) if form.is_bound else set()
        field = form.fields[name]
        facets.append(
            Facet(
                name=name,
                legend=str(field.label),
                options=[
                    Option(
                        value=str(value),
                        label=str(label),
                        count=counts.get(count_key, {}).get(str(value), 0),
                        checked=str(value) in chosen,
                    )
                    for value, label in field.choices
                ],
            )
        )
    return facets


def _label_or_none(tool: Tool, today) -> privacy.PrivacyLabel | None:
    if tool.current_assessment is None:
        return None
    return privacy.privacy_label(tool.current_assessment, today=today)


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The catalogue: search, combinable facets with counts, results that update
    with htmx and work without JavaScript."""
    organisation = _organisation(request)
    form = ToolSearchForm(
        request.GET or None, needs=needs_for_filter(), with_approval=organisation is not None
    )
    filters = form.filters()
    tools_qs = tool_search(filters, organisation=organisation)
    today = timezone.localdate()
    results = [
        {
            "tool": tool,
            # A query without a searchable word (e.g. "[]") gives no ranking nor headline.
            "snippet": highlight(tool.headline) if hasattr(tool, "headline") else None,
            "label": _label_or_none(tool, today),
            "my_status": tool.my_status,
            "my_status_label": STATUS_LABELS.get(
                tool.my_status or OrganisationDecision.NOT_ASSESSED
            ),
        }
        for tool in tools_qs
    ]
    counts = facet_counts(tools_qs)
    if organisation is not None:
        counts["approval"] = approval_counts(tools_qs, organisation=organisation)
    is_filtered = bool(
        filters.query
        or filters.kinds
        or filters.needs
        or filters.fits
        or filters.approval
        or filters.personal_data is not None
    )
    context: dict[str, Any] = {
        "form": form,
        "facets": _facets(form, counts),
        "results": results,
        "query": filters.query,
        "is_filtered": is_filtered,
        "organisation": organisation,
        "compare_max": COMPARE_MAX,
    }
    if request.htmx and not request.htmx.history_restore_request:
        context["is_htmx"] = True
        response = render(request, "toolbox/partials/tool_results.html", context)
    else:
        user = request.user
        context.update(
            may_suggest=can_suggest(user),
            may_moderate=can_moderate(user),
            may_edit_catalogue=can_edit_catalogue(user),
        )
        response = render(request, "toolbox/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _review_form_for(own) -> ReviewForm:
    initial = {"rating": own.rating, "tip": own.tip} if own else None
    return ReviewForm(initial=initial)


@login_not_required
@require_GET
def tool_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One tool: facts, the privacy label, where it may be used, adoption, reviews."""
    user = request.user
    tool = tool_get_for_page(slug=slug, user=user)
    organisation = _organisation(request)
    today = timezone.localdate()
    label = _label_or_none(tool, today)
    assessment = tool.current_assessment
    older_versions = tool.assessments.count() - 1 if assessment else 0
    in_use, ended = adoptions_split(tool=tool)
    reviews = review_summary(tool=tool, user=user)
    for item in {*reviews.visible, *([reviews.own] if reviews.own else [])}:
        item.tip_html = render_markdown(item.tip)
    may_review = can_review(user) and tool.status == Tool.Status.PUBLISHED
    context = {
        "tool": tool,
        "description": render_markdown(tool.description),
        "label": label,
        "assessment": assessment,
        "overdue": bool(assessment and assessment.reassess_by < today),
        "older_versions": older_versions,
        "decisions": decision_groups(tool=tool, organisation=organisation),
        "organisation": organisation,
        "in_use": in_use,
        "ended": ended,
        "reviews": reviews,
        "min_reviews": MIN_REVIEWS_FOR_AVERAGE,
        "may_review": may_review,
        "review_form": _review_form_for(reviews.own) if may_review else None,
        "may_edit_catalogue": can_edit_catalogue(user),
    }
    return render(request, "toolbox/tool_detail.html", context)


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """Create or edit the signed-in user's one review of a published tool."""
    tool = tool_get_for_page(slug=slug, user=request.user)
    own = tool.reviews.filter(user_id=request.user.pk).first()
    if tool.status != Tool.Status.PUBLISHED:
        messages.error(request, _("Only published tools can be reviewed."))
        return redirect(tool.get_absolute_url())
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                review_save(
                    tool=tool,
                    user=request.user,
                    rating=form.cleaned_data["rating"],
                    tip=form.cleaned_data["tip"],
                )
            except ToolboxError as error:
                messages.error(request, error.message)
                return redirect(tool.get_absolute_url())
            messages.success(
                request, _("Your review was updated.") if own else _("Thank you for your review.")
            )
            return redirect(tool.get_absolute_url() + "#reviews")
        status = 400
    else:
        form = _review_form_for(own)
        status = 200
    return render(
        request,
        "toolbox/review.html",
        {"tool": tool, "form": form, "own": own},
        status=status,
    )


@login_not_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """2-4 published tools side by side."""
    slugs = list(dict.fromkeys(s.strip() for s in request.GET.getlist("tools") if s.strip()))
    organisation = _organisation(request)
    context: dict[str, Any] = {
        "compare_min": COMPARE_MIN,
        "compare_max": COMPARE_MAX,
        "organisation": organisation,
    }
    if len(slugs) > COMPARE_MAX:
        context["too_many"] = True
        return render(request, "toolbox/compare_invalid.html", context, status=400)
    # A value that cannot be a slug (e.g. with a NUL, which the database refuses) is no tool.
    valid = [slug for slug in slugs if slug_re.match(slug)]
    tools = tools_for_compare(slugs=valid, organisation=organisation)
    if len(tools) < len(slugs):
        messages.warning(
            request, _("Some of the chosen tools were not found and have been left out.")
        )
    if len(tools) < COMPARE_MIN:
        context["tools"] = tools
        return render(request, "toolbox/compare_invalid.html", context, status=400)
    today = timezone.localdate()
    columns = [
        {
            "tool": tool,
            "label": _label_or_none(tool, today),
            "my_status_label": STATUS_LABELS.get(
                tool.my_status or OrganisationDecision.NOT_ASSESSED
            ),
            "show_average": tool.review_count >= MIN_REVIEWS_FOR_AVERAGE,
            "average": round(tool.review_average, 1)
            if tool.review_count >= MIN_REVIEWS_FOR_AVERAGE
            else None,
        }
        for tool in tools
    ]
    context["columns"] = columns
    return render(request, "toolbox/compare.html", context)


@login_not_required
@require_GET
def label_criteria(request: HttpRequest) -> HttpResponse:
    """How the privacy label is set: the written criteria, the tiers and the risk matrix."""
    scale = list(Likelihood.choices)
    matrix = [
        {
            "likelihood": (value, label),
            "cells": [
                {"score": value * sev, "level": privacy.risk_level(value * sev)}
                for sev, _sev_label in scale
            ],
        }
        for value, label in reversed(scale)
    ]
    return render(
        request,
        "toolbox/label_criteria.html",
        {
            "criteria": privacy.CRITERIA,
            "tiers": [(key, privacy.TIER_LABELS[key]) for key in privacy.TIER_ORDER],
            "scale": scale,
            "matrix": matrix,
            "risk_names": list(privacy.RISK_NAMES.values()),
            "low_max": privacy.RISK_LOW_MAX,
            "medium_max": privacy.RISK_MEDIUM_MAX,
            "high_min": privacy.RISK_MEDIUM_MAX + 1,
            "index_url": reverse("toolbox:index"),
        },
    )
