"""The REST API of learning journeys (mounted at /api/ by coworking_region/api_urls.py).

Thin, like hubs.api: parse with an input serializer, fetch rows through
learning_journeys.api_selectors, call one service, answer with an output
serializer.

- Anyone reads journeys and meetings that are not drafts; drafts are seen by
  those who may manage them.
- A signed-in user signs up for a meeting and cancels their own registration.
- Organisers (Region staff, the venue hub's community managers, the journey's
  managers and the meeting's named organisers; see permissions.py) create,
  change, publish and cancel meetings and see who signed up.

A sign-up the rules do not allow (services.RegistrationError) is answered with
{"detail": message, "code": code}: 409 when already signed up, else 400.

Every view is wrapped with `login_not_required` in the URLconf (api_urls.py),
so LoginRequiredMiddleware never redirects an API client to the login page.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response

from coworking_region.lib.drf import as_api_validation_error
from hubs.api import PUBLIC_READ

from . import services
from .api_selectors import (
    attendee_list,
    journey_get_visible,
    journey_list_visible,
    meeting_list_visible,
    meetings_visible,
    registration_get_active,
    registration_list_for_user,
)
from .filters import AttendeeFilter, MeetingFilter
from .models import LearningJourney, Meeting, Registration
from .permissions import can_organise, can_organise_meeting
from .serializers import (
    AttendeeOutputSerializer,
    LearningJourneyDetailOutputSerializer,
    LearningJourneyOutputSerializer,
    MeetingInputSerializer,
    MeetingOutputSerializer,
    RegistrationErrorSerializer,
    RegistrationInputSerializer,
    RegistrationOutputSerializer,
)

# --- Helpers ---------------------------------------------------------------------------


def _registration_error(exc: services.RegistrationError) -> Response:
    code = (
        status.HTTP_409_CONFLICT
        if exc.code == "already_registered"
        else status.HTTP_400_BAD_REQUEST
    )
    return Response({"detail": exc.message, "code": exc.code}, status=code)


def _call_service(function: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a service; a model validation error becomes a 400 with field errors."""
    try:
        return function(**kwargs)
    except DjangoValidationError as exc:
        raise as_api_validation_error(exc) from exc


def _meeting_for_organiser(request: Request, pk: int) -> Meeting:
    """The meeting, if the user may organise it: 404 for drafts they may not
    see, 403 for other meetings."""
    meeting = get_object_or_404(Meeting.objects.select_related("journey", "hub"), pk=pk)
    if not can_organise_meeting(request.user, meeting):
        if meeting.status == Meeting.Status.DRAFT:
            raise Http404
        raise exceptions.PermissionDenied()
    return meeting


def _meeting_response(
    request: Request, meeting: Meeting, *, code: int = status.HTTP_200_OK
) -> Response:
    """The organiser's view of one meeting, read again with its seat counts."""
    meeting = meeting_list_visible(request.user).get(pk=meeting.pk)
    data = MeetingOutputSerializer(
        meeting, context={"request": request, "show_online_url": True}
    ).data
    return Response(data, status=code)


# Creating and changing a meeting writes the meeting and its organisers: kept
# here, next to the only caller, until a form shares them (then: services.py).


@transaction.atomic
def _meeting_create(*, user: Any, data: dict[str, Any]) -> Meeting:
    """A new meeting, as a draft, with its creator as organiser."""
    meeting = Meeting(**data, status=Meeting.Status.DRAFT)
    meeting.full_clean()
    return services.meeting_create(meeting=meeting, creator=user)


