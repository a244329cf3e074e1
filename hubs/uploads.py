"""Uploaded files are checked by their content, never trusted by name or type.

Photos (`PhotoField`, used by `Hub.photo`): the bytes must decode with Pillow as
a JPEG, PNG or WebP image of at most `HUB_PHOTO_MAX_PIXELS` pixels and must not
carry web-page or script markup (a "polyglot"). What is stored is never the
uploaded file itself but a re-encoded copy: no EXIF (camera, GPS position), no
comments or trailing data, at most `HUB_PHOTO_MAX_WIDTH` pixels wide, under a
name whose extension comes from the detected format, not from the client.

Spreadsheets: `hubs.imports` uses the signatures and the markup test below to
make a file's extension and its content agree before anything parses it.

This module imports nothing from `hubs.models` (which uses it).
"""

import io
import re
import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# --- Signatures ----------------------------------------------------------------------

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive (and so an XLSX), or an empty one
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted Office files
# Text that makes a file a web page or an XML document rather than a table or a
# picture. Only the start of a text file is tested (a CSV cell may contain "<").
_MARKUP_START = re.compile(
    r"^\s*<(?:!doctype|html|\?xml|svg|script|head|body|iframe|!--)(?:[\s>/]|$)",
    re.IGNORECASE,
)
# Markup anywhere inside an image file: a picture that is also a web page or a
# script. The patterns are long enough (6+ bytes) that compressed pixels contain
# one by chance in fewer than 1 of 100 000 photos of 2 MB.
_MARKUP_INSIDE = re.compile(
    rb"<script|<html[\s>]|<!doctype|<iframe|<\?php\s|<body[\s>]", re.IGNORECASE
)


def starts_with_markup(text: str) -> bool:
    """True when the text begins like an HTML, SVG or XML document."""
    return bool(_MARKUP_START.match(text.lstrip("\ufeff")))


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_SIGNATURES)


def is_ole(data: bytes) -> bool:
    return data.startswith(OLE_SIGNATURE)


# --- Photos --------------------------------------------------------------------------

# Pillow format detected -> the format stored. MPO is a JPEG with extra pictures
# (many phone and camera photos): its first picture is stored as JPEG.
PHOTO_FORMATS: dict[str, str] = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
# Stored format -> extension of the stored file; extension -> the type it is served with.
PHOTO_EXTENSIONS: dict[str, str] = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_CONTENT_TYPES: dict[str, str] = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
JPEG_QUALITY = 85
WEBP_QUALITY = 85


def _not_an_image() -> ValidationError:
    return ValidationError(
        _(
            "The file is not a JPEG, PNG or WebP image, or it is damaged. Save the photo "
            "again as JPEG, PNG or WebP and upload it."
        ),
        code="photo_not_image",
    )


def _too_large(limit: int) -> ValidationError:
    # The same message as hubs.models.validate_photo_size.
    return ValidationError(
        _("The photo is larger than %(limit)s MB."),
        code="photo_too_large",
        params={"limit": limit // (1024 * 1024)},
    )


def _too_many_pixels(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The photo has too many pixels (at most %(megapixels)s megapixels). Make it "
            "smaller and upload it again."
        ),
        code="photo_too_many_pixels",
        params={"megapixels": limit // 1_000_000},
    )


def read_limited(file: Any, limit: int) -> bytes:
    """At most `limit + 1` bytes of an (uploaded or stored) file, from its start."""
    if hasattr(file, "open") and getattr(file, "closed", False):
        file.open("rb")
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    return data


def decode_photo(data: bytes) -> Image.Image:
    """The decoded image, if `data` is a whole JPEG, PNG or WebP picture within the limits.

    Raises ValidationError (translated) otherwise. The header is read first, so a
    "decompression bomb" is refused by its declared size before any pixel is decoded.
    """
    if not data:
        raise _not_an_image()
    if _MARKUP_INSIDE.search(data):
        raise ValidationError(
            _(
                "The file contains web page or script code besides the picture. Save the "
                "photo again from an image program and upload it."
            ),
            code="photo_markup",
        )
    max_pixels = settings.HUB_PHOTO_MAX_PIXELS
    with warnings.catch_warnings():
        # Pillow warns about damaged metadata (EXIF) it then skips; the metadata
        # is dropped anyway. A decompression bomb warning is a refusal.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            detected = probe.format or ""
            width, height = probe.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except Exception as exc:  # UnidentifiedImageError, or a parser tripping on junk
            raise _not_an_image() from exc
        if detected not in PHOTO_FORMATS:
            raise ValidationError(
                _(
                    "The file is a %(format)s image; only JPEG, PNG and WebP photos are "
                    "accepted. Save it as JPEG, PNG or WebP and upload it again."
                ),
                code="photo_format",
                params={"format": detected},
            )
        if width * height > max_pixels or width < 1 or height < 1:
            raise _too_many_pixels(max_pixels)
        try:
            probe.verify()  # checksums and structure, without decoding the pixels
            image = Image.open(io.BytesIO(data))
            if image.format != detected:
                raise _not_an_image()
            if PHOTO_FORMATS[detected] == "JPEG":
                # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while decoding:
                # far less memory for a big photo that is shrunk anyway.
                max_width = settings.HUB_PHOTO_MAX_WIDTH
                image.draft("RGB", (max_width, max(1, height * max_width // width)))
            image.load()  # a truncated or corrupt file fails here
        except ValidationError:
            raise
        except Exception as exc:  # Pillow raises many kinds of errors on broken data
            raise _not_an_image() from exc
    return image


def encode_photo(image: Image.Image, image_format: str) -> bytes:
    """Re-encode a decoded photo: upright, metadata-free, at most HUB_PHOTO_MAX_WIDTH wide."""
    icc_profile = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    # Turn the picture upright by its EXIF orientation before the EXIF is dropped;
    # with unreadable EXIF (Pillow warns or raises) the picture stays as it is.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            upright = ImageOps.exif_transpose(image)
    except Exception:  # any EXIF error just means "no orientation"
        upright = None
    image = upright or image
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            if image.mode == "CMYK":
                icc_profile = None  # a CMYK profile does not describe RGB pixels
            image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    max_width = settings.HUB_PHOTO_MAX_WIDTH
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    # Keep nothing of the original file's metadata (EXIF, XMP, comments, text
    # chunks) except the colour profile, which is needed to show the right colours.
    image.info = {}
    options: dict[str, Any] = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    else:
        # zlib's default level: optimize=True took 6 s for a 2-megapixel photo.
        options.update(compress_level=6)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def sanitize_photo(file: Any) -> ContentFile:
    """A verified, re-encoded copy of an uploaded photo, named by its real format.

    Raises ValidationError (translated) when the file is too large, not a JPEG,
    PNG or WebP image, has too many pixels or carries markup.
    """
    limit = settings.HUB_PHOTO_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    data = read_limited(file, limit)
    if len(data) > limit:
        raise _too_large(limit)
    image = decode_photo(data)
    image_format = PHOTO_FORMATS[image.format or ""]
    try:
        content = encode_photo(image, image_format)
    except (OSError, ValueError) as exc:  # a pixel mode that cannot be stored as this format
        raise _not_an_image() from exc
    return ContentFile(content, name=f"photo.{PHOTO_EXTENSIONS[image_format]}")


_SANITIZED = "_sanitized_photo"


def validate_photo_content(file: Any) -> None:
    """Model validator: a newly uploaded photo must pass `sanitize_photo`.

    Stored photos (already checked when they were saved) are not read again. An
    oversized file is left to `validate_photo_size`, so it is reported once. The
    re-encoded copy is kept on the file object for `PhotoField.pre_save`.
    """
    if not file or getattr(file, "_committed", False):
        return
    size = getattr(file, "size", None)
    if size is not None and size > settings.HUB_PHOTO_MAX_BYTES:
        return
    setattr(file, _SANITIZED, sanitize_photo(file))


class PhotoField(models.ImageField):
    """An ImageField that only ever stores a re-encoded copy of a verified photo.

    `validate_photo_content` runs with the model's validation (admin and model
    forms, `full_clean`). `pre_save` re-encodes again if validation was skipped:
    an upload that has not passed the checks is never written to storage (it
    raises ValidationError instead).
    """

    default_validators = [validate_photo_content]

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            clean = getattr(file, _SANITIZED, None) or sanitize_photo(file)
            # FieldFile.save names the file by upload_to from the clean name, so
            # the stored extension is the detected format's.
            file.save(clean.name, clean, save=False)
        return super().pre_save(model_instance, add)
