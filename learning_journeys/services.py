"""Business rules for signing up, the waitlist, attendance, reports and feedback.

Every change to who holds a seat happens with the meeting's row locked
(SELECT ... FOR UPDATE), so concurrent sign-ups are serialised per meeting and
a meeting is never overbooked. Emails are written to the outbox in the same
transaction (see coworking_region.outbox).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coworking_region.lib.privacy import SMALL_COUNT_THRESHOLD
from hubs.models import Organisation

from . import emails
from .models import Feedback, Insight, LearningJourney, Meeting, MeetingReport, Registration

RS = Registration.Status

# Organisers are told when a meeting reaches these shares of its capacity.
SEAT_ALERT_LEVELS = (80, 100)


class RegistrationError(Exception):
    """A sign-up or change that the rules do not allow; `message` is for the user."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Seats ---------------------------------------------------------------------


@dataclass(frozen=True)
class SeatState:
    capacity: int
    taken: int
    waitlisted: int
    # Reserved seats not yet taken by their organisation, per organisation id.
    held: dict[int, int] = field(default_factory=dict)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def free_for_everyone(self) -> int:
        return max(0, self.free - sum(self.held.values()))

    def free_for(self, organisation_id: int | None) -> int:
        """Seats someone from this organisation (or none) may take."""
        others = sum(n for org, n in self.held.items() if org != organisation_id)
        return max(0, self.free - others)

    @property
    def fill_percent(self) -> int:
        return min(100, round(100 * self.taken / self.capacity)) if self.capacity else 100


def reservations_active(meeting: Meeting, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return meeting.reservations_release_at is None or now < meeting.reservations_release_at


def seat_state(meeting: Meeting, *, now: datetime | None = None) -> SeatState:
    """Seats taken, waitlist length and unfilled reservations (2 queries)."""
    rows = (
        Registration.objects.filter(
            meeting=meeting, status__in=Registration.SEATED + (RS.WAITLISTED,)
        )
        .values("organisation_id", "status")
        .annotate(n=Count("id"))
    )
    taken_by_org: dict[int | None, int] = {}
    taken = waitlisted = 0
    for row in rows:
        if row["status"] == RS.WAITLISTED:
            waitlisted += row["n"]
        else:
            taken += row["n"]
            taken_by_org[row["organisation_id"]] = (
                taken_by_org.get(row["organisation_id"], 0) + row["n"]
            )
    held: dict[int, int] = {}
    if reservations_active(meeting, now):
        for reservation in meeting.reservations.all():
            unfilled = reservation.seats - taken_by_org.get(reservation.organisation_id, 0)
            if unfilled > 0:
                held[reservation.organisation_id] = unfilled
    return SeatState(capacity=meeting.capacity, taken=taken, waitlisted=waitlisted, held=held)


def registration_closed_reason(meeting: Meeting, *, now: datetime | None = None) -> str | None:
    """Why nobody can sign up right now, or None when sign-up is open."""
    now = now or timezone.now()
    if meeting.status == Meeting.Status.CANCELLED:
        return str(_("This meeting has been cancelled."))
    if meeting.status != Meeting.Status.PUBLISHED:
        return str(_("This meeting is not open for sign-up."))
    if meeting.starts_at <= now:
        return str(_("This meeting has already started."))
    if meeting.registration_opens_at and now < meeting.registration_opens_at:
        opens = timezone.localtime(meeting.registration_opens_at).strftime("%Y-%m-%d %H:%M")
        return str(_("Sign-up opens %(when)s.") % {"when": opens})
    if meeting.registration_closes_at and now >= meeting.registration_closes_at:
        return str(_("Sign-up has closed."))
    return None


def _lock_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting_id)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waitlist."""
    if registration.status != RS.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        meeting_id=registration.meeting_id, status=RS.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


# --- Signing up ------------------------------------------------------------------


def _seat_or_waitlist(
    meeting: Meeting, registration: Registration, *, join_waitlist: bool, now: datetime
) -> None:
    """Give the registration a seat, or a place on the waitlist (meeting locked)."""
    state = seat_state(meeting, now=now)
    if state.free_for(registration.organisation_id) > 0:
        registration.status = RS.CONFIRMED
        registration.confirmed_at = now
    elif join_waitlist:
        registration.status = RS.WAITLISTED
        registration.waitlisted_at = now
    else:
        raise RegistrationError(
            str(_("The meeting is full. You can join the waitlist instead.")), code="full"
        )


def _save_new(registration: Registration) -> None:
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise RegistrationError(
            str(_("You are already signed up for this meeting.")), code="already_registered"
        ) from exc


def _after_seat_change(meeting: Meeting, registration: Registration) -> None:
    if registration.status == RS.CONFIRMED:
        emails.registration_confirmed(registration)
        _seat_alerts(meeting)
    elif registration.status == RS.WAITLISTED:
        emails.waitlisted(registration, position=waitlist_position(registration))


def register_user(
    *,
    meeting: Meeting,
    user,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    join_waitlist: bool = False,
    now: datetime | None = None,
) -> Registration:
    """Sign a logged-in user up: a seat if one is free, else (if asked) the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock_meeting(meeting.pk)
        reason = registration_closed_reason(meeting, now=now)
        if reason:
            raise RegistrationError(reason, code="closed")
        if Registration.objects.filter(
            meeting=meeting, user=user, status__in=Registration.ACTIVE
        ).exists():
            raise RegistrationError(
                str(_("You are already signed up for this meeting.")), code="already_registered"
            )
        registration = Registration(
            meeting=meeting,
            user=user,
            email=user.email,
            name=user.get_full_name(),
            organisation=organisation,
            organisation_name="" if organisation else organisation_name.strip(),
            language=get_language() or settings.LANGUAGE_CODE,
        )
        _seat_or_waitlist(meeting, registration, join_waitlist=join_waitlist, now=now)
        _save_new(registration)
        _after_seat_change(meeting, registration)
    return registration


def register_guest(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    now: datetime | None = None,
) -> Registration:
    """A guest signs up without an account: nothing is held until they confirm
    the link we email them (double opt-in)."""
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        meeting = _lock_meeting(meeting.pk)
        reason = registration_closed_reason(meeting, now=now)
        if reason:
            raise RegistrationError(reason, code="closed")
        existing = Registration.objects.filter(
            meeting=meeting, email__iexact=email, status__in=Registration.ACTIVE
        ).first()
        if existing is not None:
            if existing.status == RS.PENDING:
                # Asked again: resend the link rather than reveal anything.
                emails.guest_confirm_request(existing)
                return existing
            raise RegistrationError(
                str(_("This email address is already signed up for this meeting.")),
                code="already_registered",
            )
        registration = Registration(
            meeting=meeting,
            name=name.strip(),
            email=email,
            organisation=organisation,
            organisation_name="" if organisation else organisation_name.strip(),
            status=RS.PENDING,
            language=get_language() or settings.LANGUAGE_CODE,
        )
        _save_new(registration)
        emails.guest_confirm_request(registration)
    return registration


def confirm_guest(*, registration: Registration, now: datetime | None = None) -> Registration:
    """The guest followed the link: a seat if free, else the waitlist.
    Confirming twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock_meeting(registration.meeting_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RS.PENDING:
            return registration
        reason = registration_closed_reason(meeting, now=now)
        if reason:
            raise RegistrationError(reason, code="closed")
        _seat_or_waitlist(meeting, registration, join_waitlist=True, now=now)
        registration.save(update_fields=["status", "confirmed_at", "waitlisted_at"])
        _after_seat_change(meeting, registration)
    return registration


def cancel_registration(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Cancel (or leave the waitlist). A freed seat goes to the first in line."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock_meeting(registration.meeting_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (RS.PENDING, RS.CONFIRMED, RS.WAITLISTED):
            if registration.status == RS.CANCELLED:
                return registration
            raise RegistrationError(
                str(
                    _(
                        "Attendance has already been recorded; "
                        "the registration can no longer be cancelled."
                    )
                ),
                code="not_cancellable",
            )
        held_seat = registration.status == RS.CONFIRMED
        registration.status = RS.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if held_seat and meeting.starts_at > now:
            promote_waitlist(meeting, now=now)
    return registration


def promote_waitlist(meeting: Meeting, *, now: datetime | None = None) -> list[Registration]:
    """Give free seats to the waitlist in order (call with the meeting locked)."""
    now = now or timezone.now()
    if meeting.status != Meeting.Status.PUBLISHED:
        return []
    promoted = []
    waiting = Registration.objects.filter(meeting=meeting, status=RS.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    for registration in waiting:
        state = seat_state(meeting, now=now)
        if state.free == 0:
            break
        if state.free_for(registration.organisation_id) == 0:
            continue
        registration.status = RS.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        emails.promoted_from_waitlist(registration)
        promoted.append(registration)
    if promoted:
        _seat_alerts(meeting)
    return promoted


def release_reservations(meeting: Meeting, *, now: datetime | None = None) -> list[Registration]:
    """When reserved seats open to everyone, the waitlist may move."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting.pk)
        return promote_waitlist(meeting, now=now)


