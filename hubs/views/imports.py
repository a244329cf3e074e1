"""Spreadsheet import for community managers: upload → preview → confirm.

The preview keeps the parsed rows (a JSON `Table`) and the file's sha256 in the
session, never on disk; confirm validates them again and imports all or nothing
(hubs.imports.import_run).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hubs.forms import ImportUploadForm
from hubs.imports import (
    ACTIVITY_COLUMNS,
    MAX_ROWS,
    OCCUPANCY_COLUMNS,
    ImportFileError,
    ImportKind,
    ImportRejected,
    Preview,
    Table,
    import_run,
    read_upload,
    validate,
)
from hubs.models import Hub
from hubs.permissions import can_manage_hub

SESSION_KEY = "hubs_import"
PREVIEW_ROWS = 100  # rows listed on the preview page; the summary counts them all
PREVIEW_ERRORS = 500  # errors listed on the preview page; the heading counts them all


def _hub_for_import(request: HttpRequest, slug: str) -> Hub:
    """The hub, if the user may import into it: its community managers only."""
    hub = get_object_or_404(Hub, slug=slug, is_active=True)
    if not can_manage_hub(request.user, hub):
        raise PermissionDenied
    return hub


def _upload_page(request: HttpRequest, hub: Hub, form: ImportUploadForm) -> HttpResponse:
    return render(
        request,
        "hubs/import/upload.html",
        {
            "hub": hub,
            "form": form,
            "activity_columns": ACTIVITY_COLUMNS,
            "occupancy_columns": OCCUPANCY_COLUMNS,
            "max_rows": MAX_ROWS,
            "max_size": filesizeformat(settings.IMPORT_MAX_BYTES),
        },
    )


def _preview_page(
    request: HttpRequest, hub: Hub, preview: Preview, *, filename: str, digest: str
) -> HttpResponse:
    return render(
        request,
        "hubs/import/preview.html",
        {
            "hub": hub,
            "preview": preview,
            "filename": filename,
            "digest": digest,
            "kind_label": ImportKind(preview.kind).label,
            "shown_records": preview.records[:PREVIEW_ROWS],
            "hidden_count": max(0, len(preview.records) - PREVIEW_ROWS),
            "shown_errors": preview.errors[:PREVIEW_ERRORS],
            "hidden_error_count": max(0, len(preview.errors) - PREVIEW_ERRORS),
        },
    )


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub_for_import(request, slug)
    if request.method != "POST":
        return _upload_page(request, hub, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    request.session.pop(SESSION_KEY, None)
    if not form.is_valid():
        return _upload_page(request, hub, form)
    kind = form.cleaned_data["kind"]
    upload = form.cleaned_data["file"]
    try:
        table, digest = read_upload(upload, kind=kind)
    except ImportFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _upload_page(request, hub, form)
    preview = validate(kind=kind, hub=hub, table=table)
    if preview.ok:
        request.session[SESSION_KEY] = {
            "hub": hub.pk,
            "kind": kind,
            "sha256": digest,
            "filename": upload.name,
            "table": table.to_json(),
        }
    return _preview_page(request, hub, preview, filename=upload.name, digest=digest)


@require_POST
def import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub_for_import(request, slug)
    upload_url = reverse("hubs:import-upload", kwargs={"slug": hub.slug})
    payload = request.session.pop(SESSION_KEY, None)
    if (
        not isinstance(payload, dict)
        or payload.get("hub") != hub.pk
        or payload.get("kind") not in ImportKind.values
        or not payload.get("sha256")
        or payload.get("sha256") != request.POST.get("sha256")
    ):
        messages.error(
            request,
            _("There is no previewed file to import (or it was replaced). Upload the file again."),
        )
        return redirect(upload_url)
    try:
        table = Table.from_json(payload.get("table"))
        result = import_run(actor=request.user, hub=hub, kind=payload["kind"], table=table)
    except ImportFileError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(upload_url)
    except ImportRejected as exc:
        # The rows no longer pass (the data changed since the preview): show why.
        return _preview_page(
            request,
            hub,
            exc.preview,
            filename=str(payload.get("filename", "")),
            digest=str(payload["sha256"]),
        )
    except ValidationError:
        messages.error(
            request,
            _("The file could not be imported: the data changed meanwhile. Nothing was saved."),
        )
        return redirect(upload_url)
    if result.kind == ImportKind.ACTIVITIES:
        text = _("Import done: %(created)s new activities, %(updated)s updated.")
    else:
        text = _("Import done: %(created)s new days of occupancy, %(updated)s updated.")
    messages.success(request, text % {"created": result.created, "updated": result.updated})
    return redirect(upload_url)
