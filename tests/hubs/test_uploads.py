"""Uploads are checked by content: hub photos, spreadsheet imports, and how /media/ is served."""

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from hubs import imports
from hubs.imports import ImportFileError, read_table
from hubs.models import Activity, Hub
from hubs.uploads import sanitize_photo, starts_with_markup
from tests.factories import HubFactory

GPS_LATITUDE = (63.0, 10.0, 42.0)


# --- helpers ------------------------------------------------------------------------


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB", color="green", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps(size=(60, 40), orientation=6):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (14.0, 38.0, 0.0),
    }
    return image_bytes("JPEG", size, exif=exif.tobytes())


def png_claiming_size(width, height):
    """A 1x1 PNG whose header declares another size (a decompression bomb's header)."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def error_codes(error: ValidationError, field="photo"):
    return [e.code for e in error.error_dict[field]] if hasattr(error, "error_dict") else []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_files(root: Path):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def stored_image(path: Path) -> Image.Image:
    return Image.open(io.BytesIO(path.read_bytes()))


def save_photo(hub, name, data):
    hub.photo = upload(name, data)
    hub.full_clean()
    hub.save()
    hub.refresh_from_db()
    return hub.photo


# --- photos: accepted, re-encoded --------------------------------------------------------


def test_jpeg_is_stored_reencoded_without_exif_gps_and_upright(hub, media):
    data = jpeg_with_gps(size=(60, 40), orientation=6)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    photo = save_photo(hub, "IMG_0001.JPG", data)
    assert photo.name == "hubs/samverket.jpg"
    stored = (media / photo.name).read_bytes()
    assert stored != data
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert "exif" not in image.info
    assert not image.getexif()  # no camera, no orientation, no GPS
    assert b"PhoneMaker" not in stored
    assert image.size == (40, 60)  # orientation 6 applied before the EXIF was dropped


def test_stored_extension_comes_from_the_content_not_the_client_name(hub, media):
    photo = save_photo(hub, "holiday.jpg", image_bytes("PNG"))
    assert photo.name == "hubs/samverket.png"
    assert stored_image(media / photo.name).format == "PNG"


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("WEBP", "webp"), ("JPEG", "jpg")])
def test_each_accepted_format_keeps_its_format(hub, media, fmt, extension):
    photo = save_photo(hub, f"bild.{extension}", image_bytes(fmt, mode="RGB"))
    assert photo.name == f"hubs/samverket.{extension}"
    assert stored_image(media / photo.name).format == fmt


def test_png_metadata_and_trailing_payload_are_dropped(hub, media):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "home address: Storgatan 1")
    data = image_bytes("PNG", pnginfo=info) + b"TRAILING-PAYLOAD" * 50
    photo = save_photo(hub, "bild.png", data)
    stored = (media / photo.name).read_bytes()
    assert b"Storgatan" not in stored
    assert b"TRAILING-PAYLOAD" not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")


def test_transparent_palette_png_keeps_its_transparency(hub, media):
    image = Image.new("P", (10, 10), 0)
    image.putpalette([255, 0, 0, 0, 255, 0])
    image.putpixel((5, 5), 1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=0)
    photo = save_photo(hub, "logo.png", buffer.getvalue())
    stored = stored_image(media / photo.name)
    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0
    assert stored.getpixel((5, 5)) == (0, 255, 0, 255)


def test_wide_photos_are_scaled_down(hub, media, settings):
    settings.HUB_PHOTO_MAX_WIDTH = 50
    photo = save_photo(hub, "panorama.png", image_bytes("PNG", size=(400, 100)))
    assert stored_image(media / photo.name).size == (50, 12)
    # A JPEG is scaled while it is decoded (by 1/8 here), rounding up.
    photo = save_photo(HubFactory(slug="stor"), "stor.jpg", image_bytes("JPEG", size=(400, 100)))
    assert stored_image(media / photo.name).size == (50, 13)
    narrow = save_photo(HubFactory(slug="liten"), "liten.jpg", image_bytes("JPEG", size=(30, 20)))
    assert stored_image(media / narrow.name).size == (30, 20)


# --- photos: refused ---------------------------------------------------------------------

GIF = image_bytes("GIF")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(1)</script></svg>"
)
TOO_MANY_PIXELS = "photo_too_many_pixels"
REFUSED = {
    "html named .png": ("bild.png", HTML, "photo_markup"),
    "svg with script named .png": ("bild.png", SVG, "photo_markup"),
    "plain svg named .png": (
        "bild.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>',
        "photo_not_image",
    ),
    "plain text named .jpg": ("bild.jpg", b"just some text, no picture", "photo_not_image"),
    "gif named .png": ("bild.png", GIF, "photo_format"),
    "gif with script named .png": (
        "bild.png",
        b"GIF89a/*" + GIF[8:] + b"*/=alert(1);<script>alert(1)</script>",
        "photo_markup",
    ),
    "bmp named .png": ("bild.png", image_bytes("BMP"), "photo_format"),
    "png + html polyglot": (
        "bild.png",
        image_bytes("PNG") + b"<html><script>alert(1)</script></html>",
        "photo_markup",
    ),
    "jpeg with script in a comment": (
        "bild.jpg",
        image_bytes("JPEG", comment=b"<script>alert(1)</script>"),
        "photo_markup",
    ),
    "truncated jpeg": ("bild.jpg", image_bytes("JPEG", size=(200, 200))[:400], "photo_not_image"),
    "empty": ("bild.png", b"", "photo_not_image"),
    "header of 30000 x 30000": (
        "bomb.png",
        png_claiming_size(30_000, 30_000),
        "photo_too_many_pixels",
    ),
    "header of 8000 x 8000": ("bomb.png", png_claiming_size(8000, 8000), "photo_too_many_pixels"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_bad_photos_are_refused_and_nothing_is_stored(hub, media, case):
    name, data, code = REFUSED[case]
    hub.photo = upload(name, data)
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    assert code in error_codes(error.value)
    hub.refresh_from_db()
    assert not hub.photo
    assert stored_files(media) == []


def test_decompression_bomb_is_refused_before_decoding(settings):
    settings.HUB_PHOTO_MAX_PIXELS = 10_000
    small_file = image_bytes("PNG", size=(200, 200), mode="1")  # 40 000 pixels, a few hundred bytes
    assert len(small_file) < 1000
    with pytest.raises(ValidationError) as error:
        sanitize_photo(upload("bomb.png", small_file))
    assert error.value.code == "photo_too_many_pixels"
    settings.HUB_PHOTO_MAX_PIXELS = 40_000
    assert sanitize_photo(upload("ok.png", small_file)).name == "photo.png"


def test_an_oversized_photo_gets_one_error(hub, media, settings):
    data = image_bytes("PNG", size=(100, 100))
    settings.HUB_PHOTO_MAX_BYTES = len(data) - 1
    hub.photo = upload("bild.png", data)
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    assert len(error.value.message_dict["photo"]) == 1
    with pytest.raises(ValidationError):
        sanitize_photo(upload("bild.png", data))


def test_saving_without_validation_still_never_stores_an_unchecked_file(hub, media):
    hub.photo = upload("bild.png", HTML)
    with pytest.raises(ValidationError), transaction.atomic():
        hub.save()
    assert stored_files(media) == []
    hub.refresh_from_db()
    assert not hub.photo


def test_unchanged_stored_photo_is_not_checked_again(hub, media):
    save_photo(hub, "bild.png", image_bytes("PNG"))
    (media / hub.photo.name).write_bytes(b"no longer an image")
    hub.description = "Ny beskrivning"
    hub.full_clean()  # editing other fields does not re-read the stored photo


def test_model_form_shows_a_translated_error_and_saves_nothing(hub, media):
    form_class = modelform_factory(Hub, fields=["photo", "photo_alt"])
    with translation.override("en"):
        form = form_class(
            data={"photo_alt": "Kontoret"},
            files={"photo": upload("bild.png", GIF)},
            instance=hub,
        )
        assert not form.is_valid()
        assert any("GIF" in message for message in form.errors["photo"])
        assert any("JPEG, PNG and WebP" in message for message in form.errors["photo"])
    hub.refresh_from_db()
    assert (hub.photo_alt, bool(hub.photo)) == ("", False)
    assert stored_files(media) == []

    form = form_class(
        data={"photo_alt": "Kontoret"},
        files={"photo": upload("bild.jpg", jpeg_with_gps())},
        instance=hub,
    )
    assert form.is_valid(), form.errors
    form.save()
    hub.refresh_from_db()
    assert hub.photo.name == "hubs/samverket.jpg"
    assert not stored_image(media / hub.photo.name).getexif()


def test_admin_change_form_refuses_a_disguised_file(client, admin, hub, media):
    client.force_login(admin)
    url = reverse("admin:hubs_hub_change", args=[hub.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "photo" or value is None:
            continue
        if name == "amenities":
            data[name] = ",".join(value) if isinstance(value, list) else value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data["photo"] = upload("bild.png", HTML)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    assert stored_files(media) == []

    data["photo"] = upload("bild.webp", image_bytes("WEBP"))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    hub.refresh_from_db()
    assert hub.photo.name == "hubs/samverket.webp"


# --- imports: XLSX checked as an OOXML package -----------------------------------------

HEADER = ["datum", "titel", "typ", "varaktighet_min", "deltagare"]


def make_xlsx(rows=(HEADER, ["2026-03-05", "Frukost", "frukost", 60, 12])):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rebuild_zip(data, *, replace=None, add=None, drop=()):
    """A copy of the zip `data` with members replaced, added or dropped."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = replace.get(info.filename, source.read(info))
            if callable(content):
                content = content(source.read(info))
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(new, content)
        for name, content in add.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def flag_encrypted(data):
    """Set the "encrypted" bit of every member, as a password-protected zip has it."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = out.find(signature)
        while start != -1:
            (flags,) = struct.unpack_from("<H", out, start + offset)
            struct.pack_into("<H", out, start + offset, flags | imports.ZIP_FLAG_ENCRYPTED)
            start = out.find(signature, start + 4)
    return bytes(out)


def read_error(data, name):
    with pytest.raises(ImportFileError) as error, translation.override("en"):
        read_table(data, name, kind="activities")
    return " ".join(error.value.messages)


def test_a_plain_workbook_still_reads(db):
    table = read_table(make_xlsx(), "bok.xlsx", kind="activities")
    assert table.rows[0][1]["title"] == "Frukost"


def test_macro_enabled_workbook_is_refused(db):
    macro_type = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    data = rebuild_zip(
        make_xlsx(),
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                imports.XLSX_MAIN_CONTENT_TYPE, macro_type
            )
        },
    )
    assert "macros" in read_error(data, "bok.xlsx")
    with_vba = rebuild_zip(make_xlsx(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 vba"})
    assert "macros" in read_error(with_vba, "bok.xlsx")


def test_encrypted_workbooks_are_refused(db):
    flagged = flag_encrypted(make_xlsx())
    assert all(m.flag_bits & 1 for m in zipfile.ZipFile(io.BytesIO(flagged)).infolist())
    assert "password" in read_error(flagged, "bok.xlsx")
    # Excel's "Encrypt with password" writes an OLE container with these streams.
    ole = imports.OLE_ENCRYPTED_STREAMS
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + ole[0] + b"\x00" * 64 + ole[1]
    assert "password" in read_error(encrypted, "bok.xlsx")
    old_xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "Workbook".encode("utf-16-le")
    assert ".xls" in read_error(old_xls, "bok.xlsx")


def test_zip_bombs_are_refused_before_openpyxl_opens_them(db, monkeypatch):
    import openpyxl as real_openpyxl

    opened = []
    monkeypatch.setattr(real_openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    bomb = rebuild_zip(make_xlsx(), add={"xl/media/zeros.bin": b"\x00" * (3 * 1024 * 1024)})
    assert len(bomb) < 20_000
    assert "unpacked" in read_error(bomb, "bok.xlsx")
    monkeypatch.setattr(imports, "XLSX_MAX_UNCOMPRESSED_BYTES", 4000)
    assert "unpacked" in read_error(make_xlsx(), "bok.xlsx")
    assert opened == []


def test_other_zips_are_not_workbooks(db):
    not_workbook = "could not be read as an Excel workbook"
    assert not_workbook in read_error(
        rebuild_zip(make_xlsx(), drop={"xl/workbook.xml"}), "bok.xlsx"
    )
    assert not_workbook in read_error(
        rebuild_zip(make_xlsx(), drop={"[Content_Types].xml"}), "bok.xlsx"
    )
    docx_type = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    disguised = rebuild_zip(
        make_xlsx(),
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                imports.XLSX_MAIN_CONTENT_TYPE, docx_type
            )
        },
    )
    assert not_workbook in read_error(disguised, "bok.xlsx")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as plain:
        plain.writestr("readme.txt", "hello")
    assert not_workbook in read_error(archive.getvalue(), "bok.xlsx")


# --- imports: extension and content must agree -------------------------------------------

CSV = b"datum,titel,typ,varaktighet_min,deltagare\n2026-03-05,Frukost,frukost,60,12\n"


def test_text_named_xlsx_is_refused_with_a_hint(db):
    assert "contains text" in read_error(CSV, "bok.xlsx")


def test_workbook_named_csv_is_refused_with_a_hint(db):
    assert "zip archive" in read_error(make_xlsx(), "bok.csv")
    assert "old (.xls)" in read_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.csv")


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><table><tr><td>datum</td></tr></table></body></html>",
        "<html>\n<script>alert(1)</script>",
        '\ufeff  <?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office">',
        '\n\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "<!-- a comment --><table></table>",
    ],
)
def test_markup_files_are_not_csv(db, text):
    assert "web page or an XML document" in read_error(text.encode("utf-8"), "a.csv")
    assert starts_with_markup(text)


def test_a_cell_with_angle_brackets_is_fine(db):
    data = (
        b"datum,titel,typ,varaktighet_min,deltagare,beskrivning\n"
        b'2026-03-05,<3 frukost,frukost,60,12,"<b>inte html</b>, bara text < 5"\n'
    )
    table = read_table(data, "a.csv", kind="activities")
    assert table.rows[0][1]["title"] == "<3 frukost"
    assert not starts_with_markup("<3 frukost,datum")
    assert not starts_with_markup("datum,<html>")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bok.xlsx", CSV),
        ("bok.csv", make_xlsx()),
        ("bok.csv", b"<!DOCTYPE html><html></html>"),
        ("bok.xlsx", rebuild_zip(make_xlsx(), add={"xl/vbaProject.bin": b"vba"})),
    ],
)
def test_upload_page_shows_the_content_errors(client, manager, hub, name, data):
    client.force_login(manager)
    response = client.post(
        reverse("hubs:import-upload", kwargs={"slug": hub.slug}),
        {"kind": "activities", "file": upload(name, data)},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Activity.objects.exists()


# --- serving /media/ ---------------------------------------------------------------------


def media_url(path):
    return reverse("media", kwargs={"path": path})


def test_media_url_matches_the_setting(settings):
    assert media_url("hubs/a.png") == settings.MEDIA_URL + "hubs/a.png" == "/media/hubs/a.png"


def test_a_stored_photo_is_served_as_an_image_with_safe_headers(client, hub, media):
    save_photo(hub, "bild.png", image_bytes("PNG"))
    page = client.get(hub.get_absolute_url()).content.decode()
    assert f'src="{hub.photo.url}"' in page
    response = client.get(hub.photo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="samverket.png"'
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp
    assert "default-src 'none'" in csp
    assert "script-src" not in csp
    assert b"".join(response.streaming_content) == (media / hub.photo.name).read_bytes()
    response.close()

    again = client.get(hub.photo.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    assert again["X-Content-Type-Options"] == "nosniff"


def test_media_answers_without_database_queries(client, db, media, django_assert_max_num_queries):
    (media / "hubs").mkdir()
    (media / "hubs" / "a.jpg").write_bytes(image_bytes("JPEG"))
    with django_assert_max_num_queries(0):
        response = client.get(media_url("hubs/a.jpg"))
    response.close()
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hubs/evil.html", HTML),
        ("hubs/evil.htm", HTML),
        ("hubs/evil.svg", SVG),
        ("hubs/evil.xml", SVG),
        ("hubs/evil.txt", b"plain"),
        ("hubs/evil", HTML),
        ("hubs/evil.png", HTML),  # a photo name, web page content
        ("hubs/evil.jpg", image_bytes("PNG")),  # the wrong kind of image
        ("hubs/evil.webp", b"RIFF\x00\x00\x00\x00WAVEfmt "),
    ],
)
def test_stored_non_photos_are_never_served(client, media, name, content):
    (media / "hubs").mkdir()
    (media / name).write_bytes(content)
    response = client.get(media_url(name))
    assert response.status_code == 404
    assert content not in response.content


def test_media_cannot_leave_media_root(client, media, tmp_path):
    (tmp_path / "secret.png").write_bytes(image_bytes("PNG"))
    assert client.get("/media/../secret.png").status_code == 404
    assert client.get("/media/%2e%2e/secret.png").status_code == 404
    assert client.get("/media/hubs/").status_code == 404
    (media / "link.png").symlink_to(tmp_path / "secret.png")
    assert client.get(media_url("link.png")).status_code == 404


def test_media_only_answers_get_and_head(client, db, media):
    (media / "a.png").write_bytes(image_bytes("PNG"))
    response = client.head(media_url("a.png"))
    response.close()
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert client.post(media_url("a.png")).status_code == 405


# --- damaged files never cause anything but a clear refusal -------------------------------


def mutations(data, count, seed):
    """Seeded damaged copies of `data`: flipped bytes, cuts and spliced-in garbage."""
    rng = random.Random(seed)
    for _ in range(count):
        damaged = bytearray(data)
        action = rng.choice(("flip", "cut", "splice"))
        if action == "flip":
            for _ in range(rng.randint(1, 8)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        elif action == "cut":
            damaged = damaged[: rng.randrange(1, len(damaged))]
        else:
            at = rng.randrange(len(damaged))
            damaged[at:at] = rng.randbytes(rng.randint(1, 64))
        yield bytes(damaged)


def test_damaged_workbooks_and_csv_files_only_raise_import_errors(db):
    outcomes = set()
    samples = [(make_xlsx(), "bok.xlsx"), (CSV, "a.csv"), (make_xlsx(), "bok.csv")]
    for seed, (data, name) in enumerate(samples):
        for damaged in mutations(data, 150, seed):
            try:
                read_table(damaged, name, kind="activities")
                outcomes.add("read")
            except ImportFileError as error:
                assert error.messages and all(error.messages)
                outcomes.add("refused")
    assert outcomes == {"read", "refused"}


def test_damaged_photos_only_raise_validation_errors():
    outcomes = set()
    samples = [image_bytes("PNG", (30, 20)), jpeg_with_gps(), image_bytes("WEBP", (30, 20))]
    for seed, data in enumerate(samples):
        for damaged in mutations(data, 100, seed):
            try:
                sanitize_photo(upload("bild.png", damaged))
                outcomes.add("stored")
            except ValidationError as error:
                assert error.messages
                outcomes.add("refused")
    assert outcomes == {"stored", "refused"}