def _seat_alerts(meeting: Meeting) -> None:
    state = seat_state(meeting)
    for level in SEAT_ALERT_LEVELS:
        if state.taken * 100 >= level * meeting.capacity:
            for organiser in meeting_organisers(meeting):
                emails.seat_alert(meeting, organiser, level=level, state=state)


def meeting_organisers(meeting: Meeting) -> list:
    """Named organisers, or else the venue hub's community managers."""
    organisers = list(meeting.organisers.filter(is_active=True))
    if not organisers and meeting.hub_id:
        organisers = list(meeting.hub.managers.filter(is_active=True))
    return organisers


# --- The organiser's side --------------------------------------------------------


def meeting_create(*, meeting: Meeting, creator) -> Meeting:
    """Save a new (validated) meeting as a draft with its creator as organiser."""
    with transaction.atomic():
        meeting.status = Meeting.Status.DRAFT
        meeting.save()
        meeting.organisers.add(creator)
    return meeting


def capacity_error(taken: int) -> str:
    return str(
        _(
            "%(taken)s seats are already taken: the capacity cannot be lower. "
            "Cancel registrations first."
        )
        % {"taken": taken}
    )


def meeting_save_changes(*, meeting: Meeting, fields: Iterable[str] | None = None) -> Meeting:
    """Save an organiser's (validated) changes with the meeting row locked:
    the capacity never drops below the seats taken meanwhile, and seats a larger
    capacity frees go to the waitlist."""
    with transaction.atomic():
        locked = _lock_meeting(meeting.pk)
        if locked.status == Meeting.Status.CANCELLED:
            raise RegistrationError(
                str(_("A cancelled meeting cannot be changed.")), code="cancelled"
            )
        taken = seat_state(locked).taken
        if meeting.capacity < taken:
            raise RegistrationError(capacity_error(taken), code="capacity_below_taken")
        if fields is None:
            meeting.save()
        else:
            meeting.save(update_fields=[*fields, "updated_at"])
        promote_waitlist(meeting)
    return meeting


def meeting_publish(*, meeting: Meeting, now: datetime | None = None) -> Meeting:
    if meeting.status == Meeting.Status.CANCELLED:
        raise RegistrationError(
            str(_("A cancelled meeting cannot be published again.")), code="cancelled"
        )
    if meeting.status != Meeting.Status.PUBLISHED:
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = now or timezone.now()
        meeting.save(update_fields=["status", "published_at", "updated_at"])
    return meeting


def meeting_cancel(*, meeting: Meeting, now: datetime | None = None) -> Meeting:
    """Cancel the meeting and tell everyone signed up (once each)."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock_meeting(meeting.pk)
        if meeting.status == Meeting.Status.CANCELLED:
            return meeting
        was_published = meeting.status == Meeting.Status.PUBLISHED
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = now
        meeting.save(update_fields=["status", "cancelled_at", "updated_at"])
        if was_published:
            for registration in meeting.registrations.filter(
                status__in=(RS.PENDING, RS.CONFIRMED, RS.WAITLISTED)
            ).select_related("meeting"):
                emails.meeting_cancelled(registration)
    return meeting


def set_attendance(*, registration: Registration, attended: bool | None) -> Registration:
    """Check in (True), mark as no-show (False) or undo (None)."""
    if registration.status not in Registration.SEATED:
        raise RegistrationError(
            str(_("Only people with a confirmed seat can be checked in.")), code="not_seated"
        )
    if attended is None:
        registration.status, registration.checked_in_at = RS.CONFIRMED, None
    elif attended:
        registration.status, registration.checked_in_at = RS.ATTENDED, timezone.now()
    else:
        registration.status, registration.checked_in_at = RS.NO_SHOW, None
    registration.save(update_fields=["status", "checked_in_at"])
    return registration


def message_attendees(*, meeting: Meeting, subject: str, body: str, sender) -> int:
    """Email everyone with a seat; returns how many were queued."""
    recipients = list(
        meeting.registrations.filter(status__in=Registration.SEATED).exclude(email="")
    )
    with transaction.atomic():
        for registration in recipients:
            emails.organiser_message(registration, subject=subject, body=body, sender=sender)
    return len(recipients)


def report_file(
    *,
    meeting: Meeting,
    participants: int,
    facilitators: int,
    organisations: Iterable[Organisation],
    summary: str,
    user,
) -> MeetingReport:
    """File (or update) the closing report; stops the report reminders."""
    with transaction.atomic():
        report, _created = MeetingReport.objects.update_or_create(
            meeting=meeting,
            defaults={
                "participants": participants,
                "facilitators": facilitators,
                "summary": summary,
                "filed_by": user,
            },
        )
        report.organisations.set(organisations)
    return report


def attendance_suggestion(meeting: Meeting) -> dict:
    """Figures to prefill the closing report: attended (or confirmed) people,
    the meeting's facilitators and the organisations they came from."""
    registrations = meeting.registrations.filter(status__in=(RS.ATTENDED, RS.CONFIRMED))
    attended = registrations.filter(status=RS.ATTENDED)
    base = attended if attended.exists() else registrations
    return {
        "participants": base.count(),
        "facilitators": meeting.facilitators,
        "organisations": list(
            Organisation.objects.filter(
                pk__in=base.exclude(organisation=None).values("organisation_id")
            )
        ),
    }


def insight_add(
    *, journey: LearningJourney, meeting: Meeting | None, kind: str, text: str, user
) -> Insight:
    return Insight.objects.create(
        journey=journey, meeting=meeting, kind=kind, text=text.strip(), created_by=user
    )


# --- Feedback ----------------------------------------------------------------------


def feedback_allowed(registration: Registration, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        registration.status in (RS.ATTENDED, RS.CONFIRMED)
        and registration.meeting.starts_at <= now
        and registration.meeting.status == Meeting.Status.PUBLISHED
        and not Feedback.objects.filter(registration=registration).exists()
    )


def feedback_submit(
    *, registration: Registration, rating: int, will_do_differently: str = "", comment: str = ""
) -> Feedback:
    if not feedback_allowed(registration):
        raise RegistrationError(
            str(_("Feedback cannot be given for this registration.")), code="feedback_closed"
        )
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                meeting_id=registration.meeting_id,
                registration=registration,
                rating=rating,
                will_do_differently=will_do_differently.strip(),
                comment=comment.strip(),
            )
    except IntegrityError as exc:
        raise RegistrationError(
            str(_("You have already given feedback.")), code="feedback_given"
        ) from exc


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    # None while fewer than SMALL_COUNT_THRESHOLD answers: too few to show safely.
    average: float | None
    distribution: list[tuple[int, int]] | None
    will_do_differently: list[str] | None
    comments: list[str] | None

    @property
    def is_suppressed(self) -> bool:
        return self.count < SMALL_COUNT_THRESHOLD


def feedback_summary(meeting: Meeting) -> FeedbackSummary:
    """Aggregates only; with fewer than 5 answers nothing but "<5" is shown."""
    answers = Feedback.objects.filter(meeting=meeting)
    stats = answers.aggregate(count=Count("id"), average=Avg("rating"))
    count = stats["count"]
    if count < SMALL_COUNT_THRESHOLD:
        return FeedbackSummary(
            count=count, average=None, distribution=None, will_do_differently=None, comments=None
        )
    by_rating = dict(
        answers.values_list("rating").annotate(n=Count("id")).values_list("rating", "n")
    )
    texts = list(answers.values_list("will_do_differently", "comment"))
    return FeedbackSummary(
        count=count,
        average=round(float(stats["average"]), 1),
        distribution=[(rating, by_rating.get(rating, 0)) for rating in range(1, 6)],
        will_do_differently=sorted(t for t, _c in texts if t),
        comments=sorted(c for _t, c in texts if c),
    )


# --- Jobs --------------------------------------------------------------------------


def send_due_notifications(*, now: datetime | None = None) -> dict[str, int]:
    """Reminders 24 h before, feedback requests after, released reservations,
    and closing-report reminders to organisers.

    Each email has a deduplication key, so any number of runs (or two workers)
    send each one once.
    """
    now = now or timezone.now()
    counts = {"reminders": 0, "feedback_requests": 0, "report_reminders": 0, "released": 0}
    horizon = now + timedelta(hours=settings.LEARNING_REMINDER_HOURS)
    due = Registration.objects.filter(
        status=RS.CONFIRMED,
        meeting__status=Meeting.Status.PUBLISHED,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=horizon,
    ).select_related("meeting", "meeting__hub")
    for registration in due:
        with transaction.atomic():
            if emails.reminder(registration):
                counts["reminders"] += 1
    # Participants are asked for feedback once, after the meeting.
    ended = Registration.objects.filter(
        status__in=(RS.CONFIRMED, RS.ATTENDED),
        meeting__status=Meeting.Status.PUBLISHED,
        meeting__ends_at__lte=now,
        meeting__ends_at__gt=now - timedelta(days=7),
        feedback__isnull=True,
    ).select_related("meeting", "meeting__hub")
    for registration in ended:
        with transaction.atomic():
            if emails.feedback_request(registration):
                counts["feedback_requests"] += 1
    # Reserved seats that opened since the last run let the waitlist move.
    released = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED,
        starts_at__gt=now,
        reservations_release_at__lte=now,
        reservations_release_at__gt=now - timedelta(days=2),
        registrations__status=RS.WAITLISTED,
    ).distinct()
    for meeting in released:
        counts["released"] += len(release_reservations(meeting, now=now))
    # Organisers are reminded daily until the report is filed (for 30 days).
    unreported = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED,
        ends_at__lte=now,
        ends_at__gt=now - timedelta(days=30),
        report__isnull=True,
    ).select_related("hub")
    for meeting in unreported:
        for organiser in meeting_organisers(meeting):
            with transaction.atomic():
                if emails.report_reminder(meeting, organiser, day=timezone.localdate(now)):
                    counts["report_reminders"] += 1
    return counts


def anonymise_registrations(*, now: datetime | None = None) -> int:
    """Remove personal data of registrations LEARNING_RETENTION_DAYS after their
    meeting. Rows stay (with status and organisation) so counts survive."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.LEARNING_RETENTION_DAYS)
    with transaction.atomic():
        meetings = Meeting.objects.filter(ends_at__lt=cutoff, anonymised_at__isnull=True)
        count = Registration.objects.filter(
            meeting__in=meetings, anonymised_at__isnull=True
        ).update(
            user=None,
            name="",
            email="",
            organisation_name="",
            token=None,
            anonymised_at=now,
        )
        meetings.update(anonymised_at=now)
    return count
