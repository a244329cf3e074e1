"""Serializers of the learning journeys API: shapes of input and output, no
business logic.

Output serializers read rows fetched by learning_journeys.api_selectors (seat
counts and waitlist positions annotated there); input serializers parse and
validate, mirroring the database's check constraints so that a bad request is
a 400 with field errors and never an IntegrityError. State changes go through
learning_journeys.services.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from coworking_region.lib.drf import PortalDateTimeField
from hubs.models import Hub, Organisation
from hubs.serializers import OrganisationRefOutputSerializer

from . import services
from .models import MAX_CAPACITY, MAX_FACILITATORS, Insight, LearningJourney, Meeting, Registration
from .permissions import hubs_for_organiser, journeys_managed_by

# --- References ------------------------------------------------------------------------


class HubRefOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hub
        fields = ["slug", "name"]


class JourneyRefOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = LearningJourney
        fields = ["slug", "title"]


class MeetingRefOutputSerializer(serializers.ModelSerializer):
    hub = HubRefOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = ["id", "title", "kind", "starts_at", "ends_at", "status", "hub"]


# --- Meetings ----------------------------------------------------------------------------


class MeetingOutputSerializer(serializers.ModelSerializer):
    """A meeting. Times are ISO 8601 in Europe/Stockholm with their UTC offset.
    The online link is shown only to the meeting's organisers, in the answers
    about that one meeting (the people signed up get it by email); set
    `show_online_url` in the context to include it."""

    journey = JourneyRefOutputSerializer(read_only=True)
    hub = HubRefOutputSerializer(read_only=True, allow_null=True)
    municipality = serializers.SerializerMethodField(
        help_text=_("Code of the venue hub's municipality.")
    )
    online = serializers.BooleanField(
        source="is_online", read_only=True, help_text=_("Has an online link.")
    )
    seats_left = serializers.IntegerField(
        read_only=True,
        help_text=_("Seats not yet taken (some may be reserved for named organisations)."),
    )
    waitlist_count = serializers.IntegerField(source="waitlisted", read_only=True)
    online_url = serializers.SerializerMethodField(
        help_text=_("The online meeting link: only for the meeting's organisers, otherwise null.")
    )
    url = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text=_("The meeting's page.")
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "journey",
            "kind",
            "title",
            "theme",
            "description",
            "starts_at",
            "ends_at",
            "hub",
            "municipality",
            "venue",
            "online",
            "online_url",
            "capacity",
            "seats_left",
            "waitlist_count",
            "facilitators",
            "registration_opens_at",
            "registration_closes_at",
            "reservations_release_at",
            "status",
            "published_at",
            "cancelled_at",
            "url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_online_url(self, meeting: Meeting) -> str | None:
        # No link is stored as "": null, as the schema says (a URL or null).
        if not self.context.get("show_online_url"):
            return None
        return meeting.online_url or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_municipality(self, meeting: Meeting) -> str | None:
        if meeting.hub_id and meeting.hub.municipality_id:
            return meeting.hub.municipality.code
        return None


class MeetingInputSerializer(serializers.Serializer):
    """Create (all required fields) or change (PATCH: some fields) a meeting.

    Needs `request` in the context (which hubs and journeys the user may use)
    and, for a change, `instance`: checks that span fields read the meeting's
    current values for the fields left out."""

    journey = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=LearningJourney.objects.all(),
        help_text=_("A journey you manage, or any journey that is not a draft."),
    )
    kind = serializers.ChoiceField(
        choices=Meeting.Kind.choices, default=Meeting.Kind.LEARNING_MEETING
    )
    title = serializers.CharField(max_length=200)
    theme = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = PortalDateTimeField(help_text=_("ISO 8601; without an offset: Europe/Stockholm."))
    ends_at = PortalDateTimeField()
    hub = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Hub.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Venue hub (one you may organise at)."),
    )
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_CAPACITY)
    facilitators = serializers.IntegerField(
        min_value=0, max_value=MAX_FACILITATORS, required=False, default=0
    )
    registration_opens_at = PortalDateTimeField(required=False, allow_null=True, default=None)
    registration_closes_at = PortalDateTimeField(required=False, allow_null=True, default=None)
    reservations_release_at = PortalDateTimeField(required=False, allow_null=True, default=None)

    def _user(self):
        return self.context["request"].user

    def validate_hub(self, hub: Hub | None) -> Hub | None:
        if hub is not None and not hubs_for_organiser(self._user()).filter(pk=hub.pk).exists():
            raise serializers.ValidationError(_("You may not organise meetings at this hub."))
        return hub

    def validate_journey(self, journey: LearningJourney) -> LearningJourney:
        managed = journeys_managed_by(self._user()).filter(pk=journey.pk).exists()
        if not managed and journey.status == LearningJourney.Status.DRAFT:
            raise serializers.ValidationError(_("You may not add meetings to this journey."))
        return journey

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance: Meeting | None = self.instance

        def value(name: str) -> Any:
            if name in attrs:
                return attrs[name]
            return getattr(instance, name) if instance is not None else None

        errors: dict[str, list] = {}
        starts_at, ends_at = value("starts_at"), value("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            errors["ends_at"] = [_("The meeting must end after it starts.")]
        if value("hub") is None and not value("venue") and not value("online_url"):
            errors[api_settings.NON_FIELD_ERRORS_KEY] = [
                _("Give a place: a venue hub, a venue or an online link (or more than one).")
            ]
        opens, closes = value("registration_opens_at"), value("registration_closes_at")
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = [_("Sign-up must close after it opens.")]
        if instance is not None and "capacity" in attrs:
            taken = services.seat_state(instance).taken
            if attrs["capacity"] < taken:
                errors["capacity"] = [
                    _("%(taken)s seats are already taken; the capacity cannot be lower.")
                    % {"taken": taken}
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# --- Journeys -----------------------------------------------------------------------------


class LearningJourneyOutputSerializer(serializers.ModelSerializer):
    hub = HubRefOutputSerializer(read_only=True, allow_null=True)
    organisations = OrganisationRefOutputSerializer(many=True, read_only=True)
    url = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text=_("The journey's page.")
    )

    class Meta:
        model = LearningJourney
        fields = [
            "slug",
            "title",
            "theme",
            "description",
            "goals",
            "starts_on",
            "ends_on",
            "hub",
            "organisations",
            "status",
            "url",
        ]


class InsightOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Insight
        fields = ["id", "kind", "text", "meeting", "created_at"]


class JourneyMeetingOutputSerializer(MeetingRefOutputSerializer):
    seats_left = serializers.IntegerField(read_only=True)

    class Meta(MeetingRefOutputSerializer.Meta):
        fields = [*MeetingRefOutputSerializer.Meta.fields, "theme", "seats_left"]


class LearningJourneyDetailOutputSerializer(LearningJourneyOutputSerializer):
    """A journey with its timeline of meetings and what was learnt."""

    meetings = JourneyMeetingOutputSerializer(source="visible_meetings", many=True, read_only=True)
    insights = InsightOutputSerializer(many=True, read_only=True)

    class Meta(LearningJourneyOutputSerializer.Meta):
        fields = [*LearningJourneyOutputSerializer.Meta.fields, "meetings", "insights"]


# --- Registrations -------------------------------------------------------------------------


def _waitlist_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = getattr(registration, "waitlist_ahead", None)
    if ahead is None:
        return services.waitlist_position(registration)
    return ahead + 1


class RegistrationOutputSerializer(serializers.ModelSerializer):
    """The caller's own registration."""

    meeting = MeetingRefOutputSerializer(read_only=True)
    organisation = OrganisationRefOutputSerializer(read_only=True, allow_null=True)
    waitlist_position = serializers.SerializerMethodField(help_text=_("1 for the first in line."))

    class Meta:
        model = Registration
        fields = [
            "id",
            "meeting",
            "status",
            "waitlist_position",
            "organisation",
            "organisation_name",
            "created_at",
            "confirmed_at",
            "waitlisted_at",
            "cancelled_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waitlist_position(self, registration: Registration) -> int | None:
        return _waitlist_position(registration)


class RegistrationInputSerializer(serializers.Serializer):
    join_waitlist = serializers.BooleanField(
        required=False, default=False, help_text=_("When the meeting is full, join the waitlist.")
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The id of your organisation (see /api/organisations/)."),
    )
    organisation_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Your organisation, if it is not in the list."),
    )


class AttendeeOutputSerializer(serializers.ModelSerializer):
    """One person signed up for a meeting, as its organisers see them."""

    name = serializers.CharField(source="display_name", read_only=True)
    organisation = serializers.CharField(source="organisation_label", read_only=True)
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "name",
            "email",
            "organisation",
            "status",
            "waitlist_position",
            "created_at",
            "confirmed_at",
            "checked_in_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waitlist_position(self, registration: Registration) -> int | None:
        return _waitlist_position(registration)


class RegistrationErrorSerializer(serializers.Serializer):
    """A sign-up the rules do not allow (the meeting is full, closed, ...)."""

    detail = serializers.CharField()
    code = serializers.CharField(
        help_text=_("closed, full, already_registered, not_cancellable, cancelled, ...")
    )
