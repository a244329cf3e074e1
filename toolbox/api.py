"""The REST API of the toolbox (mounted at /api/ by coworking_region/api_urls.py).

Thin, like hubs.api and learning_journeys.api: parse with an input serializer,
fetch rows, call one service, answer with an output serializer.

- Anyone reads published tools (ranked Swedish search and facets through
  toolbox.selectors.tool_search), their assessments, decisions and adoption,
  and the needs.
- A signed-in user writes, changes and deletes their own review of a tool, and
  suggests tools (and lists their own suggestions).
- Region staff moderate: publish or reject suggestions, hide or show reviews.

A change the toolbox's rules do not allow (services.ToolboxError) is answered
with 400 {"detail": message, "code": code}.

Every view is wrapped with `login_not_required` in the URLconf (api_urls.py),
so LoginRequiredMiddleware never redirects an API client to the login page.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from hubs.api import PUBLIC_READ

from . import services
from .filters import ReviewModerationFilter, SuggestionFilter, ToolFilter
from .models import Adoption, Need, OrganisationDecision, PrivacyAssessment, Review, Tool
from .permissions import can_moderate, can_review, can_suggest
from .selectors import tools_published
from .serializers import (
    NeedListOutputSerializer,
    PrivacyAssessmentOutputSerializer,
    PublishInputSerializer,
    RejectInputSerializer,
    ReviewInputSerializer,
    ReviewModerationInputSerializer,
    ReviewOutputSerializer,
    SuggestionInputSerializer,
    SuggestionOutputSerializer,
    ToolboxErrorSerializer,
    ToolDetailOutputSerializer,
    ToolListOutputSerializer,
)

# --- Helpers ---------------------------------------------------------------------------------


def _toolbox_error(exc: services.ToolboxError) -> Response:
    return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)


def _published_tool(slug: str) -> Tool:
    return get_object_or_404(tools_published(), slug=slug)


def _tool_detail(request: Request, slug: str) -> Tool:
    """A published tool with everything its detail answer shows, in 6 queries
    (7 signed in: the caller's own review)."""
    today = timezone.localdate()
    visible = Q(reviews__status=Review.Status.VISIBLE)
    tools = (
        tools_published()
        .select_related("current_assessment")
        .annotate(
            visible_review_count=Count("reviews", filter=visible),
            visible_review_average=Avg("reviews__rating", filter=visible),
        )
        .prefetch_related(
            "needs",
            Prefetch(
                "decisions",
                queryset=OrganisationDecision.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            ),
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gt=today)
                ).select_related("hub", "organisation"),
                to_attr="active_adoptions",
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(status=Review.Status.VISIBLE).exclude(tip=""),
                to_attr="visible_tips",
            ),
        )
    )
    tool = get_object_or_404(tools, slug=slug)
    tool.my_review = None
    if request.user.is_authenticated:
        tool.my_review = (
            Review.objects.filter(tool=tool, user=request.user).select_related("tool").first()
        )
    return tool


def _own_review(tool: Tool, user: Any) -> Review:
    return Review.objects.select_related("tool").get(tool=tool, user=user)


# --- Permissions -----------------------------------------------------------------------------


