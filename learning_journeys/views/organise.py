"""The organiser's pages (/laranderesor/arrangera/): journeys, meetings,
reserved seats, attendee list with check-in, CSV export, messages, the closing
report with insights, and feedback aggregates.

Organisers are Region staff (and admins), community managers of the venue hub
or the journey's lead hub, and a meeting's named organisers (see
learning_journeys.permissions). Anyone else gets 403; anonymous visitors are
sent to the login page by LoginRequiredMiddleware.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import slug_re
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hubs.models import Organisation

from .. import organise_selectors as selectors
from .. import services
from ..forms import (
    ATTENDANCE_VALUES,
    InsightForm,
    JourneyForm,
    MeetingForm,
    MessageForm,
    ReleaseForm,
    ReportForm,
    ReservationFormSet,
)
from ..models import Insight, LearningJourney, Meeting, MeetingReport
from ..permissions import can_organise, journeys_managed_by

RESERVATIONS_PREFIX = "reservations"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return selectors.meeting_get_for_organiser(user=request.user, pk=pk)


# --- Overview --------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    organiser = can_organise(request.user)
    _require(organiser or selectors.may_open_organiser_pages(request.user))
    overview = selectors.organiser_overview(user=request.user)
    return render(
        request,
        "learning_journeys/organise/index.html",
        {
            "overview": overview,
            "may_create_journey": organiser,
            "may_create_meeting": bool(overview.journeys),
        },
    )


# --- Journeys --------------------------------------------------------------------


def _save_journey(request: HttpRequest, form: JourneyForm) -> LearningJourney | None:
    try:
        with transaction.atomic():
            journey = form.save(commit=False)
            if journey.pk is None:
                journey.created_by = request.user
            journey.save()
            form.save_m2m()
    except IntegrityError:
        # Someone took the same address a moment ago.
        form.add_error("slug", _("Another learning journey already has this address."))
        return None
    return journey


@require_http_methods(["GET", "POST"])
def journey_create(request: HttpRequest) -> HttpResponse:
    _require(can_organise(request.user))
    form = JourneyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        journey = _save_journey(request, form)
        if journey is not None:
            messages.success(
                request,
                _("The learning journey “%(title)s” was created.") % {"title": journey.title},
            )
            return redirect("learning_journeys:organise-index")
    return render(
        request, "learning_journeys/organise/journey_form.html", {"form": form, "journey": None}
    )


@require_http_methods(["GET", "POST"])
def journey_edit(request: HttpRequest, slug: str) -> HttpResponse:
    journey = selectors.journey_get_for_organiser(user=request.user, slug=slug)
    form = JourneyForm(request.POST or None, instance=journey, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_journey(request, form)
        if saved is not None:
            messages.success(
                request,
                _("The learning journey “%(title)s” was saved.") % {"title": saved.title},
            )
            return redirect("learning_journeys:organise-index")
    # A failed save may have changed the instance in memory: show the stored title.
    journey.refresh_from_db(fields=["title", "slug"])
    return render(
        request, "learning_journeys/organise/journey_form.html", {"form": form, "journey": journey}
    )


# --- Meetings --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    _require(selectors.may_create_meeting(request.user))
    initial = {}
    slug = request.GET.get("journey", "")
    if slug and slug_re.match(slug):  # e.g. a NUL character, which the database refuses
        journey = journeys_managed_by(request.user).filter(slug=slug).first()
        if journey is not None:
            initial["journey"] = journey.pk
            initial["theme"] = journey.theme
            initial["hub"] = journey.hub_id
    form = MeetingForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(meeting=form.save(commit=False), creator=request.user)
        messages.success(
            request,
            _("The meeting “%(title)s” was created as a draft. Publish it to open sign-up.")
            % {"title": meeting.title},
        )
        return redirect("learning_journeys:organise-index")
    return render(
        request,
        "learning_journeys/organise/meeting_form.html",
        {
            "form": form,
            "meeting": None,
            "no_journeys": not form.fields["journey"].queryset.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    seats = services.seat_state(meeting)
    form = MeetingForm(
        request.POST or None, instance=meeting, user=request.user, seats_taken=seats.taken
    )
    if request.method == "POST" and form.is_valid() and _save_meeting(form):
        messages.success(
            request, _("The meeting “%(title)s” was saved.") % {"title": form.instance.title}
        )
        return redirect("learning_journeys:organise-index")
    meeting = Meeting.objects.select_related("journey", "hub").get(pk=pk)
    return render(
        request,
        "learning_journeys/organise/meeting_form.html",
        {"form": form, "meeting": meeting, "seats": seats},
    )


def _save_meeting(form: MeetingForm) -> bool:
    """Save through the service; a rule it enforces under the row lock
    (capacity vs seats taken meanwhile, cancelled) becomes a form error."""
    try:
        services.meeting_save_changes(meeting=form.instance)
    except services.RegistrationError as error:
        form.add_error("capacity" if error.code == "capacity_below_taken" else None, error.message)
        return False
    return True


@require_POST
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.meeting_publish(meeting=meeting)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("“%(title)s” is published: sign-up is open.") % {"title": meeting.title}
        )
    return redirect("learning_journeys:organise-index")


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if request.method == "POST":
        if meeting.status == Meeting.Status.CANCELLED:
            messages.info(request, _("The meeting was already cancelled."))
        else:
            services.meeting_cancel(meeting=meeting)
            messages.success(
                request,
                _("“%(title)s” is cancelled; everyone signed up is being emailed.")
                % {"title": meeting.title},
            )
        return redirect("learning_journeys:organise-index")
    return render(
        request,
        "learning_journeys/organise/meeting_cancel.html",
        {"meeting": meeting, "seats": services.seat_state(meeting)},
    )


# --- Reserved seats ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reservations(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    organisations = list(Organisation.objects.order_by("name"))
    data = request.POST if request.method == "POST" else None
    release_form = ReleaseForm(data, instance=meeting)
    formset = ReservationFormSet(
        data,
        queryset=meeting.reservations.select_related("organisation"),
        prefix=RESERVATIONS_PREFIX,
        meeting=meeting,
        organisations=organisations,
    )
    valid = request.method == "POST" and all([release_form.is_valid(), formset.is_valid()])
    if valid and _save_reservations(meeting, release_form, formset):
        messages.success(request, _("The reserved seats were saved."))
        return redirect("learning_journeys:organise-reservations", pk=meeting.pk)
    return render(
        request,
        "learning_journeys/organise/reservations.html",
        {
            "meeting": meeting,
            "release_form": release_form,
            "formset": formset,
            "seats": services.seat_state(Meeting.objects.get(pk=meeting.pk)),
        },
    )


def _save_reservations(meeting: Meeting, release_form: ReleaseForm, formset) -> bool:
    """All rows or none, with the meeting locked; the waitlist may move after."""
    try:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            locked.reservations_release_at = release_form.cleaned_data["reservations_release_at"]
            locked.save(update_fields=["reservations_release_at", "updated_at"])
            rows = formset.save(commit=False)
            for reservation in formset.deleted_objects:
                reservation.delete()
            for reservation in rows:
                reservation.meeting = locked
                reservation.save()
            services.promote_waitlist(locked)
    except IntegrityError:
        formset._non_form_errors = formset.error_class(
            [_("Each organisation can have one row only.")], renderer=formset.renderer
        )
        return False
    return True


# --- Attendees and check-in ---------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def attendees(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    # Without NUL characters, which the database refuses.
    search = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    lists = selectors.attendee_lists(meeting=meeting, search=search)
    seats = services.seat_state(meeting)
    return render(
        request,
        "learning_journeys/organise/attendees.html",
        {
            "meeting": meeting,
            "lists": lists,
            "search": search,
            "seats": seats,
            "seat_alert": selectors.seat_alert_level(seats.taken, seats.capacity),
        },
    )


@require_POST
def attendance(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    registration = selectors.registration_get_for_meeting(meeting=meeting, pk=registration_pk)
    value = request.POST.get("value", "")
    status_text = ""
    error = ""
    if value not in ATTENDANCE_VALUES:
        error = _("Choose attended, did not come or undo.")
    else:
        try:
            services.set_attendance(registration=registration, attended=ATTENDANCE_VALUES[value])
        except services.RegistrationError as exc:
            error = exc.message
        else:
            status_text = _("%(name)s: %(status)s.") % {
                "name": registration.display_name,
                "status": registration.get_status_display(),
            }
    if request.htmx:
        return render(
            request,
            "learning_journeys/organise/partials/attendee_row.html",
            {
                "meeting": meeting,
                "registration": registration,
                "status_text": error or status_text,
                "oob_status": True,
                "error": bool(error),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, status_text)
    url = reverse("learning_journeys:organise-attendees", kwargs={"pk": meeting.pk})
    return redirect(f"{url}#registration-{registration.pk}")


# --- CSV export --------------------------------------------------------------------

# Cells starting with one of these are run as formulas by Excel/LibreOffice;
# a leading apostrophe makes them plain text (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@require_http_methods(["GET", "HEAD"])
def attendees_csv(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    filename = f"{slugify(meeting.title) or 'meeting'}-{meeting.pk}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # UTF-8 with a byte order mark so Excel reads å, ä and ö; semicolons because
    # Excel with Swedish settings (decimal comma) expects them as the separator.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Name"), _("Email"), _("Organisation"), _("Status"), _("Signed up"), _("Checked in")]
    )
    for registration in selectors.attendees_for_export(meeting=meeting):
        writer.writerow(
            [
                _csv_cell(registration.display_name),
                _csv_cell(registration.email),
                _csv_cell(registration.organisation_label),
                _csv_cell(registration.get_status_display()),
                _local(registration.created_at),
                _local(registration.checked_in_at),
            ]
        )
    return response


# --- Message to attendees -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def message(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.message_attendees(
            meeting=meeting,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            sender=request.user,
        )
        messages.success(
            request,
            _("The message was queued for %(count)s people.") % {"count": count},
        )
        return redirect("learning_journeys:organise-attendees", pk=meeting.pk)
    return render(
        request,
        "learning_journeys/organise/message.html",
        {"meeting": meeting, "form": form, "recipients": selectors.seated_count(meeting=meeting)},
    )


# --- Closing report and insights -------------------------------------------------------


def _report_initial(meeting: Meeting) -> dict:
    report = MeetingReport.objects.filter(meeting=meeting).first()
    if report is not None:
        return {
            "participants": report.participants,
            "facilitators": report.facilitators,
            "organisations": list(report.organisations.all()),
            "summary": report.summary,
        }
    return services.attendance_suggestion(meeting)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    started = meeting.starts_at <= timezone.now()
    action = request.POST.get("action") if request.method == "POST" else None
    report_form = ReportForm(initial=_report_initial(meeting) if started else None)
    insight_form = InsightForm()
    if action and not started:
        messages.error(request, _("The report can be written once the meeting has started."))
        return redirect("learning_journeys:organise-report", pk=meeting.pk)
    if action == "report":
        report_form = ReportForm(request.POST)
        if report_form.is_valid():
            services.report_file(meeting=meeting, user=request.user, **report_form.cleaned_data)
            messages.success(request, _("The closing report was saved."))
            return redirect("learning_journeys:organise-report", pk=meeting.pk)
    elif action == "insight":
        insight_form = InsightForm(request.POST)
        if insight_form.is_valid():
            services.insight_add(
                journey=meeting.journey,
                meeting=meeting,
                user=request.user,
                **insight_form.cleaned_data,
            )
            messages.success(request, _("The insight was added."))
            return redirect(reverse("learning_journeys:organise-report", kwargs={"pk": pk}))
    elif action == "insight-delete":
        insight_pk = request.POST.get("insight", "")
        insight = (
            Insight.objects.filter(meeting=meeting, pk=int(insight_pk)).first()
            if insight_pk.isdecimal()  # not isdigit(): int("²") fails
            else None
        )
        if insight is not None and insight.created_by_id == request.user.pk:
            insight.delete()
            messages.success(request, _("The insight was removed."))
        else:
            messages.error(request, _("Only the person who wrote an insight can remove it."))
        return redirect("learning_journeys:organise-report", pk=meeting.pk)
    return render(
        request,
        "learning_journeys/organise/report.html",
        {
            "meeting": meeting,
            "started": started,
            "has_report": MeetingReport.objects.filter(meeting=meeting).exists(),
            "report_form": report_form,
            "insight_form": insight_form,
            "insights": meeting.insights.select_related("created_by").order_by("kind", "pk"),
        },
    )


# --- Feedback -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(
        request,
        "learning_journeys/organise/feedback.html",
        {"meeting": meeting, "summary": services.feedback_summary(meeting)},
    )