def _meeting_update(*, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    for name, value in data.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    return services.meeting_save_changes(meeting=meeting, fields=list(data))


# --- Permissions -------------------------------------------------------------------------


class MayOrganiseWrite(permissions.BasePermission):
    """Reads for anyone; writes by those who may organise meetings at all."""

    message = _("Only organisers may create meetings.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or can_organise(request.user)


# --- Journeys --------------------------------------------------------------------------------


@extend_schema(
    tags=["learning journeys"], summary=_("Learning journeys (drafts only for their managers)")
)
class JourneyListApi(generics.ListAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = LearningJourneyOutputSerializer

    def get_queryset(self) -> QuerySet[LearningJourney]:
        return journey_list_visible(self.request.user)


@extend_schema(
    tags=["learning journeys"],
    summary=_("One learning journey, by its slug, with its meetings and insights"),
)
class JourneyDetailApi(generics.RetrieveAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = LearningJourneyDetailOutputSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[LearningJourney]:
        return journey_get_visible(self.request.user, slug=self.kwargs.get("slug", ""))


# --- Meetings ----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Meetings, soonest first (drafts only for their organisers)"),
        responses=MeetingOutputSerializer(many=True),
    ),
    post=extend_schema(
        summary=_("Create a meeting (as a draft; you become its organiser)"),
        request=MeetingInputSerializer,
        responses={201: MeetingOutputSerializer},
    ),
)
@extend_schema(tags=["meetings"])
class MeetingListApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, MayOrganiseWrite]
    serializer_class = MeetingOutputSerializer
    filterset_class = MeetingFilter

    def get_queryset(self) -> QuerySet[Meeting]:
        return meeting_list_visible(self.request.user)

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(MeetingOutputSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = MeetingInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        meeting = _call_service(
            _meeting_create, user=request.user, data=dict(serializer.validated_data)
        )
        return _meeting_response(request, meeting, code=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary=_("One meeting"), responses=MeetingOutputSerializer),
    patch=extend_schema(
        summary=_("Change some fields of a meeting you organise"),
        request=MeetingInputSerializer(partial=True),
        responses={200: MeetingOutputSerializer, 400: RegistrationErrorSerializer},
    ),
)
@extend_schema(tags=["meetings"])
class MeetingDetailApi(generics.GenericAPIView):
    permission_classes = PUBLIC_READ
    serializer_class = MeetingOutputSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        return meeting_list_visible(self.request.user)

    def get(self, request: Request, pk: int) -> Response:
        meeting = get_object_or_404(self.get_queryset(), pk=pk)
        context = {
            "request": request,
            "show_online_url": can_organise_meeting(request.user, meeting),
        }
        return Response(MeetingOutputSerializer(meeting, context=context).data)

    def patch(self, request: Request, pk: int) -> Response:
        meeting = _meeting_for_organiser(request, pk)
        serializer = MeetingInputSerializer(
            meeting, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        try:
            meeting = _call_service(
                _meeting_update, meeting=meeting, data=dict(serializer.validated_data)
            )
        except services.RegistrationError as exc:
            return _registration_error(exc)
        return _meeting_response(request, meeting)


@extend_schema(
    tags=["meetings"],
    summary=_("Publish a meeting you organise (opens it for sign-up)"),
    request=None,
    responses={200: MeetingOutputSerializer, 400: RegistrationErrorSerializer},
)
class MeetingPublishApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeetingOutputSerializer

    def post(self, request: Request, pk: int) -> Response:
        meeting = _meeting_for_organiser(request, pk)
        try:
            meeting = services.meeting_publish(meeting=meeting)
        except services.RegistrationError as exc:
            return _registration_error(exc)
        return _meeting_response(request, meeting)


@extend_schema(
    tags=["meetings"],
    summary=_("Cancel a meeting you organise (everyone signed up is emailed)"),
    request=None,
    responses={200: MeetingOutputSerializer},
)
class MeetingCancelApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeetingOutputSerializer

    def post(self, request: Request, pk: int) -> Response:
        meeting = services.meeting_cancel(meeting=_meeting_for_organiser(request, pk))
        return _meeting_response(request, meeting)


@extend_schema(
    tags=["meetings"],
    summary=_("Who signed up for a meeting you organise (with the waitlist)"),
)
class MeetingAttendeeListApi(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AttendeeOutputSerializer
    filterset_class = AttendeeFilter
    queryset = Registration.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self) -> QuerySet[Registration]:
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return attendee_list(_meeting_for_organiser(self.request, self.kwargs["pk"]))


@extend_schema_view(
    post=extend_schema(
        summary=_("Sign up for a meeting (a seat, or the waitlist if asked)"),
        request=RegistrationInputSerializer,
        responses={
            201: RegistrationOutputSerializer,
            400: RegistrationErrorSerializer,
            409: RegistrationErrorSerializer,
        },
    ),
    delete=extend_schema(
        summary=_("Cancel your registration (or leave the waitlist)"),
        request=None,
        responses={200: RegistrationOutputSerializer, 400: RegistrationErrorSerializer},
    ),
)
@extend_schema(tags=["registrations"])
class MeetingRegistrationApi(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = RegistrationOutputSerializer

    def _meeting(self, request: Request, pk: int) -> Meeting:
        return get_object_or_404(meetings_visible(request.user), pk=pk)

    def post(self, request: Request, pk: int) -> Response:
        meeting = self._meeting(request, pk)
        serializer = RegistrationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            registration = services.register_user(
                meeting=meeting,
                user=request.user,
                organisation=data["organisation"],
                organisation_name=data["organisation_name"],
                join_waitlist=data["join_waitlist"],
            )
        except services.RegistrationError as exc:
            return _registration_error(exc)
        registration = registration_list_for_user(request.user).get(pk=registration.pk)
        return Response(
            RegistrationOutputSerializer(registration).data, status=status.HTTP_201_CREATED
        )

    def delete(self, request: Request, pk: int) -> Response:
        meeting = self._meeting(request, pk)
        registration = registration_get_active(meeting=meeting, user=request.user)
        if registration is None:
            raise Http404
        try:
            registration = services.cancel_registration(registration=registration)
        except services.RegistrationError as exc:
            return _registration_error(exc)
        registration = registration_list_for_user(request.user).get(pk=registration.pk)
        return Response(RegistrationOutputSerializer(registration).data)


@extend_schema(tags=["registrations"], summary=_("Your own registrations, soonest meeting first"))
class RegistrationListApi(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = RegistrationOutputSerializer
    queryset = Registration.objects.none()

    def get_queryset(self) -> QuerySet[Registration]:
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return registration_list_for_user(self.request.user)
