"""The REST API of accounting (mounted at /api/ by coworking_region/api_urls.py).

Thin: parse with an input serializer, fetch rows scoped for the user, call
one service (or save one row), answer with an output serializer.

- Anyone reads the indicator catalogue, the values (snapshots) of the county,
  its municipalities and its rural/urban areas, the targets of those scopes,
  and the public challenges.
- A hub's values and targets are read only by Region staff and that hub's
  community managers (accounting.permissions.can_view_hub_report); others do
  not see them in lists, and asking for one hub explicitly is a 403.
- Values go through accounting.display.export_value: fewer than 5 people
  behind a value → "<5". The number of people is never given out.
- Region staff write targets, manual values and challenge updates.

Every view is wrapped with `login_not_required` in the URLconf (api_urls.py),
so LoginRequiredMiddleware never redirects an API client to the login page.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from coworking_region.lib.drf import as_api_validation_error
from hubs.api import PUBLIC_READ
from hubs.models import Hub, Organisation
from hubs.permissions import AnyUser, hubs_managed_by, is_region_staff
from learning_journeys.models import Insight, LearningJourney

from . import services
from .filters import ChallengeFilter, SnapshotFilter, TargetFilter
from .models import (
    Challenge,
    ChallengeUpdate,
    Indicator,
    ManualValue,
    ScopeType,
    Snapshot,
    SubResult,
    Target,
)
from .permissions import can_edit_catalogue, can_edit_challenges, can_view_hub_report
from .serializers import (
    ChallengeDetailOutputSerializer,
    ChallengeOutputSerializer,
    ChallengeUpdateCreatedOutputSerializer,
    ChallengeUpdateInputSerializer,
    ChallengeUpdateOutputSerializer,
    IndicatorOutputSerializer,
    ManualValueInputSerializer,
    ManualValueOutputSerializer,
    SnapshotOutputSerializer,
    TargetInputSerializer,
    TargetOutputSerializer,
)

# --- Reads scoped for the user ---------------------------------------------------------


def _visible_scopes(user: AnyUser) -> Q:
    """County, municipality and rural/urban values for everyone; a hub's values
    for Region staff and the hub's managers (as can_view_hub_report)."""
    if is_region_staff(user):
        return Q()
    return ~Q(scope_type=ScopeType.HUB) | Q(hub_id__in=hubs_managed_by(user).values("pk"))


def _check_hub_filter(request: Request) -> None:
    """Asking for one hub's values explicitly: 403 unless the user may see its report.
    Call it after the filters have validated the query (a NUL in ?hub= would
    reach the database)."""
    slug = request.query_params.get("hub")
    if not slug or is_region_staff(request.user):
        return
    hub = Hub.objects.filter(slug=slug).first()
    if hub is not None and not can_view_hub_report(request.user, hub):
        raise exceptions.PermissionDenied(_("Only Region staff and the hub's managers see this."))


def snapshot_list_for_user(user: AnyUser) -> QuerySet[Snapshot]:
    return (
        Snapshot.objects.filter(_visible_scopes(user))
        .select_related("indicator", "hub", "municipality")
        .order_by(
            "indicator__sort_order",
            "indicator__code",
            "scope_type",
            "scope_key",
            "period_type",
            "period_start",
        )
    )


def target_list_for_user(user: AnyUser) -> QuerySet[Target]:
    return (
        Target.objects.filter(_visible_scopes(user))
        .select_related("indicator", "hub", "municipality")
        .order_by("indicator__sort_order", "indicator__code", "scope_type", "year", "id")
    )


def challenge_list_for_user(user: AnyUser, *, detail: bool = False) -> QuerySet[Challenge]:
    """Public challenges for everyone, all for Region staff; the related rows
    prefetched (one query each, whatever the number of challenges)."""
    queryset = Challenge.objects.prefetch_related(
        Prefetch("owners", queryset=Organisation.objects.order_by("name")),
        Prefetch("hubs", queryset=Hub.objects.order_by("name")),
        Prefetch("journeys", queryset=LearningJourney.objects.order_by("title")),
        Prefetch("sub_results", queryset=SubResult.objects.order_by("id")),
    )
    if detail:
        queryset = queryset.prefetch_related(
            Prefetch("updates", queryset=ChallengeUpdate.objects.order_by("-created_at", "-id")),
            Prefetch(
                "insights",
                queryset=Insight.objects.select_related("journey").order_by("created_at", "id"),
            ),
        )
    else:
        queryset = queryset.prefetch_related(
            Prefetch(
                "updates",
                queryset=ChallengeUpdate.objects.order_by("-created_at", "-id")[:1],
                to_attr="latest_updates",
            )
        )
    if not can_edit_challenges(user):
        queryset = queryset.filter(is_public=True)
    return queryset.order_by("title", "id")


# --- Helpers ----------------------------------------------------------------------------


def _call(function: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a writer; a model validation error (or a lost race on a unique
    constraint) becomes a 400 with field errors."""
    try:
        return function(**kwargs)
    except DjangoValidationError as exc:
        raise as_api_validation_error(exc) from exc
    except IntegrityError as exc:
        raise exceptions.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("This conflicts with an existing row.")]}
        ) from exc


# The API creates a target (a second one for the same year is refused) or
# replaces one by id; the staff pages' accounting.targets.target_save upserts.


def _target_save(*, target: Target, data: dict[str, Any]) -> Target:
    for name, value in data.items():
        setattr(target, name, value)
    with transaction.atomic():
        target.full_clean()
        target.save()
    return target


def _manual_value_save(*, data: dict[str, Any], user: Any) -> ManualValue:
    with transaction.atomic():
        return services.manual_value_save(**data, user=user)


# --- Permissions ------------------------------------------------------------------------------


class StaffWritesCatalogue(permissions.BasePermission):
    """Reads for anyone; writes (targets, manual values) by Region staff."""

    message = _("Only Region staff may change targets and values.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or can_edit_catalogue(request.user)


class StaffEditsChallenges(permissions.BasePermission):
    message = _("Only Region staff may add progress updates.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_edit_challenges(request.user)


# --- Indicators ---------------------------------------------------------------------------


@extend_schema(tags=["indicators"], summary=_("The indicator catalogue, with definitions"))
class IndicatorListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = IndicatorOutputSerializer
    queryset = Indicator.objects.filter(is_active=True).order_by("sort_order", "code")


@extend_schema(tags=["indicators"], summary=_("One indicator, by its code"))
class IndicatorDetailApi(generics.RetrieveAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = IndicatorOutputSerializer
    queryset = Indicator.objects.filter(is_active=True)
    lookup_field = "code"


# --- Snapshots ------------------------------------------------------------------------------


@extend_schema(
    tags=["indicator values"],
    summary=_(
        "Indicator values per scope and period (a hub's values only for Region staff and its "
        "managers; <5 where fewer than 5 people stand behind a value)"
    ),
)
class SnapshotListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = SnapshotOutputSerializer
    filterset_class = SnapshotFilter
    queryset = Snapshot.objects.none()  # the schema's model; get_queryset scopes
    denies_reads = True  # ?hub= of a hub the caller may not see: 403 (in the schema)

    def get_queryset(self) -> QuerySet[Snapshot]:
        if getattr(self, "swagger_fake_view", False):
            return Snapshot.objects.none()
        return snapshot_list_for_user(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.filter_queryset(self.get_queryset())  # a bad value is a 400 before the hub check
        _check_hub_filter(request)
        return super().list(request, *args, **kwargs)


# --- Targets ----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Targets per indicator, scope and year (a hub's only for staff and managers)"),
        responses=TargetOutputSerializer(many=True),
    ),
    post=extend_schema(
        summary=_("Set a target (Region staff)"),
        request=TargetInputSerializer,
        responses={201: TargetOutputSerializer},
    ),
)
@extend_schema(tags=["targets"])
class TargetListApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, StaffWritesCatalogue]
    serializer_class = TargetOutputSerializer
    filterset_class = TargetFilter
    queryset = Target.objects.none()
    denies_reads = True  # ?hub= of a hub the caller may not see: 403 (in the schema)

    def get_queryset(self) -> QuerySet[Target]:
        if getattr(self, "swagger_fake_view", False):
            return Target.objects.none()
        return target_list_for_user(self.request.user)

    def get(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())  # a bad value: 400 first
        _check_hub_filter(request)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(TargetOutputSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = TargetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = _call(_target_save, target=Target(), data=dict(serializer.validated_data))
        target = target_list_for_user(request.user).get(pk=target.pk)
        return Response(TargetOutputSerializer(target).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary=_("One target"), responses=TargetOutputSerializer),
    put=extend_schema(
        summary=_("Change a target (Region staff; every field)"),
        request=TargetInputSerializer,
        responses={200: TargetOutputSerializer},
    ),
)
@extend_schema(tags=["targets"])
class TargetDetailApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, StaffWritesCatalogue]
    serializer_class = TargetOutputSerializer
    queryset = Target.objects.none()

    def get_queryset(self) -> QuerySet[Target]:
        if getattr(self, "swagger_fake_view", False):
            return Target.objects.none()
        return target_list_for_user(self.request.user)

    def get(self, request: Request, pk: int) -> Response:
        target = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(TargetOutputSerializer(target).data)

    def put(self, request: Request, pk: int) -> Response:
        target = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = TargetInputSerializer(target, data=request.data)
        serializer.is_valid(raise_exception=True)
        target = _call(_target_save, target=target, data=dict(serializer.validated_data))
        target = self.get_queryset().get(pk=target.pk)
        return Response(TargetOutputSerializer(target).data)


# --- Manual values -----------------------------------------------------------------------------


@extend_schema(
    tags=["indicator values"],
    summary=_(
        "Enter a value of a manual indicator for a scope and period (Region staff); the same "
        "indicator, scope and period again replaces it"
    ),
    request=ManualValueInputSerializer,
    responses={200: ManualValueOutputSerializer, 201: ManualValueOutputSerializer},
)
class ManualValueCreateApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, StaffWritesCatalogue]
    serializer_class = ManualValueOutputSerializer

    def post(self, request: Request) -> Response:
        serializer = ManualValueInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        existed = ManualValue.objects.filter(
            indicator=data["indicator"],
            scope_type=data["scope_type"],
            hub=data["hub"],
            municipality=data["municipality"],
            period_type=data["period_type"],
            period_start=data["period_start"],
        ).exists()
        manual = _call(_manual_value_save, data=data, user=request.user)
        manual = ManualValue.objects.select_related("indicator", "hub", "municipality").get(
            pk=manual.pk
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(ManualValueOutputSerializer(manual).data, status=code)


# --- Challenges ----------------------------------------------------------------------------------


@extend_schema(
    tags=["challenges"],
    summary=_("Challenges with their progress and latest update (all of them for Region staff)"),
)
class ChallengeListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = ChallengeOutputSerializer
    filterset_class = ChallengeFilter
    queryset = Challenge.objects.none()

    def get_queryset(self) -> QuerySet[Challenge]:
        if getattr(self, "swagger_fake_view", False):
            return Challenge.objects.none()
        return challenge_list_for_user(self.request.user)


@extend_schema(
    tags=["challenges"],
    summary=_("One challenge, by its slug, with its timeline of updates and linked insights"),
)
class ChallengeDetailApi(generics.RetrieveAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = ChallengeDetailOutputSerializer
    lookup_field = "slug"
    queryset = Challenge.objects.none()

    def get_queryset(self) -> QuerySet[Challenge]:
        if getattr(self, "swagger_fake_view", False):
            return Challenge.objects.none()
        return challenge_list_for_user(self.request.user, detail=True)


@extend_schema(
    tags=["challenges"],
    summary=_(
        "Add a progress update answering the five questions (Region staff); the challenge "
        "takes its stage, and its progress unless it has sub-results"
    ),
    request=ChallengeUpdateInputSerializer,
    responses={201: ChallengeUpdateCreatedOutputSerializer},
)
class ChallengeUpdateCreateApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, StaffEditsChallenges]
    serializer_class = ChallengeUpdateOutputSerializer

    def post(self, request: Request, slug: str) -> Response:
        challenge = get_object_or_404(Challenge, slug=slug)
        serializer = ChallengeUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = ChallengeUpdate(**serializer.validated_data)
        update = services.challenge_update_add(
            challenge=challenge, update=update, user=request.user
        )
        challenge = Challenge.objects.prefetch_related("sub_results").get(pk=challenge.pk)
        data = {
            "update": ChallengeUpdateOutputSerializer(update).data,
            "stage": challenge.stage,
            "progress": services.challenge_progress(challenge),
        }
        return Response(data, status=status.HTTP_201_CREATED)
