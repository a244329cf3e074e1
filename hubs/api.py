"""The REST API of the hubs app (mounted at /api/ by coworking_region/api_urls.py).

Thin: parse with an input serializer, fetch rows scoped to the user, call one
service, answer with an output serializer. Public endpoints are read-only;
activity and occupancy records are seen by the hub's community managers and by
Region staff, and changed only by the hub's community managers (the services
decide that).

Every view here is wrapped with `login_not_required` in the URLconf so that
Django's LoginRequiredMiddleware never answers an API request with a redirect
to the login page: DRF answers 403 JSON instead.
"""

from collections.abc import Callable
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from . import services
from .filters import (
    ActivityFilter,
    CountyEventFilter,
    HubFilter,
    OccupancyFilter,
    OrganisationFilter,
)
from .models import (
    Activity,
    CountyEvent,
    Municipality,
    Occupancy,
    Organisation,
)
from .permissions import can_view_any_hub_records, can_view_hub_records
from .selectors import (
    activity_list_for_user,
    hub_list_public,
    hub_slug_records_visible_to,
    occupancy_list_for_user,
)
from .serializers import (
    ActivityCreateInputSerializer,
    ActivityOutputSerializer,
    ActivityUpdateInputSerializer,
    CountyEventOutputSerializer,
    HubOutputSerializer,
    MunicipalityOutputSerializer,
    OccupancyOutputSerializer,
    OccupancyRecordInputSerializer,
    OrganisationOutputSerializer,
)

# --- Errors from services -------------------------------------------------------------


