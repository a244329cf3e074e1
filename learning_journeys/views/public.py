from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "learning_journeys/index.html")


def journey_detail(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_detail(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_register(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def guest_register(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_cancel_own(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_ics(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_feedback(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def guest_confirm(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def link_cancel(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def link_feedback(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def my_registrations(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def calendar_feed_reset(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def calendar_feed(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError
