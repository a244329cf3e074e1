"""Spreadsheet import of activities and occupancy (CSV or XLSX).

Three steps, each a plain function, so the web view, a management command or a
test can use them alike:

1. `read_table(data, filename)`: bytes → a `Table` (header keys + rows of cell
   text). Format problems (wrong type, size, encoding, columns, too many rows)
   raise `ImportFileError`; nothing is read from or written to the database.
2. `validate(kind=…, hub=…, table=…)`: checks every row and returns a `Preview`
   with ALL row errors (row number as in the spreadsheet, header = row 1) and a
   summary of what would be created or updated.
3. `import_run(actor=…, hub=…, kind=…, table=…)`: validates again and writes
   through `hubs.services` inside one transaction: all rows or none.

A `Table` is JSON-serialisable (`to_json`/`from_json`), so the view keeps it in
the session between preview and confirm; confirm validates it again, so stale
or tampered session data can never bypass the checks.

The accepted column names, yes/no words and kind words below are part of the
*file format* (a Swedish file must import the same way whatever language the
user has chosen for the interface), so they are fixed here and not translated.
"""

import codecs
import csv
import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    MAX_DESK_DAYS,
    MAX_FACILITATORS,
    MAX_PARTICIPANTS,
    Activity,
    CountyEvent,
    DistanceBand,
    Hub,
    Municipality,
    Occupancy,
    Organisation,
)
from .permissions import AnyUser, can_manage_hub
from .services import (
    BreakdownPart,
    activity_log,
    activity_update,
    occupancy_record,
    occupancy_total_error,
)
from .uploads import is_ole, is_zip, starts_with_markup

MAX_ROWS = 5000
# Excel files may carry formatted but empty rows far below the data; stop
# reading (and refuse the file) after this many physical rows in any case.
MAX_PHYSICAL_ROWS = 100_000
DEFAULT_START_TIME = time(9, 0)
ORGANISATION_SEPARATOR = "|"
COMMENT_PREFIX = "#"
CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx",)
# An XLSX file is a zip archive; its directory is checked before openpyxl
# decompresses anything, so a small upload cannot expand into gigabytes.
XLSX_MAX_MEMBERS = 1000
XLSX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100  # uncompressed : compressed, for members larger than ...
XLSX_RATIO_FROM_BYTES = 1024 * 1024  # ... this (small parts may compress far better)
XLSX_CONTENT_TYPES_MAX_BYTES = 256 * 1024
XLSX_MAIN_CONTENT_TYPE = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)
# An encrypted Office file is not a zip but an OLE container with these streams.
OLE_ENCRYPTED_STREAMS = tuple(
    name.encode("utf-16-le") for name in ("EncryptedPackage", "EncryptionInfo")
)
ZIP_FLAG_ENCRYPTED = 0x1


class ImportKind(models.TextChoices):
    ACTIVITIES = "activities", gettext_lazy("Activities")
    OCCUPANCY = "occupancy", gettext_lazy("Occupancy (desk-days)")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `messages` say why (translated)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


class CellError(Exception):
    """One cell has a bad value; the message is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRejected(Exception):
    """`import_run` found row errors: nothing was written."""

    def __init__(self, preview: "Preview") -> None:
        super().__init__(f"{len(preview.errors)} row errors")
        self.preview = preview


# --- Columns -----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    names: tuple[str, ...]  # accepted header names, normalised; Swedish first, then English
    required: bool
    help: Any  # lazy translated description, shown on the upload page

    @property
    def swedish(self) -> str:
        return self.names[0]

    @property
    def english(self) -> str:
        return self.key


ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("date", ("datum", "date"), True, gettext_lazy("Date as YYYY-MM-DD, e.g. 2026-03-05.")),
    Column(
        "start_time",
        ("starttid", "start_time"),
        False,
        gettext_lazy("Start time as HH:MM. Empty: 09:00."),
    ),
    Column(
        "duration_minutes",
        ("varaktighet_min", "duration_minutes"),
        True,
        gettext_lazy("Duration in minutes, 5 or more."),
    ),
    Column(
        "kind",
        ("typ", "kind"),
        True,
        gettext_lazy(
            "The kind of activity in Swedish or English, e.g. frukost, breakfast, afterwork, "
            "seminarium, workshop, studiebesök."
        ),
    ),
    Column("title", ("titel", "title"), True, gettext_lazy("Title, at most 200 characters.")),
    Column("description", ("beskrivning", "description"), False, gettext_lazy("Description.")),
    Column(
        "participants",
        ("deltagare", "participants"),
        True,
        gettext_lazy("Number of participants (a total, no names)."),
    ),
    Column(
        "facilitators",
        ("facilitatorer", "facilitators"),
        False,
        gettext_lazy("Number of facilitators. Empty: 0."),
    ),
    Column(
        "organisations",
        ("organisationer", "organisations"),
        False,
        gettext_lazy(
            "Participating organisations, names separated by |, written as registered in "
            "the portal (upper or lower case does not matter)."
        ),
    ),
    Column(
        "social",
        ("social",),
        False,
        gettext_lazy("Social sustainability: ja/nej, yes/no, x, 1/0. Empty: no."),
    ),
    Column(
        "economic",
        ("ekonomisk", "economic"),
        False,
        gettext_lazy("Economic sustainability: ja/nej, yes/no, x, 1/0. Empty: no."),
    ),
    Column(
        "environmental",
        ("miljö", "environmental", "miljo"),
        False,
        gettext_lazy("Environmental sustainability: ja/nej, yes/no, x, 1/0. Empty: no."),
    ),
    Column(
        "county_event",
        ("evenemang", "county_event"),
        False,
        gettext_lazy("A county event the activity belongs to, by name (optional)."),
    ),
)

OCCUPANCY_COLUMNS: tuple[Column, ...] = (
    Column("date", ("datum", "date"), True, gettext_lazy("Date as YYYY-MM-DD, e.g. 2026-03-05.")),
    Column(
        "desk_days",
        ("skrivbordsdagar", "desk_days"),
        True,
        gettext_lazy(
            "The day's total desk-days. Give it on exactly one row per date; leave it empty "
            "on further breakdown rows of the same date."
        ),
    ),
    Column(
        "home_municipality",
        ("hemkommun", "home_municipality"),
        False,
        gettext_lazy(
            "Breakdown (optional): the coworkers' home municipality in Jämtland county. "
            "Empty: outside the county or not known."
        ),
    ),
    Column(
        "distance_band",
        ("avstånd", "distance_band", "avstand"),
        False,
        gettext_lazy(
            "Breakdown (optional): commuting distance avoided, one way: 0-10, 10-30, 30-60, "
            "60-100 or 100+ (km)."
        ),
    ),
    Column(
        "count",
        ("antal", "count"),
        False,
        gettext_lazy(
            "Breakdown: desk-days of this municipality and distance. The parts of a day may "
            "not add up to more than its total."
        ),
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.ACTIVITIES: ACTIVITY_COLUMNS,
    ImportKind.OCCUPANCY: OCCUPANCY_COLUMNS,
}

# Words accepted in the file for each Activity.Kind besides its code and its
# English and Swedish labels.
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    Activity.Kind.SEMINAR: ("seminarium", "seminarier"),
    Activity.Kind.WORKSHOP: ("workshop", "verkstad"),
    Activity.Kind.BREAKFAST: ("frukost", "frukostmöte"),
    Activity.Kind.LUNCH: ("lunch", "lunchmöte"),
    Activity.Kind.AFTERWORK: ("afterwork", "after work"),
    Activity.Kind.STUDY_VISIT: ("studiebesök", "study visit", "study-visit"),
    Activity.Kind.EXCURSION: ("exkursion", "utflykt"),
    Activity.Kind.NETWORKING: ("nätverkande", "nätverksträff", "mingel"),
    Activity.Kind.OTHER: ("annat", "övrigt", "ovrigt"),
}
TRUE_WORDS = frozenset({"ja", "j", "x", "1", "yes", "y", "true", "sant"})
FALSE_WORDS = frozenset({"", "nej", "n", "0", "no", "false", "falskt"})
DISTANCE_ALIASES = {"<10": "0-10", "under10": "0-10", ">100": "100+", "över100": "100+"}


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s\-]+", "_", text)


def _clean(text: str) -> str:
    """A cell's text, NFC-normalised, without surrounding (non-breaking) spaces."""
    return unicodedata.normalize("NFC", text).replace("\ufeff", "").strip()


def _word(text: str) -> str:
    return " ".join(_clean(text).split()).casefold()


# --- Reading the file ----------------------------------------------------------


@dataclass
class Table:
    """Header keys (with the names as written in the file) and rows of cell text."""

    headers: dict[str, str]  # column key -> header as written in the file
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, key -> cell text)

    def to_json(self) -> dict[str, Any]:
        return {"headers": self.headers, "rows": [[n, cells] for n, cells in self.rows]}

    @classmethod
    def from_json(cls, data: object) -> "Table":
        """Rebuild a table from session data, refusing anything of the wrong shape."""
        broken = ImportFileError(_("The previewed data could not be read. Upload the file again."))
        if not isinstance(data, dict):
            raise broken
        headers, rows = data.get("headers"), data.get("rows")
        if not isinstance(headers, dict) or not isinstance(rows, list):
            raise broken
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
            raise broken
        if len(rows) > MAX_ROWS:
            raise broken
        parsed: list[tuple[int, dict[str, str]]] = []
        for item in rows:
            if not (isinstance(item, list) and len(item) == 2):
                raise broken
            number, cells = item
            if (
                not isinstance(number, int)
                or isinstance(number, bool)
                or not isinstance(cells, dict)
            ):
                raise broken
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in cells.items()):
                raise broken
            parsed.append((number, cells))
        return cls(headers=headers, rows=parsed)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_table(data: bytes, filename: str, *, kind: str) -> Table:
    """Read a CSV or XLSX file into a Table with the columns of `kind`."""
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(_file_too_large(len(data), limit))
    if not data:
        raise ImportFileError(_("The file is empty."))
    name = filename.lower()
    if name.endswith(XLSX_EXTENSIONS):
        raw_rows = read_xlsx_rows(data)
    elif name.endswith(CSV_EXTENSIONS):
        raw_rows = read_csv_rows(data)
    else:
        raise ImportFileError(
            _(
                "%(name)s is neither a CSV nor an XLSX file. Save it from your spreadsheet "
                "program as CSV or as an Excel workbook (.xlsx)."
            )
            % {"name": filename}
        )
    return build_table(raw_rows, kind=kind)


def read_upload(upload: Any, *, kind: str) -> tuple[Table, str]:
    """Read an uploaded file (Django UploadedFile): its Table and its sha256."""
    limit = settings.IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ImportFileError(_file_too_large(upload.size, limit))
    data = upload.read(limit + 1)
    return read_table(data, upload.name or "", kind=kind), file_digest(data)