class MayReview(permissions.BasePermission):
    message = _("Sign in to review tools.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_review(request.user)


class MaySuggest(permissions.BasePermission):
    message = _("Sign in to suggest tools.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_suggest(request.user)


class MayModerate(permissions.BasePermission):
    message = _("Only Region staff moderate the toolbox.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_moderate(request.user)


# --- Public reads ------------------------------------------------------------------------------


@extend_schema(
    tags=["toolbox"],
    summary=_(
        "Published tools and methods: search (ranked, Swedish) and facets that combine; "
        "values within one facet with OR, facets with AND"
    ),
)
class ToolListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = ToolListOutputSerializer
    filterset_class = ToolFilter
    queryset = Tool.objects.none()  # the schema's model; filter_queryset searches

    def filter_queryset(self, queryset: QuerySet[Tool]) -> QuerySet[Tool]:
        filterset = ToolFilter(
            self.request.query_params, queryset=tools_published(), request=self.request
        )
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        self.organisation = filterset.organisation()
        return filterset.qs.prefetch_related("needs")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["organisation"] = getattr(self, "organisation", None)
        context["today"] = timezone.localdate()
        return context


@extend_schema(
    tags=["toolbox"],
    summary=_(
        "One published tool: its current assessment and privacy label, the decisions of "
        "organisations, who uses it, ratings and tips"
    ),
)
class ToolDetailApi(generics.GenericAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = ToolDetailOutputSerializer
    queryset = Tool.objects.none()

    def get(self, request: Request, slug: str) -> Response:
        tool = _tool_detail(request, slug)
        organisation = None
        if request.user.is_authenticated and request.user.organisation_id:
            organisation = request.user.organisation
            decision = next(
                (d for d in tool.decisions.all() if d.organisation_id == organisation.pk), None
            )
            tool.my_status = decision.status if decision else None
        context = {"request": request, "organisation": organisation, "today": timezone.localdate()}
        return Response(ToolDetailOutputSerializer(tool, context=context).data)


@extend_schema(
    tags=["toolbox"], summary=_("Every version of a published tool's assessment, newest first")
)
class ToolAssessmentListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = PrivacyAssessmentOutputSerializer
    queryset = PrivacyAssessment.objects.none()

    def get_queryset(self) -> QuerySet[PrivacyAssessment]:
        if getattr(self, "swagger_fake_view", False):
            return PrivacyAssessment.objects.none()
        self.tool = _published_tool(self.kwargs["slug"])
        return self.tool.assessments.order_by("-version")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        tool = getattr(self, "tool", None)
        context["current_assessment_id"] = tool.current_assessment_id if tool else None
        return context


@extend_schema(tags=["toolbox"], summary=_("Needs that tools serve, with how many serve each"))
class NeedListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = NeedListOutputSerializer

    def get_queryset(self) -> QuerySet[Need]:
        return Need.objects.annotate(
            tool_count=Count("tools", filter=Q(tools__status=Tool.Status.PUBLISHED))
        ).order_by("name")


# --- Reviews -----------------------------------------------------------------------------------


@extend_schema_view(
    post=extend_schema(
        summary=_("Write or change your review of a published tool (one per person and tool)"),
        request=ReviewInputSerializer,
        responses={
            200: ReviewOutputSerializer,
            201: ReviewOutputSerializer,
            400: ToolboxErrorSerializer,
        },
    ),
    put=extend_schema(
        summary=_("Change your review of a published tool (or write it)"),
        request=ReviewInputSerializer,
        responses={
            200: ReviewOutputSerializer,
            201: ReviewOutputSerializer,
            400: ToolboxErrorSerializer,
        },
    ),
    delete=extend_schema(
        summary=_("Delete your review"),
        request=None,
        responses={204: OpenApiResponse(description=_("Deleted."))},
    ),
)
@extend_schema(tags=["toolbox reviews"])
class ToolReviewApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, MayReview]
    serializer_class = ReviewOutputSerializer
    queryset = Review.objects.none()

    def post(self, request: Request, slug: str) -> Response:
        tool = _published_tool(slug)
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = Review.objects.filter(tool=tool, user=request.user).exists()
        try:
            services.review_save(tool=tool, user=request.user, **serializer.validated_data)
        except services.ToolboxError as exc:
            return _toolbox_error(exc)
        data = ReviewOutputSerializer(_own_review(tool, request.user)).data
        return Response(data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def put(self, request: Request, slug: str) -> Response:
        return self.post(request, slug)

    def delete(self, request: Request, slug: str) -> Response:
        tool = _published_tool(slug)
        review = get_object_or_404(Review, tool=tool, user=request.user)
        services.review_delete(review=review)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Suggestions -------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Your own suggestions, newest first, with their moderation status"),
        responses=SuggestionOutputSerializer(many=True),
    ),
    post=extend_schema(
        summary=_("Suggest a tool or method (it waits for moderation by Region staff)"),
        request=SuggestionInputSerializer,
        responses={201: SuggestionOutputSerializer, 400: ToolboxErrorSerializer},
    ),
)
@extend_schema(tags=["toolbox suggestions"])
class SuggestionListApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, MaySuggest]
    serializer_class = SuggestionOutputSerializer
    queryset = Tool.objects.none()

    def get_queryset(self) -> QuerySet[Tool]:
        if getattr(self, "swagger_fake_view", False):
            return Tool.objects.none()
        return (
            Tool.objects.filter(suggested_by=self.request.user)
            .prefetch_related("needs")
            .order_by("-created_at", "-id")
        )

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(SuggestionOutputSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = SuggestionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            tool = services.tool_suggest(user=request.user, **serializer.validated_data)
        except services.ToolboxError as exc:
            return _toolbox_error(exc)
        tool = Tool.objects.prefetch_related("needs").get(pk=tool.pk)
        return Response(SuggestionOutputSerializer(tool).data, status=status.HTTP_201_CREATED)


# --- Moderation --------------------------------------------------------------------------------


@extend_schema(
    tags=["toolbox moderation"],
    summary=_("Suggested tools waiting for moderation, oldest first (Region staff)"),
)
class ModerationSuggestionListApi(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated, MayModerate]
    serializer_class = SuggestionOutputSerializer
    filterset_class = SuggestionFilter

    def get_queryset(self) -> QuerySet[Tool]:
        return Tool.objects.prefetch_related("needs").order_by("created_at", "id")


def _suggestion(slug: str) -> Tool:
    return get_object_or_404(Tool, slug=slug)


def _not_suggested() -> Response:
    return _toolbox_error(
        services.ToolboxError(
            str(_("Only suggestions awaiting moderation can be published or rejected.")),
            code="not_suggested",
        )
    )


def _suggestion_response(tool: Tool) -> Response:
    tool = Tool.objects.prefetch_related("needs").get(pk=tool.pk)
    return Response(SuggestionOutputSerializer(tool).data)


# Publish or reject a suggestion: `input_serializer_class` reads the note and
# `service` (services.tool_publish or tool_reject) records it. A comment, not a
# docstring: drf-spectacular would show a docstring as the operations' description.
class _SuggestionModerationApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, MayModerate]
    serializer_class = SuggestionOutputSerializer
    queryset = Tool.objects.none()
    input_serializer_class: type[Serializer]
    service: Callable[..., Tool]

    def post(self, request: Request, slug: str) -> Response:
        tool = _suggestion(slug)
        serializer = self.input_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        if tool.status != Tool.Status.SUGGESTED:
            return _not_suggested()
        self.service(tool=tool, note=serializer.validated_data["note"])
        return _suggestion_response(tool)


@extend_schema(
    tags=["toolbox moderation"],
    summary=_("Publish a suggested tool (Region staff)"),
    request=PublishInputSerializer,
    responses={200: SuggestionOutputSerializer, 400: ToolboxErrorSerializer},
)
class ModerationSuggestionPublishApi(_SuggestionModerationApi):
    input_serializer_class = PublishInputSerializer
    service = staticmethod(services.tool_publish)


@extend_schema(
    tags=["toolbox moderation"],
    summary=_("Reject a suggested tool with a note to its author (Region staff)"),
    request=RejectInputSerializer,
    responses={200: SuggestionOutputSerializer, 400: ToolboxErrorSerializer},
)
class ModerationSuggestionRejectApi(_SuggestionModerationApi):
    input_serializer_class = RejectInputSerializer
    service = staticmethod(services.tool_reject)


@extend_schema(
    tags=["toolbox moderation"], summary=_("Reviews, newest first, to moderate (Region staff)")
)
class ModerationReviewListApi(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated, MayModerate]
    serializer_class = ReviewOutputSerializer
    filterset_class = ReviewModerationFilter

    def get_queryset(self) -> QuerySet[Review]:
        return Review.objects.select_related("tool").order_by("-updated_at", "-id")


class _ReviewModerationApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, MayModerate]
    serializer_class = ReviewOutputSerializer
    queryset = Review.objects.none()
    hidden: bool

    def post(self, request: Request, pk: int) -> Response:
        review = get_object_or_404(Review.objects.select_related("tool"), pk=pk)
        serializer = ReviewModerationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.review_moderate(
            review=review, hidden=self.hidden, note=serializer.validated_data["note"]
        )
        return Response(ReviewOutputSerializer(review).data)


@extend_schema(
    tags=["toolbox moderation"],
    summary=_("Hide a review (Region staff)"),
    request=ReviewModerationInputSerializer,
    responses=ReviewOutputSerializer,
)
class ModerationReviewHideApi(_ReviewModerationApi):
    hidden = True


@extend_schema(
    tags=["toolbox moderation"],
    summary=_("Show a hidden review again (Region staff)"),
    request=ReviewModerationInputSerializer,
    responses=ReviewOutputSerializer,
)
class ModerationReviewShowApi(_ReviewModerationApi):
    hidden = False
