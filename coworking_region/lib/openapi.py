"""The OpenAPI schema documents the API's error answers, not only its successes.

drf-spectacular documents what a view declares (200/201/204 and the few
errors some views name). Every view also answers, through DRF:

- 400 when the body or a filter does not validate: field errors
  ({"field": ["message"], "non_field_errors": [...]}, nested for nested
  fields), or {"detail": ...} for a body that cannot be parsed, or the view's
  own rule error ({"detail", "code"}) where it declares one;
- 403 for anonymous callers where signing in is needed, for callers the
  view's permissions refuse, and for signed-in writes without a CSRF token;
- 404 for an unknown object in the path and for a page past the end;
- 415 for a body in a media type the API does not parse;
- 429 for writes over the per-user write rate (coworking_region.throttling).

It also says that every query parameter may be empty, which is how the
filters read it: no filter.

`ApiAutoSchema` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds those answers to
every operation where they can occur, with their JSON bodies, so that the
schema is what clients (and the schemathesis test, tests/test_api_schemathesis.py)
can rely on. A view declares more with `extend_schema(responses=...)`, or
sets `denies_reads = True` when a read can answer 403 even where anonymous
reads are allowed (e.g. asking for one hub's values).
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.request import Request

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
JSON = "application/json"

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: a message in the caller's language, and for some errors a code.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
    "required": ["detail"],
}

VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Field errors: each field that did not validate (non_field_errors for the request "
        "as a whole) with its messages; a nested field's errors nest in the same way."
    ),
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}


def _anonymous_request(method: str) -> Request:
    request = Request(RequestFactory().generic(method, "/"))
    request.user = AnonymousUser()
    return request


class ApiAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                # An empty value (?hub=) is no filter, and page= the first page.
                parameter["allowEmptyValue"] = True
        responses = operation["responses"]
        for code, schema in self._error_schemas(operation).items():
            responses[code] = {
                "content": {JSON: {"schema": schema}},
                "description": str(ERROR_DESCRIPTIONS[code]),
            }
        return operation

    # --- Which errors an operation can answer ------------------------------------------

    def _error_schemas(self, operation: dict[str, Any]) -> dict[str, dict]:
        error = self._component("Error", ERROR_SCHEMA)
        errors: dict[str, dict] = {}
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        filters = getattr(self.view, "filterset_class", None) is not None
        if has_body or filters or "400" in operation["responses"]:
            errors["400"] = self._bad_request_schema(operation["responses"].get("400"), error)
        if self.method in UNSAFE_METHODS or self._may_deny_reads():
            errors["403"] = error
        if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters):
            errors["404"] = error
        if has_body:
            errors["415"] = error
        if self.method in UNSAFE_METHODS and self.view.get_throttles():
            errors["429"] = error
        return errors

    def _bad_request_schema(self, declared: dict | None, error: dict) -> dict:
        validation = self._component("ValidationError", VALIDATION_ERROR_SCHEMA)
        options = [validation, error]
        declared_schema = (declared or {}).get("content", {}).get(JSON, {}).get("schema")
        if declared_schema:
            options.insert(0, declared_schema)
        return {"anyOf": options}

    def _may_deny_reads(self) -> bool:
        """True unless anonymous callers pass the view's permissions (reads only)."""
        if getattr(self.view, "denies_reads", False):
            return True
        request = _anonymous_request(self.method)
        return not all(
            permission.has_permission(request, self.view)
            for permission in self.view.get_permissions()
        )

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref


ERROR_DESCRIPTIONS = {
    "400": _("The request does not validate: field errors, or a rule the change breaks."),
    "403": _("Not allowed: sign in, or you lack the rights (or the CSRF token) for this."),
    "404": _("No such object, or no such page of results."),
    "415": _("The body is in a media type the API does not read."),
    "429": _("Too many changes in a short time: wait a minute and try again."),
}
