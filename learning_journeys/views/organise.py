from django.contrib.auth.decorators import login_not_required


def index(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def journey_create(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def journey_edit(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_create(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_edit(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_publish(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def meeting_cancel(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def reservations(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def attendees(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def attendees_csv(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def attendance(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def message(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def report(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def feedback(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError
