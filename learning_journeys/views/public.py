"""Public and coworker pages of learning journeys: the meeting list, journeys,
meeting pages with one-click sign-up and the waitlist, guest sign-up with
double opt-in, signed links from emails (confirm, cancel, feedback), "my
sign-ups" and calendar files."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coworking_region.lib.ratelimit import client_ip, too_many

from .. import ical, links, permissions, selectors, services
from ..forms_signup import FeedbackForm, GuestSignupForm, MeetingFilterForm, SignupForm
from ..models import CalendarFeed, Meeting, Registration, new_token

RS = Registration.Status
CANCELLABLE = (RS.PENDING, RS.CONFIRMED, RS.WAITLISTED)


def _link_invalid(request: HttpRequest) -> HttpResponse:
    """A forged, expired or no longer valid link: a friendly page, status 404."""
    return render(request, "learning_journeys/link_invalid.html", status=404)


def _may_cancel(registration: Registration) -> bool:
    """Cancelling (or leaving the waitlist) makes sense until the meeting has ended."""
    return registration.status in CANCELLABLE and registration.meeting.ends_at > timezone.now()


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would read any other text (e.g. "x")
    # as a URL pattern name and fail.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Lists and pages -------------------------------------------------------------


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings (filterable without JS) and the journeys."""
    hubs, municipalities = selectors.filter_choices()
    form = MeetingFilterForm(request.GET or None, hubs=hubs, municipalities=municipalities)
    filters = form.filters()
    meetings = list(selectors.meeting_list_upcoming(**filters))
    return render(
        request,
        "learning_journeys/index.html",
        {
            "form": form,
            "meetings": meetings,
            "is_filtered": bool(filters),
            "journeys": list(selectors.journey_list_public()),
            "may_organise": permissions.can_open_organiser_pages(request.user),
        },
    )


@login_not_required
@require_GET
def journey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    journey = selectors.journey_get_for_user(slug=slug, user=request.user)
    now = timezone.now()
    timeline = selectors.journey_timeline(journey)
    return render(
        request,
        "learning_journeys/journey_detail.html",
        {
            "journey": journey,
            "organisations": list(journey.organisations.all()),
            "upcoming": [m for m in timeline if m.ends_at >= now],
            "past": [m for m in timeline if m.ends_at < now],
            "insight_groups": selectors.journey_insights_by_kind(journey),
        },
    )


@login_not_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    state = services.seat_state(meeting)
    registration = selectors.registration_active_for_user(meeting=meeting, user=request.user)
    context: dict[str, Any] = {
        "meeting": meeting,
        "state": state,
        "seats_left": state.free_for_everyone,
        "reserved_seats": sum(state.held.values()),
        "closed_reason": services.registration_closed_reason(meeting),
        "registration": registration,
        "waitlist_position": services.waitlist_position(registration) if registration else None,
        "may_cancel": registration is not None and _may_cancel(registration),
        "may_give_feedback": registration is not None and services.feedback_allowed(registration),
        "is_past": meeting.ends_at < timezone.now(),
        "is_organiser": permissions.can_organise_meeting(request.user, meeting),
        "journey_is_public": meeting.journey.is_public,
    }
    if request.user.is_authenticated and registration is None:
        context["signup_form"] = SignupForm(organisations=selectors.organisation_options())
    return render(request, "learning_journeys/meeting_detail.html", context)


# --- Signing up and cancelling as a logged-in user -------------------------------


TOO_MANY_MESSAGE = _lazy(
    "Too many sign-up attempts in a short time. Please wait a few minutes and try again."
)


def _too_many_sign_ups(who: str) -> bool:
    return too_many(
        f"meeting-signup:{who}",
        limit=settings.SIGNUP_RATE_LIMIT,
        period_seconds=settings.SIGNUP_RATE_PERIOD_SECONDS,
    )


@require_POST
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    if _too_many_sign_ups(f"user:{request.user.pk}"):
        messages.error(request, TOO_MANY_MESSAGE)
        return redirect(meeting)
    form = SignupForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The organisation you chose is not in the list. Please try again.")
        )
        return redirect(meeting)
    try:
        registration = services.register_user(
            meeting=meeting,
            user=request.user,
            join_waitlist=form.cleaned_data["join_waitlist"],
            **form.organisation_kwargs(),
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    if registration.status == RS.WAITLISTED:
        messages.success(
            request,
            _("You are on the waitlist, number %(position)d. We email you if a seat becomes free.")
            % {"position": services.waitlist_position(registration)},
        )
    else:
        messages.success(
            request, _("You are signed up. A confirmation is on its way to your email.")
        )
    return redirect(meeting)


@require_POST
def meeting_cancel_own(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one's own sign-up, or leave the waitlist."""
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    registration = selectors.registration_active_for_user(meeting=meeting, user=request.user)
    back = _safe_next(request, meeting.get_absolute_url())
    if registration is None or not _may_cancel(registration):
        messages.error(request, _("You have no sign-up to cancel for this meeting."))
        return redirect(back)
    was_waitlisted = registration.status == RS.WAITLISTED
    try:
        services.cancel_registration(registration=registration)
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect(back)
    if was_waitlisted:
        messages.success(request, _("You have left the waitlist."))
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect(back)


# --- Guests: sign-up with double opt-in ------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_register(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("learning_journeys:meeting-detail", pk=pk)
    meeting = selectors.meeting_get_public(pk=pk)
    closed_reason = services.registration_closed_reason(meeting)
    organisations = selectors.organisation_options()
    form = GuestSignupForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST" and _too_many_sign_ups(f"ip:{client_ip(request)}"):
        form.is_valid()
        form.add_error(None, TOO_MANY_MESSAGE)
        status = 429
    elif request.method == "POST" and closed_reason is None and form.is_valid():
        try:
            services.register_guest(
                meeting=meeting,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                **form.organisation_kwargs(),
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "learning_journeys/guest_check_email.html", {"meeting": meeting})
    return render(
        request,
        "learning_journeys/guest_register.html",
        {
            "meeting": meeting,
            "form": form,
            "closed_reason": closed_reason,
            "is_full": closed_reason is None
            and services.seat_state(meeting).free_for_everyone == 0,
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """GET only shows a button (mail scanners follow links); POST confirms."""
    registration = links.resolve(signed, links.CONFIRM_SALT, max_age=links.CONFIRM_MAX_AGE)
    if registration is None:
        return _link_invalid(request)
    error = None
    if request.method == "POST":
        try:
            registration = services.confirm_guest(registration=registration)
        except services.RegistrationError as exc:
            error = exc.message
    return render(
        request,
        "learning_journeys/guest_confirm.html",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "error": error,
            "waitlist_position": services.waitlist_position(registration),
        },
    )


# --- Signed links: cancel and feedback without logging in -------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def link_cancel(request: HttpRequest, signed: str) -> HttpResponse:
    registration = links.resolve(signed, links.CANCEL_SALT)
    if registration is None:
        return _link_invalid(request)
    error = None
    just_cancelled = False
    if request.method == "POST" and _may_cancel(registration):
        try:
            registration = services.cancel_registration(registration=registration)
            just_cancelled = True
        except services.RegistrationError as exc:
            error = exc.message
    return render(
        request,
        "learning_journeys/link_cancel.html",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "may_cancel": _may_cancel(registration),
            "just_cancelled": just_cancelled,
            "error": error,
            "waitlist_position": services.waitlist_position(registration),
        },
    )


def _feedback(
    request: HttpRequest, registration: Registration | None, *, done_url: str | None
) -> HttpResponse:
    """The feedback form for one registration; `done_url` None renders a thank-you page."""
    if registration is None or not services.feedback_allowed(registration):
        meeting = registration.meeting if registration else None
        return render(
            request, "learning_journeys/feedback_unavailable.html", {"meeting": meeting}, status=403
        )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(registration=registration, **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            if done_url:
                messages.success(request, _("Thank you for your feedback."))
                return redirect(done_url)
            return render(
                request, "learning_journeys/feedback_thanks.html", {"meeting": registration.meeting}
            )
    return render(
        request,
        "learning_journeys/feedback_form.html",
        {"form": form, "meeting": registration.meeting},
    )


@require_http_methods(["GET", "POST"])
def meeting_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Meeting.objects.exclude(status=Meeting.Status.DRAFT), pk=pk)
    registration = selectors.registration_for_feedback(meeting_pk=pk, user=request.user)
    return _feedback(request, registration, done_url=reverse("learning_journeys:my-registrations"))


@login_not_required
@require_http_methods(["GET", "POST"])
def link_feedback(request: HttpRequest, signed: str) -> HttpResponse:
    registration = links.resolve(signed, links.FEEDBACK_SALT)
    if registration is None:
        return _link_invalid(request)
    return _feedback(request, registration, done_url=None)


# --- My sign-ups and calendars -----------------------------------------------------


@require_GET
def my_registrations(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.registrations_for_user(user=request.user)
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    return render(
        request,
        "learning_journeys/my_registrations.html",
        {
            "upcoming": upcoming,
            "past": past,
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()),
        },
    )


@require_POST
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    """A new feed address; the old one stops working."""
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    messages.success(
        request, _("Your calendar has a new address. The old address no longer works.")
    )
    return redirect("learning_journeys:my-registrations")


def _calendar_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_public(pk=pk)
    return _calendar_response(
        ical.meeting_ics(meeting), filename=ical.meeting_ics_filename(meeting)
    )


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's private feed: the token in the URL is the only key."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    meetings = selectors.calendar_feed_meetings(feed=feed)
    response = _calendar_response(ical.calendar_for(meetings, name=_("My learning meetings")))
    response["Cache-Control"] = "private, no-store"
    return response
