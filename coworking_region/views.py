from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coworking_region.forms import ProfileForm
from coworking_region.health import run_checks
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