def _raise_as_drf(exc: DjangoValidationError | DjangoPermissionDenied) -> NoReturn:
    """Turn a service's Django exception into the DRF one (400 field errors / 403)."""
    if isinstance(exc, DjangoPermissionDenied):
        raise exceptions.PermissionDenied(exc.args[0] if exc.args else None) from exc
    if hasattr(exc, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    raise exceptions.ValidationError(detail) from exc


def _call_service(function: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return function(**kwargs)
    except (DjangoValidationError, DjangoPermissionDenied) as exc:
        _raise_as_drf(exc)


# --- Permissions ------------------------------------------------------------------------


class CanSeeHubRecords(permissions.BasePermission):
    """Signed in, and a community manager of some hub, Region staff or an admin."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_view_any_hub_records(request.user)


def _filtered_for_hub(view: generics.GenericAPIView, request: Request) -> QuerySet:
    """The view's rows, filtered by the query parameters; naming a hub whose
    records the user may not see (?hub=) is a 403. The filters are read first,
    so that a value no filter accepts is a 400 before any lookup (a NUL
    character in ?hub= reached the database and was a 500)."""
    queryset = view.filter_queryset(view.get_queryset())
    hub_slug = request.query_params.get("hub")
    if hub_slug and not hub_slug_records_visible_to(request.user, slug=hub_slug):
        raise exceptions.PermissionDenied()
    return queryset


PUBLIC_READ = [permissions.IsAuthenticatedOrReadOnly]
"""Anyone may read; a write from an anonymous client gets 403 (signed in: 405)."""


# --- Public reads ----------------------------------------------------------------------


@extend_schema(tags=["municipalities"], summary=_("The municipalities of Jämtland county"))
class MunicipalityListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = MunicipalityOutputSerializer
    queryset = Municipality.objects.order_by("name")


@extend_schema(tags=["municipalities"], summary=_("One municipality, by its code"))
class MunicipalityDetailApi(generics.RetrieveAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = MunicipalityOutputSerializer
    queryset = Municipality.objects.all()
    lookup_field = "code"


@extend_schema(tags=["organisations"], summary=_("Organisations whose people meet at the hubs"))
class OrganisationListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = OrganisationOutputSerializer
    filterset_class = OrganisationFilter
    queryset = Organisation.objects.select_related("municipality").order_by("name")


@extend_schema(tags=["county events"], summary=_("Recurring events in the county"))
class CountyEventListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = CountyEventOutputSerializer
    filterset_class = CountyEventFilter
    queryset = CountyEvent.objects.select_related("municipality").order_by("name")


@extend_schema(tags=["hubs"], summary=_("The active coworking hubs of the county"))
class HubListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = HubOutputSerializer
    filterset_class = HubFilter

    def get_queryset(self) -> QuerySet:
        return hub_list_public()


@extend_schema(tags=["hubs"], summary=_("One active hub, by its slug"))
class HubDetailApi(generics.RetrieveAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = HubOutputSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        return hub_list_public()


# --- Activities ------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Activities at the hubs you manage (Region staff: all hubs)"),
        responses=ActivityOutputSerializer(many=True),
    ),
    post=extend_schema(
        summary=_("Record an activity at a hub you manage"),
        request=ActivityCreateInputSerializer,
        responses={201: ActivityOutputSerializer},
    ),
)
@extend_schema(tags=["activities"])
class ActivityListApi(generics.GenericAPIView):
    permission_classes = [CanSeeHubRecords]
    filterset_class = ActivityFilter
    serializer_class = ActivityOutputSerializer

    def get_queryset(self) -> QuerySet[Activity]:
        return activity_list_for_user(self.request.user)

    def get(self, request: Request) -> Response:
        queryset = _filtered_for_hub(self, request)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ActivityOutputSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = ActivityCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        activity = _call_service(
            services.activity_log,
            actor=request.user,
            hub=data.pop("hub"),
            organisations=data.pop("organisations", []),
            **data,
        )
        activity = self.get_queryset().get(pk=activity.pk)
        return Response(ActivityOutputSerializer(activity).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary=_("One activity"), responses=ActivityOutputSerializer),
    put=extend_schema(
        summary=_("Change an activity (all fields)"),
        request=ActivityUpdateInputSerializer,
        responses=ActivityOutputSerializer,
    ),
    patch=extend_schema(
        summary=_("Change some fields of an activity"),
        request=ActivityUpdateInputSerializer(partial=True),
        responses=ActivityOutputSerializer,
    ),
    delete=extend_schema(summary=_("Delete an activity"), responses={204: None}),
)
@extend_schema(tags=["activities"])
class ActivityDetailApi(generics.GenericAPIView):
    permission_classes = [CanSeeHubRecords]
    serializer_class = ActivityOutputSerializer

    def get_queryset(self) -> QuerySet[Activity]:
        # Not scoped: an activity of another hub answers 403, not 404.
        return Activity.objects.select_related("hub", "county_event").prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.only("id", "name"))
        )

    def get_object(self) -> Activity:
        activity = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not can_view_hub_records(self.request.user, activity.hub):
            raise exceptions.PermissionDenied()
        return activity

    def get(self, request: Request, pk: int) -> Response:
        return Response(ActivityOutputSerializer(self.get_object()).data)

    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=False)

    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=True)

    def delete(self, request: Request, pk: int) -> Response:
        _call_service(services.activity_delete, actor=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request: Request, *, partial: bool) -> Response:
        activity = self.get_object()
        serializer = ActivityUpdateInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        _call_service(
            services.activity_update,
            actor=request.user,
            activity=activity,
            organisations=data.pop("organisations", None),
            **data,
        )
        activity = self.get_queryset().get(pk=activity.pk)
        return Response(ActivityOutputSerializer(activity).data)


# --- Occupancy -------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Desk-days used per day at the hubs you manage (Region staff: all hubs)"),
        responses=OccupancyOutputSerializer(many=True),
    ),
    post=extend_schema(
        summary=_("Record the desk-days used at a hub on one day (replaces that day)"),
        request=OccupancyRecordInputSerializer,
        responses=OccupancyOutputSerializer,
    ),
)
@extend_schema(tags=["occupancy"])
class OccupancyListApi(generics.GenericAPIView):
    permission_classes = [CanSeeHubRecords]
    filterset_class = OccupancyFilter
    serializer_class = OccupancyOutputSerializer

    def get_queryset(self) -> QuerySet[Occupancy]:
        return occupancy_list_for_user(self.request.user)

    def get(self, request: Request) -> Response:
        queryset = _filtered_for_hub(self, request)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(OccupancyOutputSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = OccupancyRecordInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        breakdown = [
            services.BreakdownPart(
                home_municipality=part["home_municipality"],
                distance_band=part.get("distance_band", ""),
                desk_days=part["desk_days"],
            )
            for part in data.get("breakdown", [])
        ]
        occupancy = _call_service(
            services.occupancy_record,
            actor=request.user,
            hub=data["hub"],
            day=data["date"],
            desk_days=data["desk_days"],
            breakdown=breakdown,
        )
        occupancy = self.get_queryset().get(pk=occupancy.pk)
        return Response(OccupancyOutputSerializer(occupancy).data)


# --- Docs ---------------------------------------------------------------------------------


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI from our own static files, with no call to an outside validator."""

    template_name = "api/docs.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        # validatorUrl: Swagger UI would otherwise load a badge from validator.swagger.io.
        # deepLinking off: its links inside the operation buttons nest interactive controls.
        response.data["settings"] = self._dump({"deepLinking": False, "validatorUrl": None})
        return response
