import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coworking_region.forms import ProfileForm
from coworking_region.health import run_checks
from coworking_region.retention import retention_periods
from hubs.permissions import is_admin, is_region_staff
from hubs.selectors import hub_list_where_manager


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"is_home": True})


@login_not_required
@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about.html")


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice; its retention periods are the settings in force."""
    return render(
        request,
        "privacy.html",
        {
            "retention": retention_periods(),
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        },
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    down = [check.name for check in checks if not check.ok]
    payload = {
        "status": "ok" if not down else "down",
        "down": down,
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JsonResponse(payload, status=503 if down else 200)


# Seconds a client is asked to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an unexpected error (500), or the database unreachable (503).

    Django calls this while handling the exception (sys.exc_info() is set), for
    errors in views and middleware alike. A lost or refused database
    connection is an outage, not a bug: a 503 page that asks the visitor to
    come back, with Retry-After. Neither page touches the database or the
    session; both are rendered without a request context.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page: who they are and which roles they hold,
    and a form for their name and organisation (a single-row edit)."""
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    return render(
        request,
        "account/profile.html",
        {
            "form": form,
            "managed_hubs": hub_list_where_manager(user_id=user.pk),
            "is_region_staff": is_region_staff(user),
            "is_admin": is_admin(user),
        },
    )
