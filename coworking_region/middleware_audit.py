"""Tell the audit trail who is making a change: the request's user is kept in a
context variable for the length of the request (coworking_region.audit)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from coworking_region import audit


class AuditUserMiddleware:
    """Must come after AuthenticationMiddleware (it reads request.user lazily)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.set_current_user(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            audit.reset_current_user(token)
