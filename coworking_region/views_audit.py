"""The audit trail page for Region staff (/audit/): read only, filtered
by record type, record id, user and date range, 50 entries a page.

There is deliberately no view that adds, changes or deletes an entry.
"""

from datetime import datetime, time
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from coworking_region import audit
from coworking_region.models import AuditEntry
from hubs.forms import DateInput
from hubs.permissions import is_region_staff

PAGE_SIZE = 50
PAGE_PARAM = "sida"


def _model_choices() -> list[tuple[str, str]]:
    return [("", _("All record types"))] + [
        (audit.model_label(model), str(model._meta.verbose_name).capitalize())
        for model in audit.audited_models()
    ]


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Record type"), required=False, choices=_model_choices)
    object_pk = forms.CharField(label=_("Record id"), required=False, max_length=64)
    user = forms.CharField(
        label=_("User"),
        required=False,
        max_length=254,
        help_text=_("Email address, or part of it."),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _filtered(form: AuditFilterForm) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("user")
    form.is_valid()  # invalid fields are left out of cleaned_data and do not filter
    data = getattr(form, "cleaned_data", {})
    if data.get("model"):
        entries = entries.filter(model=data["model"])
    if data.get("object_pk"):
        entries = entries.filter(object_pk=data["object_pk"].strip())
    if data.get("user"):
        entries = entries.filter(user__email__icontains=data["user"].strip())
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        entries = entries.filter(
            created_at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min), tz)
        )
    if data.get("date_to"):
        entries = entries.filter(
            created_at__lte=timezone.make_aware(datetime.combine(data["date_to"], time.max), tz)
        )
    return entries


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def change_rows(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) for display; many-to-many changes show the ids
    removed as "before" and the ids added as "after"."""
    rows = []
    for field, value in sorted((entry.changes or {}).items()):
        if entry.action == AuditEntry.Action.CREATE:
            before, after = None, value
        elif entry.action == AuditEntry.Action.DELETE:
            before, after = value, None
        elif isinstance(value, dict):
            before, after = value.get("removed"), value.get("added")
        elif isinstance(value, list) and len(value) == 2:  # noqa: PLR2004 - [before, after]
            before, after = value
        else:
            before, after = None, value
        rows.append((field, _display(before), _display(after)))
    return rows


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    if not is_region_staff(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    page = Paginator(_filtered(form), PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    labels = dict(_model_choices())
    entries = [
        {
            "entry": entry,
            "model_name": labels.get(entry.model, entry.model),
            "rows": change_rows(entry),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "entries": entries},
    )
