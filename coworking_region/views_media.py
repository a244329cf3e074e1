"""Serving uploaded files (MEDIA_ROOT): only photos, never as a web page.

The portal serves /media/ itself, in development and in production alike (the
compose stack has no separate file server). Only files whose extension is a
photo type (JPEG, PNG, WebP) and whose first bytes are that type's signature
are served, with that Content-Type; anything else (an .html or .svg file, a
"photo" that is really text) is a 404. Every answer carries
`X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy, so
even a file that slipped past the upload checks (hubs/uploads.py) cannot run
script in the portal's origin. A reverse proxy that serves /media/ instead must
send the same headers (see README, "Production stack").
"""

import os
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from hubs.uploads import PHOTO_CONTENT_TYPES

# Content-Type -> the ways a file of that type begins.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
# Nothing may load or run; a photo opened on its own still shows (the browser's
# image viewer styles its page inline, hence style-src).
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
MEDIA_MAX_AGE = 3600


def _has_signature(head: bytes, content_type: str) -> bool:
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head.startswith(SIGNATURES[content_type])


def media_headers(response: HttpResponseBase) -> HttpResponseBase:
    """The headers every served upload carries (also for 304 answers)."""
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, so django-csp leaves it as it is (it only adds a missing header).
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response


@login_not_required  # hub photos are public, like the hub pages that show them
@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    content_type = PHOTO_CONTENT_TYPES.get(PurePosixPath(path).suffix.lower().lstrip("."))
    if content_type is None:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        full = Path(safe_join(root, path)).resolve()
    except (SuspiciousFileOperation, ValueError) as exc:
        raise Http404 from exc
    if not full.is_relative_to(root) or not full.is_file():
        raise Http404
    handle = full.open("rb")
    try:
        head = handle.read(12)
        handle.seek(0)
        if not _has_signature(head, content_type):
            raise Http404
        modified = os.fstat(handle.fileno()).st_mtime
        if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(modified)):
            handle.close()
            return media_headers(HttpResponseNotModified())
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=content_type, filename=full.name)
    response["Last-Modified"] = http_date(modified)
    return media_headers(response)
