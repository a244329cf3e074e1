"""The toolbox's staff side and suggestions (/verktygslada/…).

- Any signed-in user suggests tools and sees their own suggestions waiting.
- Region staff (and admins) moderate suggestions and reviews, keep the
  catalogue, write new versions of privacy assessments, record the decisions
  of organisations and who uses a tool.
- Community managers record that their own hubs use a published tool.

Everyone else gets 403; unknown tools 404. Writes go through toolbox.services,
reads through toolbox.manage_selectors.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubs.models import Hub, Organisation
from hubs.permissions import hubs_managed_by

from .. import manage_selectors as selectors
from .. import permissions, services
from ..forms import (
    AdoptionForm,
    AssessmentForm,
    DecisionForm,
    ReviewModerationForm,
    SuggestForm,
    ToolForm,
    ToolModerationForm,
)
from ..label import PrivacyLabel, privacy_label
from ..markdown import render_markdown
from ..models import Adoption, OrganisationDecision, Review, Tool

REASSESS_SOON_DAYS = services.REMINDER_DAYS_AHEAD


def _require_staff(request: HttpRequest) -> None:
    if not permissions.can_edit_catalogue(request.user):
        raise PermissionDenied


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context.setdefault("can_edit_catalogue", permissions.can_edit_catalogue(request.user))
    return render(request, f"toolbox/manage/{template}", context)


def _reassess_state(reassess_by: date, today: date) -> str:
    if reassess_by < today:
        return "overdue"
    if reassess_by <= today + timedelta(days=REASSESS_SOON_DAYS):
        return "soon"
    return "ok"


# --- Suggestions --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    if not permissions.can_suggest(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = SuggestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                tool = services.tool_suggest(
                    user=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    summary=data["summary"],
                    description=data["description"],
                    website=data["website"],
                    needs=list(data["needs"]),
                )
            except services.ToolboxError as error:
                form.add_error("name", error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! “%(name)s” now waits for moderation: Region staff "
                        "look at it before it is shown in the toolbox."
                    )
                    % {"name": tool.name},
                )
                return redirect("toolbox:suggest")
    else:
        form = SuggestForm()
    return _render(
        request,
        "suggest.html",
        {"form": form, "suggestions": list(selectors.suggestions_of_user(user=request.user))},
    )


# --- Moderation ---------------------------------------------------------------------


def _moderation_page(
    request: HttpRequest,
    *,
    tool_form: tuple[int, ToolModerationForm] | None = None,
    review_form: tuple[int, ReviewModerationForm] | None = None,
) -> HttpResponse:
    suggestions = list(selectors.suggestions_pending())
    for tool in suggestions:
        tool.description_html = render_markdown(tool.description)
        tool.moderation_form = tool_form[1] if tool_form and tool_form[0] == tool.pk else None
    reviews = list(selectors.reviews_recent())
    for review in reviews:
        review.tip_html = render_markdown(review.tip)
        review.moderation_form = (
            review_form[1] if review_form and review_form[0] == review.pk else None
        )
    return _render(request, "moderation.html", {"suggestions": suggestions, "reviews": reviews})


@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    return _moderation_page(request)


@require_POST
def moderate_tool(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    tool = selectors.tool_get_for_manage(slug=slug)
    form = ToolModerationForm(request.POST)
    if not form.is_valid():
        return _moderation_page(request, tool_form=(tool.pk, form))
    note = form.cleaned_data["note"].strip()
    if form.cleaned_data["action"] == "publish":
        services.tool_publish(tool=tool, note=note)
        messages.success(request, _("“%(name)s” was published.") % {"name": tool.name})
    else:
        services.tool_reject(tool=tool, note=note)
        messages.success(request, _("“%(name)s” was rejected.") % {"name": tool.name})
    return redirect("toolbox:moderation")


@require_POST
def moderate_review(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    review = get_object_or_404(Review.objects.select_related("tool"), pk=pk)
    form = ReviewModerationForm(request.POST)
    if not form.is_valid():
        return _moderation_page(request, review_form=(review.pk, form))
    hidden = form.cleaned_data["action"] == "hide"
    services.review_moderate(review=review, hidden=hidden, note=form.cleaned_data["note"].strip())
    if hidden:
        message = _("The review of “%(name)s” was hidden.")
    else:
        message = _("The review of “%(name)s” is shown again.")
    messages.success(request, message % {"name": review.tool.name})
    return redirect("toolbox:moderation")


# --- The catalogue ------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueRow:
    tool: Tool
    label: PrivacyLabel | None
    reassess: str | None  # "overdue", "soon", "ok" or None without an assessment


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    status = request.GET.get("status", "")
    if status not in Tool.Status.values:
        status = ""
    today = timezone.localdate()
    rows = []
    for tool in selectors.catalogue_tools(status=status):
        assessment = tool.current_assessment
        rows.append(
            CatalogueRow(
                tool=tool,
                label=privacy_label(assessment, today=today) if assessment else None,
                reassess=_reassess_state(assessment.reassess_by, today) if assessment else None,
            )
        )
    return _render(
        request,
        "catalogue.html",
        {"rows": rows, "status": status, "status_choices": Tool.Status.choices},
    )


def _tool_saved(request: HttpRequest, form: ToolForm, message: str) -> HttpResponse:
    tool = form.save(commit=False)
    services.tool_save(tool=tool, needs=list(form.cleaned_data["needs"]))
    messages.success(request, message % {"name": tool.name})
    return redirect("toolbox:tool-edit", slug=tool.slug)


@require_http_methods(["GET", "POST"])
def tool_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    if request.method == "POST":
        form = ToolForm(request.POST, instance=Tool(status=Tool.Status.PUBLISHED))
        if form.is_valid():
            return _tool_saved(request, form, _("“%(name)s” was added to the toolbox."))
    else:
        form = ToolForm(initial={"status": Tool.Status.PUBLISHED})
    return _render(request, "tool_form.html", {"form": form, "tool": None})


@require_http_methods(["GET", "POST"])
def tool_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    tool = selectors.tool_get_for_manage(slug=slug)
    if request.method == "POST":
        form = ToolForm(request.POST, instance=tool)
        if form.is_valid():
            return _tool_saved(request, form, _("“%(name)s” was saved."))
        # Keep the page's own links on the saved address, not the invalid input.
        tool.refresh_from_db(fields=["name", "slug", "status"])
    else:
        form = ToolForm(instance=tool)
    return _render(request, "tool_form.html", {"form": form, "tool": tool, "section": "edit"})


# --- Privacy assessments ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    tool = selectors.tool_get_for_manage(slug=slug)
    today = timezone.localdate()
    preview: PrivacyLabel | None = None
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            if "preview" in request.POST:
                preview = privacy_label(form.instance, today=today)
            else:
                assessment = services.assessment_create(
                    tool=tool, assessment=form.save(commit=False), user=request.user
                )
                label = privacy_label(assessment, today=today)
                messages.success(
                    request,
                    _(
                        "Version %(version)s of the privacy assessment was saved and is now "
                        "the current one. Its privacy label: %(tier)s."
                    )
                    % {"version": assessment.version, "tier": label.tier_label},
                )
                return redirect(tool.get_absolute_url())
    else:
        form = AssessmentForm(initial=AssessmentForm.initial_for(tool, today=today))
    versions = [
        (assessment, privacy_label(assessment, today=today))
        for assessment in selectors.assessment_versions(tool=tool)
    ]
    return _render(
        request,
        "assessment_form.html",
        {
            "tool": tool,
            "form": form,
            "preview": preview,
            "versions": versions,
            "section": "assessment",
        },
    )


# --- Decisions of organisations ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    tool = selectors.tool_get_for_manage(slug=slug)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            decision = services.decision_set(tool=tool, **form.cleaned_data)
            messages.success(
                request,
                _("The decision of %(organisation)s was saved.")
                % {"organisation": decision.organisation.name},
            )
            return redirect("toolbox:decisions", slug=tool.slug)
    else:
        initial: dict = {"decided_on": timezone.localdate()}
        existing = _selected(request, OrganisationDecision.objects.filter(tool=tool))
        if existing is not None:
            initial = {
                "organisation": existing.organisation_id,
                "status": existing.status,
                "decided_on": existing.decided_on,
                "reviewer": existing.reviewer,
                "reasoning": existing.reasoning,
            }
        form = DecisionForm(initial=initial)
    return _render(
        request,
        "decisions.html",
        {
            "tool": tool,
            "form": form,
            "decisions": list(selectors.decisions_for_tool(tool=tool)),
            "section": "decisions",
        },
    )


def _selected(request: HttpRequest, queryset, param: str = "organisation"):
    """The row named by ?organisation=<pk> (or ?hub=<pk>) to edit, if any."""
    value = request.GET.get(param, "")
    if not value.isdecimal():  # not isdigit(): int("²") fails
        return None
    return queryset.filter(**{f"{param}_id": int(value)}).first()


# --- Adoption -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def adoptions(request: HttpRequest, slug: str) -> HttpResponse:
    staff = permissions.can_edit_catalogue(request.user)
    managed = hubs_managed_by(request.user)
    if staff:
        hubs, organisations = Hub.objects.all(), Organisation.objects.all()
    else:
        if not managed.exists():
            raise PermissionDenied
        hubs, organisations = managed, None
    # Community managers work only on published tools.
    tool = selectors.tool_get_for_manage(slug=slug, published_only=not staff)
    if request.method == "POST":
        form = AdoptionForm(request.POST, hubs=hubs, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                adoption = services.adoption_set(
                    tool=tool,
                    hub=data.get("hub"),
                    organisation=data.get("organisation"),
                    since=data["since"],
                    ended_on=data["ended_on"],
                    notes=data["notes"],
                )
            except services.ToolboxError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The use by %(adopter)s was saved.") % {"adopter": adoption.adopter},
                )
                return redirect("toolbox:adoptions", slug=tool.slug)
    else:
        mine = Adoption.objects.filter(tool=tool, hub__in=hubs) if not staff else None
        existing = _selected(request, mine if mine is not None else tool.adoptions.all(), "hub")
        if existing is None and staff:
            existing = _selected(request, tool.adoptions.all(), "organisation")
        initial = (
            AdoptionForm.initial_from(existing) if existing else {"since": timezone.localdate()}
        )
        form = AdoptionForm(initial=initial, hubs=hubs, organisations=organisations)
    editable_hubs = None if staff else set(managed.values_list("pk", flat=True))
    return _render(
        request,
        "adoptions.html",
        {
            "tool": tool,
            "form": form,
            "adoptions": list(selectors.adoptions_for_tool(tool=tool)),
            "editable_hubs": editable_hubs,
            "can_edit_catalogue": staff,
            "section": "adoptions",
        },
    )