def _file_too_large(size: int, limit: int) -> str:
    return _("The file is %(size)s, larger than the limit of %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def decode_text(data: bytes) -> str:
    """Decode a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    not_text = ImportFileError(
        _(
            "The file is not a readable text file. Save it from your spreadsheet program as "
            "CSV (UTF-8) or as an Excel workbook (.xlsx)."
        )
    )
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                # Swedish Excel saves "CSV" as Windows-1252 (a superset of latin-1's
                # printable characters); its five undefined bytes mean "not text".
                text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise not_text from exc
    if any((ord(char) < 32 and char not in "\t\r\n") or 0x7F <= ord(char) <= 0x9F for char in text):
        raise not_text
    return text


def detect_delimiter(text: str) -> str:
    """`;` (Swedish Excel), `,` or tab: first from the header line, else csv.Sniffer."""
    header = next(
        (
            line
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith(COMMENT_PREFIX)
        ),
        "",
    )
    counts = {delimiter: header.count(delimiter) for delimiter in (";", ",", "\t")}
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] > 0 and ranked[0] != ranked[1]:
        return max(counts, key=lambda d: counts[d])
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=";,\t").delimiter
    except csv.Error:
        return ","


def check_csv_content(data: bytes) -> str:
    """The text of a file named .csv, if its content is a table's text; else ImportFileError."""
    if is_zip(data):
        raise ImportFileError(
            _(
                "The file is named .csv but it is a zip archive, such as an Excel workbook. "
                "Upload a workbook with the extension .xlsx, or save it as CSV."
            )
        )
    if is_ole(data):
        raise ImportFileError(
            _(
                "The file is named .csv but it is an old (.xls) or password-protected Excel "
                "workbook. Save it as CSV, or as an Excel workbook (.xlsx) without a password."
            )
        )
    text = decode_text(data)
    if starts_with_markup(text):
        raise ImportFileError(
            _(
                "The file is a web page or an XML document, not a table. Save it from your "
                "spreadsheet program as CSV or as an Excel workbook (.xlsx)."
            )
        )
    return text


def read_csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = check_csv_content(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file could not be read. Check that it was saved as CSV.")
        ) from exc


def _cell_text(value: object) -> str:
    """An XLSX cell as the text the same value would have in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(_("The file could not be read as an Excel workbook (.xlsx)."))


def _encrypted_workbook() -> ImportFileError:
    return ImportFileError(
        _(
            "The workbook is protected with a password (encrypted). Save a copy without a "
            "password and upload that."
        )
    )


def check_xlsx_package(data: bytes) -> None:
    """Refuse anything but a plain OOXML workbook, by content, before openpyxl opens it.

    Old .xls files, encrypted workbooks, text files named .xlsx, other zip
    archives (.docx, ...), macro-enabled workbooks (.xlsm content) and archives
    that would expand too much (zip bombs) raise ImportFileError.
    """
    if is_ole(data):
        if any(stream in data for stream in OLE_ENCRYPTED_STREAMS):
            raise _encrypted_workbook()
        raise ImportFileError(
            _(
                "The file is an old Excel workbook (.xls). Save it as an Excel workbook "
                "(.xlsx) or as CSV."
            )
        )
    if not is_zip(data):
        try:
            decode_text(data)
        except ImportFileError:
            raise _not_a_workbook() from None
        raise ImportFileError(
            _(
                "The file is named .xlsx but it contains text, not an Excel workbook. If it "
                "is a CSV file, give it the extension .csv."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # a broken zip directory raises many kinds of errors
        raise _not_a_workbook() from exc
    with archive:
        members = archive.infolist()
        if len(members) > XLSX_MAX_MEMBERS:
            raise _not_a_workbook()
        if any(member.flag_bits & ZIP_FLAG_ENCRYPTED for member in members):
            raise _encrypted_workbook()
        total = sum(member.file_size for member in members)
        expands = any(
            member.file_size > XLSX_RATIO_FROM_BYTES
            and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)
            for member in members
        )
        if total > XLSX_MAX_UNCOMPRESSED_BYTES or expands:
            raise ImportFileError(
                _(
                    "The workbook would take more than %(limit)s when unpacked, or is packed "
                    "suspiciously tightly. Split it into smaller files or save it as CSV."
                )
                % {"limit": filesizeformat(XLSX_MAX_UNCOMPRESSED_BYTES)}
            )
        by_name = {member.filename: member for member in members}
        content_types = by_name.get("[Content_Types].xml")
        if (
            content_types is None
            or "xl/workbook.xml" not in by_name
            or content_types.file_size > XLSX_CONTENT_TYPES_MAX_BYTES
        ):
            raise _not_a_workbook()
        try:
            declared = archive.read(content_types).lower()
        except Exception as exc:  # bad CRC, broken deflate data, unknown compression...
            raise _not_a_workbook() from exc
    has_macros = b"macroenabled" in declared or any(
        name.lower().endswith("vbaproject.bin") for name in by_name
    )
    if has_macros:
        raise ImportFileError(
            _(
                "The workbook contains macros (an .xlsm workbook). Save it as an Excel "
                "workbook (.xlsx) without macros, or as CSV."
            )
        )
    if XLSX_MAIN_CONTENT_TYPE not in declared:
        raise _not_a_workbook()


def read_xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    import openpyxl  # imported here: only needed for XLSX uploads

    check_xlsx_package(data)
    try:
        with warnings.catch_warnings():
            # e.g. "Workbook contains no default style": harmless for reading values.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on broken files
        raise _not_a_workbook() from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        sheet = workbook.worksheets[0]
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        while True:
            try:
                number, values = next(rows)
            except StopIteration:
                break
            except Exception as exc:  # read-only mode parses the sheet while iterating
                raise _not_a_workbook() from exc
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def build_table(raw_rows: Iterable[tuple[int, list[str]]], *, kind: str) -> Table:
    """Find the header row, map its columns and collect the data rows."""
    columns = COLUMNS[kind]
    header_keys: list[str | None] | None = None
    headers: dict[str, str] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in raw_rows:
        if number > MAX_PHYSICAL_ROWS:
            raise ImportFileError(_too_many_rows())
        cells = [_clean(cell) for cell in raw]
        if not any(cells) or cells[0].startswith(COMMENT_PREFIX):
            continue
        if header_keys is None:
            header_keys = _map_header(cells, columns)
            headers = {
                key: cells[index] for index, key in enumerate(header_keys) if key is not None
            }
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_too_many_rows())
        row = {key: "" for key in headers}
        for index, value in enumerate(cells):
            key = header_keys[index] if index < len(header_keys) else None
            if key is not None:
                row[key] = value
            elif value:
                row["_extra"] = value
        rows.append((number, row))
    if header_keys is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return Table(headers=headers, rows=rows)


def _too_many_rows() -> str:
    return _("The file has more than %(limit)s rows. Split it into smaller files.") % {
        "limit": MAX_ROWS
    }


def _map_header(cells: Sequence[str], columns: Sequence[Column]) -> list[str | None]:
    by_name = {name: column for column in columns for name in column.names}
    keys: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    repeated: list[str] = []
    for cell in cells:
        if not cell:
            keys.append(None)
            continue
        column = by_name.get(normalise_header(cell))
        if column is None:
            unknown.append(cell)
            keys.append(None)
        elif column.key in seen:
            repeated.append(cell)
            keys.append(None)
        else:
            seen[column.key] = cell
            keys.append(column.key)
    missing = [column for column in columns if column.required and column.key not in seen]
    messages = []
    if missing:
        messages.append(
            _("Missing columns: %(columns)s.")
            % {"columns": ", ".join(f"{c.swedish} ({c.english})" for c in missing)}
        )
    if unknown:
        messages.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if repeated:
        messages.append(
            _("Columns given more than once: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    if messages:
        messages.append(
            _("Accepted columns: %(columns)s.")
            % {"columns": ", ".join(f"{c.swedish} ({c.english})" for c in columns)}
        )
        raise ImportFileError(*messages)
    return keys


# --- Cell parsers ----------------------------------------------------------------

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::00)?$")
_INTEGER = re.compile(r"^\d+$")


def parse_date(text: str) -> date:
    """ISO dates only (2026-03-05): the format Swedish spreadsheets use."""
    match = _DATE.match(_clean(text))
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            pass
    raise CellError(
        _(
            "Write the date as YYYY-MM-DD, for example 2026-03-05. Other date formats are "
            "not accepted."
        )
    )


def parse_time(text: str, *, default: time = DEFAULT_START_TIME) -> time:
    cleaned = _clean(text)
    if not cleaned:
        return default
    match = _TIME.match(cleaned)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise CellError(_("Write the time as HH:MM, for example 09:00."))


def parse_int(text: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", _clean(text))
    if cleaned.endswith((".0", ",0")):
        cleaned = cleaned[:-2]
    if not _INTEGER.match(cleaned):
        raise CellError(_("Write a whole number, for example 12."))
    value = int(cleaned)
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is None:
            raise CellError(_("Write a number of at least %(min)s.") % {"min": minimum})
        raise CellError(
            _("Write a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum}
        )
    return value


def parse_bool(text: str) -> bool:
    word = _word(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("Write ja or nej (also yes/no, x, 1/0); empty means no."))


def kind_words() -> dict[str, str]:
    """Every accepted word for each Activity.Kind: code, labels (sv, en) and aliases."""
    words: dict[str, str] = {}
    for code, aliases in KIND_ALIASES.items():
        words[code] = code
        for alias in aliases:
            words[_word(alias)] = code
    for language in ("sv", "en"):
        with translation.override(language):
            for code, label in Activity.Kind.choices:
                words.setdefault(_word(str(label)), code)
    return words


def parse_kind(text: str, words: dict[str, str] | None = None) -> str:
    words = words if words is not None else kind_words()
    word = _word(text)
    if word in words:
        return words[word]
    raise CellError(
        _("Unknown kind %(value)s. Use one of: %(choices)s.")
        % {"value": _clean(text), "choices": ", ".join(_kind_examples())}
    )


def _kind_examples() -> list[str]:
    return [f"{KIND_ALIASES[code][0]} ({code})" for code in Activity.Kind.values]


def parse_distance_band(text: str) -> str:
    word = _word(text).replace("–", "-").replace("—", "-").replace(" ", "")
    word = word.removesuffix("km")
    word = DISTANCE_ALIASES.get(word, word)
    if word in DistanceBand.values:
        return word
    raise CellError(
        _("Unknown distance band %(value)s. Use one of: %(choices)s.")
        % {"value": _clean(text), "choices": ", ".join(DistanceBand.values)}
    )


def activity_import_key(*, hub_id: int, day: date, start: time, title: str) -> str:
    """A stable key per activity: hub, date, start time and the normalised title."""
    source = f"{hub_id}|{day.isoformat()}|{start.strftime('%H:%M')}|{_word(title)}"
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


# --- Validation ----------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as in the spreadsheet: header = row 1
    column: str  # the header as written in the file; "" for the row as a whole
    message: str


@dataclass
class Preview:
    kind: str
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.records)


class _RowChecker:
    """Collects the errors of one row; `cell()` parses one value or records an error."""

    def __init__(self, number: int, cells: dict[str, str], headers: dict[str, str]) -> None:
        self.number = number
        self.cells = cells
        self.headers = headers
        self.errors: list[RowError] = []
        if cells.get("_extra"):
            self.error("", _("This row has values to the right of the last named column."))

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.headers.get(key, ""), message))

    def text(self, key: str) -> str:
        return _clean(self.cells.get(key, ""))

    def cell(self, key: str, parse: Any, *, required: bool = False, default: Any = None) -> Any:
        text = self.text(key)
        if not text:
            if required:
                self.error(key, _("A value is required."))
            return default
        try:
            return parse(text)
        except CellError as exc:
            self.error(key, exc.message)
            return default


def validate(*, kind: str, hub: Hub, table: Table) -> Preview:
    if kind == ImportKind.ACTIVITIES:
        return _validate_activities(hub=hub, table=table)
    if kind == ImportKind.OCCUPANCY:
        return _validate_occupancy(hub=hub, table=table)
    raise ValueError(f"unknown import kind {kind!r}")


def _missing_required(kind: str, table: Table) -> Preview | None:
    """Session data must carry every required column (files are checked on reading)."""
    required = [column for column in COLUMNS[kind] if column.required]
    if all(column.key in table.headers for column in required):
        return None
    preview = Preview(kind=kind)
    preview.errors.append(
        RowError(
            1,
            "",
            _("Missing columns: %(columns)s.")
            % {
                "columns": ", ".join(
                    column.swedish for column in required if column.key not in table.headers
                )
            },
        )
    )
    return preview


def _validate_activities(*, hub: Hub, table: Table) -> Preview:
    preview = _missing_required(ImportKind.ACTIVITIES, table)
    if preview is not None:
        return preview
    preview = Preview(kind=ImportKind.ACTIVITIES)
    words = kind_words()
    organisations = {_word(o.name): o for o in Organisation.objects.only("pk", "name")}
    events: dict[str, CountyEvent] = {}
    for event in CountyEvent.objects.only("pk", "name", "slug"):
        events[_word(event.name)] = event
        events[_word(event.slug)] = event
    title_max = Activity._meta.get_field("title").max_length or 200
    seen_keys: dict[str, int] = {}
    for number, cells in table.rows:
        row = _RowChecker(number, cells, table.headers)
        day = row.cell("date", parse_date, required=True)
        start = row.cell("start_time", parse_time, default=DEFAULT_START_TIME)
        duration = row.cell(
            "duration_minutes",
            lambda t: parse_int(t, minimum=5, maximum=60 * 24 * 7),
            required=True,
        )
        kind = row.cell("kind", lambda t: parse_kind(t, words), required=True)
        title = " ".join(row.text("title").split())
        if not title:
            row.error("title", _("A value is required."))
        elif len(title) > title_max:
            row.error("title", _("Write at most %(max)s characters.") % {"max": title_max})
        participants = row.cell(
            "participants", lambda t: parse_int(t, maximum=MAX_PARTICIPANTS), required=True
        )
        facilitators = row.cell(
            "facilitators", lambda t: parse_int(t, maximum=MAX_FACILITATORS), default=0
        )
        found: list[Organisation] = []
        unknown: list[str] = []
        for name in row.text("organisations").split(ORGANISATION_SEPARATOR):
            if not _word(name):
                continue
            organisation = organisations.get(_word(name))
            if organisation is None:
                unknown.append(_clean(name))
            elif organisation not in found:
                found.append(organisation)
        if unknown:
            row.error(
                "organisations",
                _(
                    "Unknown organisation: %(names)s. Write the name as it is registered "
                    "in the portal."
                )
                % {"names": ", ".join(unknown)},
            )
        flags = {name: row.cell(name, parse_bool, default=False) for name in Activity.DIMENSIONS}
        county_event = None
        if row.text("county_event"):
            county_event = events.get(_word(row.text("county_event")))
            if county_event is None:
                row.error(
                    "county_event",
                    _("Unknown county event %(value)s.") % {"value": row.text("county_event")},
                )
        import_key = ""
        if day is not None and start is not None and title:
            import_key = activity_import_key(hub_id=hub.pk, day=day, start=start, title=title)
            if import_key in seen_keys:
                row.error(
                    "",
                    _("This activity is already on row %(row)s (same date, start time and title).")
                    % {"row": seen_keys[import_key]},
                )
            else:
                seen_keys[import_key] = number
        preview.errors.extend(row.errors)
        if preview.errors:
            continue  # nothing will be imported: stop collecting records
        preview.records.append(
            {
                "row": number,
                "import_key": import_key,
                "kind_label": Activity.Kind(kind).label,
                "organisations": found,
                "fields": {
                    "kind": kind,
                    "title": title,
                    "starts_at": timezone.make_aware(datetime.combine(day, start)),
                    "duration_minutes": duration,
                    "description": row.text("description"),
                    "participants": participants,
                    "facilitators": facilitators,
                    "county_event": county_event,
                    **flags,
                },
            }
        )
    if preview.errors:
        preview.records = []
        return preview
    existing = Activity.objects.filter(
        hub=hub, import_key__in=[r["import_key"] for r in preview.records]
    ).values_list("import_key", flat=True)
    _count_existing(preview, set(existing), key="import_key")
    return preview


def _validate_occupancy(*, hub: Hub, table: Table) -> Preview:
    preview = _missing_required(ImportKind.OCCUPANCY, table)
    if preview is not None:
        return preview
    preview = Preview(kind=ImportKind.OCCUPANCY)
    municipalities: dict[str, Municipality] = {}
    for municipality in Municipality.objects.only("pk", "name", "code"):
        municipalities[_word(municipality.name)] = municipality
        municipalities[municipality.code] = municipality
    limit = MAX_DESK_DAYS
    days: dict[date, dict[str, Any]] = {}
    for number, cells in table.rows:
        row = _RowChecker(number, cells, table.headers)
        day = row.cell("date", parse_date, required=True)
        total = row.cell("desk_days", lambda t: parse_int(t, maximum=limit))
        total_error = None if total is None else occupancy_total_error(hub=hub, desk_days=total)
        if total_error:
            row.error("desk_days", total_error)
        municipality = None
        if row.text("home_municipality"):
            municipality = municipalities.get(_word(row.text("home_municipality")))
            if municipality is None:
                row.error(
                    "home_municipality",
                    _(
                        "Unknown municipality %(value)s. Use a municipality of Jämtland "
                        "county, or leave it empty for outside the county."
                    )
                    % {"value": row.text("home_municipality")},
                )
        band = row.cell("distance_band", parse_distance_band, default="")
        count = row.cell("count", lambda t: parse_int(t, minimum=1, maximum=limit))
        has_part_place = bool(row.text("home_municipality") or row.text("distance_band"))
        if has_part_place and not row.text("count"):
            row.error(
                "count",
                _("Give the count of desk-days for this breakdown row in %(column)s.")
                % {"column": table.headers.get("count", "antal")},
            )
        if not row.text("desk_days") and not row.text("count") and not has_part_place:
            row.error(
                "desk_days",
                _("The row has neither the day's total desk-days nor a breakdown count."),
            )
        if day is not None:
            entry = days.setdefault(
                day, {"row": number, "date": day, "desk_days": None, "total_row": None, "parts": {}}
            )
            if total is not None:
                if entry["total_row"] is not None:
                    row.error(
                        "desk_days",
                        _("The total desk-days of %(date)s are already on row %(row)s.")
                        % {"date": day.isoformat(), "row": entry["total_row"]},
                    )
                else:
                    entry["desk_days"], entry["total_row"] = total, number
            if count is not None:
                part_key = (municipality.pk if municipality else None, band)
                if part_key in entry["parts"]:
                    row.error(
                        "",
                        _(
                            "This home municipality and distance band are already given for "
                            "%(date)s on row %(row)s."
                        )
                        % {"date": day.isoformat(), "row": entry["parts"][part_key][0]},
                    )
                else:
                    entry["parts"][part_key] = (number, BreakdownPart(municipality, band, count))
        preview.errors.extend(row.errors)
    for entry in days.values():
        parts = [part for _number, part in entry["parts"].values()]
        if entry["total_row"] is None:
            if not any(error.row == entry["row"] for error in preview.errors):
                preview.errors.append(
                    RowError(
                        entry["row"],
                        table.headers["desk_days"],
                        _("%(date)s has breakdown rows but no row with the day's total.")
                        % {"date": entry["date"].isoformat()},
                    )
                )
            continue
        parts_sum = sum(part.desk_days for part in parts)
        if parts_sum > entry["desk_days"]:
            preview.errors.append(
                RowError(
                    entry["total_row"],
                    table.headers["desk_days"],
                    _(
                        "The breakdown of %(date)s adds up to %(parts)s desk-days, more than "
                        "the day's total of %(total)s."
                    )
                    % {
                        "date": entry["date"].isoformat(),
                        "parts": parts_sum,
                        "total": entry["desk_days"],
                    },
                )
            )
            continue
        preview.records.append(
            {
                "row": entry["total_row"],
                "date": entry["date"],
                "desk_days": entry["desk_days"],
                "breakdown": parts,
            }
        )
    preview.errors.sort(key=lambda error: error.row)
    if preview.errors:
        # Nothing will be imported: no need to look up which days exist.
        preview.records = []
        return preview
    existing = Occupancy.objects.filter(
        hub=hub, date__in=[r["date"] for r in preview.records]
    ).values_list("date", flat=True)
    preview.records.sort(key=lambda record: record["date"])
    _count_existing(preview, set(existing), key="date")
    return preview


def _count_existing(preview: Preview, existing: set[Any], *, key: str) -> None:
    """Mark each record as new or an update of what is stored, and count both."""
    for record in preview.records:
        record["exists"] = record[key] in existing
    preview.updated = len(existing)
    preview.created = len(preview.records) - preview.updated


# --- Import ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    kind: str
    created: int
    updated: int


def import_run(*, actor: AnyUser, hub: Hub, kind: str, table: Table) -> ImportResult:
    """Validate `table` again and write all of it, or nothing, through hubs.services.

    Raises ImportRejected (nothing written) when any row has an error.
    """
    if not can_manage_hub(actor, hub):
        raise PermissionDenied(_("Only the community managers of this hub may change it."))
    with transaction.atomic(durable=True):
        # One import per hub at a time: the second waits, then sees the first's rows
        # as existing and updates them instead of tripping the unique import key.
        Hub.objects.select_for_update().filter(pk=hub.pk).values_list("pk", flat=True).get()
        preview = validate(kind=kind, hub=hub, table=table)
        if preview.errors:
            raise ImportRejected(preview)
        if kind == ImportKind.ACTIVITIES:
            _write_activities(actor=actor, hub=hub, records=preview.records)
        else:
            for record in preview.records:
                occupancy_record(
                    actor=actor,
                    hub=hub,
                    day=record["date"],
                    desk_days=record["desk_days"],
                    breakdown=record["breakdown"],
                )
    return ImportResult(kind=kind, created=preview.created, updated=preview.updated)


def _write_activities(*, actor: AnyUser, hub: Hub, records: list[dict[str, Any]]) -> None:
    existing = {
        activity.import_key: activity
        for activity in Activity.objects.filter(
            hub=hub, import_key__in=[r["import_key"] for r in records]
        ).select_related("hub")
    }
    for record in records:
        activity = existing.get(record["import_key"])
        if activity is None:
            activity_log(
                actor=actor,
                hub=hub,
                organisations=record["organisations"],
                import_key=record["import_key"],
                **record["fields"],
            )
        else:
            activity_update(
                actor=actor,
                activity=activity,
                organisations=record["organisations"],
                **record["fields"],
            )
