"""Learning journeys (läranderesor), their meetings (lärandeträffar), the people
who sign up, what they thought and what was learnt.

Personal data lives only in Registration (name/email of the person signing
up), for the purpose of running the meeting; it is anonymised
LEARNING_RETENTION_DAYS after the meeting while the counts stay.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub, Organisation

MAX_CAPACITY = 10_000
MAX_FACILITATORS = 1_000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class LearningJourney(models.Model):
    """A läranderesa: a series of meetings around one theme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    starts_on = models.DateField(_("period starts"), null=True, blank=True)
    ends_on = models.DateField(_("period ends"), null=True, blank=True)
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_journeys",
        verbose_name=_("lead hub"),
        help_text=_("The hub whose community managers run the journey."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="organised_journeys",
        verbose_name=_("organising organisations"),
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("learning journey")
        verbose_name_plural = _("learning journeys")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="journey_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning_journeys:journey-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class Meeting(models.Model):
    """A lärandeträff, study visit, workshop, interview round or excursion."""

    class Kind(models.TextChoices):
        LEARNING_MEETING = "learning_meeting", _("learning meeting")
        STUDY_VISIT = "study_visit", _("study visit")
        WORKSHOP = "workshop", _("workshop")
        INTERVIEW_ROUND = "interview_round", _("interview round")
        EXCURSION = "excursion", _("excursion")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    journey = models.ForeignKey(
        LearningJourney,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("learning journey"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.LEARNING_MEETING
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Stored in UTC; shown and exported in Europe/Stockholm (settings.TIME_ZONE).
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_meetings",
        verbose_name=_("venue hub"),
    )
    venue = models.CharField(
        _("venue details"),
        max_length=200,
        blank=True,
        help_text=_("Room, or the place when the meeting is not at a hub."),
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    facilitators = models.PositiveSmallIntegerField(
        _("number of facilitators"), default=0, validators=[MaxValueValidator(MAX_FACILITATORS)]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    # Seats reserved for named organisations (MeetingReservation) open to
    # everyone at this time; no time means they stay reserved until the meeting.
    reservations_release_at = models.DateTimeField(
        _("reserved seats open to everyone"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="organised_meetings",
        verbose_name=_("organisers"),
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meeting_capacity_positive"),
            models.CheckConstraint(
                condition=~Q(hub__isnull=True, online_url="", venue=""),
                name="meeting_has_a_place",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="meeting_registration_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="meeting_status_start_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning_journeys:meeting-detail", kwargs={"pk": self.pk})

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def is_on_site(self) -> bool:
        return self.hub_id is not None or bool(self.venue)


class MeetingReservation(models.Model):
    """Seats kept for one organisation (e.g. two per agency) until the meeting's
    `reservations_release_at`."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reservations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    seats = models.PositiveSmallIntegerField(
        _("reserved seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("seat reservation")
        verbose_name_plural = _("seat reservations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="reservation_unique_per_org"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="reservation_seats_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.seats}"


class Registration(models.Model):
    """One person's place at a meeting: a signed-in user, or a guest who
    confirmed their email address (double opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting email confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        NO_SHOW = "no_show", _("did not come")

    # Statuses that hold the person's one registration for the meeting.
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED, Status.NO_SHOW)
    # Statuses that hold a seat.
    SEATED = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    # Guests: name and email. Users: their email at sign-up, for the outbox.
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(
        _("organisation (if not in the list)"), max_length=200, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The language the person used when signing up; their emails use it too.
    language = models.CharField(_("language"), max_length=8, default="sv")
    # NULL once anonymised (many rows may then share "no token"); links die with it.
    token = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("joined the waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(
                    user__isnull=False,
                    status__in=["pending", "confirmed", "waitlisted", "attended", "no_show"],
                ),
                name="registration_one_active_per_user",
            ),
            models.UniqueConstraint(
                "meeting",
                Lower("email"),
                condition=~Q(email="")
                & Q(status__in=["pending", "confirmed", "waitlisted", "attended", "no_show"]),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email="") | Q(anonymised_at__isnull=False),
                name="registration_has_a_person",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status"], name="registration_meeting_status"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} @ {self.meeting}"

    @property
    def display_name(self) -> str:
        if self.anonymised_at:
            return str(_("(anonymised)"))
        if self.name:
            return self.name
        if self.user_id:
            return self.user.get_full_name() or self.user.email
        return self.email

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class MeetingReport(models.Model):
    """The closing report after a meeting: who took part (as counts: "15 + 2")
    and which organisations."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report")
    participants = models.PositiveIntegerField(
        _("participants"), validators=[MaxValueValidator(MAX_CAPACITY)]
    )
    facilitators = models.PositiveSmallIntegerField(
        _("facilitators"), validators=[MaxValueValidator(MAX_FACILITATORS)]
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("participating organisations"), blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.participants} + {self.facilitators}"


class Insight(models.Model):
    """A lärdom: what works, what does not, what to do next. Accounting links
    challenges to insights (the app higher up holds the link)."""

    class Kind(models.TextChoices):
        WORKS = "works", _("what works")
        DOES_NOT_WORK = "does_not_work", _("what does not work")
        NEXT_STEP = "next_step", _("what to do next")

    journey = models.ForeignKey(
        LearningJourney,
        on_delete=models.CASCADE,
        related_name="insights",
        verbose_name=_("learning journey"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="insights",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    text = models.TextField(_("insight"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("insight")
        verbose_name_plural = _("insights")

    def __str__(self) -> str:
        return self.text[:60]


class Feedback(models.Model):
    """A participant's short feedback. Shown to organisers only as aggregates."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    # Ties the answer to a seat so each participant answers once; after
    # anonymisation the registration no longer names anyone.
    registration = models.OneToOneField(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    will_do_differently = models.TextField(
        _("what will you do differently?"), blank=True, max_length=2000
    )
    comment = models.TextField(_("other comments"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.rating}"


class CalendarFeed(models.Model):
    """A user's private calendar feed URL: the token is the only key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"

    def get_absolute_url(self) -> str:
        return reverse("learning_journeys:calendar-feed", kwargs={"token": self.token})
