from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hubs.permissions import hubs_managed_by
from hubs.selectors import hub_list_public


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Mötesplatser 2.0: what the hubs part is for, and the hubs we know of."""
    return render(
        request,
        "hubs/index.html",
        {
            "hubs": hub_list_public(),
            "managed_hubs": hubs_managed_by(request.user),
        },
    )
