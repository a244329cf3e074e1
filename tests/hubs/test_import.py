"""Spreadsheet import of activities and occupancy: parser units, views, all-or-nothing."""

import io
import random
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hubs import imports
from hubs.imports import (
    CellError,
    ImportFileError,
    ImportKind,
    Table,
    activity_import_key,
    build_table,
    decode_text,
    detect_delimiter,
    import_run,
    normalise_header,
    parse_bool,
    parse_date,
    parse_distance_band,
    parse_int,
    parse_kind,
    parse_time,
    read_table,
    validate,
)
from hubs.models import Activity, Occupancy, OccupancyBreakdown
from hubs.views.imports import SESSION_KEY
from tests.factories import (
    CountyEventFactory,
    HubFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

FILES = Path(__file__).parent / "files"
TEMPLATES = Path(__file__).resolve().parents[2] / "static" / "hubs" / "import-templates"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


# --- helpers / fixtures ---------------------------------------------------------------


def upload_url(hub):
    return reverse("hubs:import-upload", kwargs={"slug": hub.slug})


def confirm_url(hub):
    return reverse("hubs:import-confirm", kwargs={"slug": hub.slug})


def post_file(client, hub, name, data, kind="activities"):
    return client.post(upload_url(hub), {"kind": kind, "file": SimpleUploadedFile(name, data)})


def confirm(client, hub):
    digest = client.session.get(SESSION_KEY, {}).get("sha256", "")
    return client.post(confirm_url(hub), {"sha256": digest})


def import_file(client, hub, name, data, kind="activities"):
    response = post_file(client, hub, name, data, kind)
    assert response.status_code == 200
    assert response.context["preview"].errors == []
    return confirm(client, hub)


def error_levels(response):
    return [m.level_tag for m in get_messages(response.wsgi_request)]


@pytest.fixture
def references(db):
    """The organisations, county event and municipalities the fixture files name."""
    return {
        "fk": OrganisationFactory(name="Försäkringskassan"),
        "skv": OrganisationFactory(name="Skatteverket"),
        "lst": OrganisationFactory(name="Länsstyrelsen Jämtlands län"),
        "yran": CountyEventFactory(name="Storsjöyran", slug="storsjoyran"),
        "ostersund": MunicipalityFactory(),
        "krokom": MunicipalityFactory(code="2309", name="Krokom", population=15680),
    }


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def activities_csv(rows, header="datum,titel,typ,varaktighet_min,deltagare"):
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def activity_state(hub):
    return sorted(
        (
            a.import_key,
            a.kind,
            a.title,
            a.starts_at,
            a.duration_minutes,
            a.description,
            a.participants,
            a.facilitators,
            a.social,
            a.economic,
            a.environmental,
            a.county_event_id,
            tuple(sorted(a.organisations.values_list("pk", flat=True))),
        )
        for a in Activity.objects.filter(hub=hub)
    )


def occupancy_state(hub):
    return sorted(
        (
            o.date,
            o.desk_days,
            frozenset(
                (b.home_municipality_id or 0, b.distance_band, b.desk_days)
                for b in o.breakdown.all()
            ),
        )
        for o in Occupancy.objects.filter(hub=hub)
    )


# --- parser units ---------------------------------------------------------------------


def test_parse_date_accepts_iso_only():
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    assert parse_date(" 2026-03-05 00:00:00 ") == date(2026, 3, 5)
    for bad in ("05/03/2026", "5.3.2026", "2026-02-30", "2026-3-5", "igår"):
        with pytest.raises(CellError):
            parse_date(bad)


def test_parse_time():
    assert parse_time("") == time(9, 0)
    assert parse_time("8:30") == time(8, 30)
    assert parse_time("16.15") == time(16, 15)
    assert parse_time("07:05:00") == time(7, 5)
    for bad in ("25:00", "9", "noon", "12:60"):
        with pytest.raises(CellError):
            parse_time(bad)


def test_parse_int():
    assert parse_int("12") == 12
    assert parse_int("1 200") == 1200
    assert parse_int("7.0") == 7
    assert parse_int("5", minimum=5, maximum=10) == 5
    for bad in ("-1", "1.5", "tolv", "3"):
        with pytest.raises(CellError):
            parse_int(bad, minimum=5 if bad == "3" else 0)
    with pytest.raises(CellError):
        parse_int("11", maximum=10)


def test_parse_bool():
    for word in ("ja", "JA", "x", "1", "yes", "True", "sant"):
        assert parse_bool(word) is True
    for word in ("", "nej", "0", "no", "false", "FALSKT"):
        assert parse_bool(word) is False
    with pytest.raises(CellError):
        parse_bool("kanske")


def test_parse_kind_accepts_code_english_and_swedish():
    assert parse_kind("frukost") == "breakfast"
    assert parse_kind("Breakfast") == "breakfast"
    assert parse_kind("afterwork") == "afterwork"
    assert parse_kind("Studiebesök") == "study_visit"
    assert parse_kind("study visit") == "study_visit"
    assert parse_kind("study_visit") == "study_visit"
    assert parse_kind("seminarium") == "seminar"
    with pytest.raises(CellError):
        parse_kind("picknick")


def test_parse_distance_band():
    assert parse_distance_band("10-30") == "10-30"
    assert parse_distance_band("10–30 km") == "10-30"
    assert parse_distance_band("100+") == "100+"
    assert parse_distance_band(">100") == "100+"
    with pytest.raises(CellError):
        parse_distance_band("5-15")


def test_normalise_header():
    assert normalise_header("\ufeffDatum ") == "datum"
    assert normalise_header("Start time") == "start_time"
    assert normalise_header("MILJÖ") == "miljö"


def test_decode_text_utf8_bom_cp1252_and_garbage():
    assert decode_text("Miljö".encode()) == "Miljö"
    assert decode_text(b"\xef\xbb\xbfMilj\xc3\xb6") == "Miljö"
    assert decode_text("Miljö – år".encode("cp1252")) == "Miljö – år"
    assert decode_text("datum;år".encode("utf-16")) == "datum;år"
    with pytest.raises(ImportFileError):
        decode_text(b"\x00\x01\x02PK\x03\x04")
    with pytest.raises(ImportFileError):
        decode_text(random.Random(1).randbytes(2000))


def test_detect_delimiter():
    assert detect_delimiter("datum;titel\n2026-01-01;a, b\n") == ";"
    assert detect_delimiter("date,title\n2026-01-01,a; b\n") == ","
    assert detect_delimiter("# comment, with comma\ndatum;titel\n") == ";"
    assert detect_delimiter("date\ttitle\n") == "\t"
    assert detect_delimiter("datum\n2026-01-01\n") == ","  # one column: the fallback


def test_build_table_numbers_rows_as_in_the_spreadsheet():
    raw = [
        (1, ["Datum", "Skrivbordsdagar", ""]),
        (2, ["# a comment", "", ""]),
        (3, ["", "", ""]),
        (4, ["2026-01-02", "5", ""]),
        (5, ["2026-01-03", "6", "extra"]),
    ]
    table = build_table(raw, kind=ImportKind.OCCUPANCY)
    assert table.headers == {"date": "Datum", "desk_days": "Skrivbordsdagar"}
    assert [n for n, _cells in table.rows] == [4, 5]
    assert table.rows[0][1] == {"date": "2026-01-02", "desk_days": "5"}
    assert table.rows[1][1]["_extra"] == "extra"


def test_build_table_names_missing_and_unknown_columns():
    with pytest.raises(ImportFileError) as caught:
        build_table([(1, ["datum", "titel", "färg"]), (2, ["x", "y", "z"])], kind="activities")
    text = " ".join(caught.value.messages)
    for name in ("typ", "varaktighet_min", "deltagare", "färg"):
        assert name in text
    with pytest.raises(ImportFileError):
        build_table([(1, ["datum", "date", "skrivbordsdagar"])], kind="occupancy")


def test_build_table_refuses_empty_and_header_only():
    with pytest.raises(ImportFileError):
        build_table([], kind="occupancy")
    with pytest.raises(ImportFileError):
        build_table([(1, ["datum", "skrivbordsdagar"]), (2, ["", ""])], kind="occupancy")


def test_read_table_refuses_more_than_5000_rows(db):
    rows = [f"2026-01-01,{n}" for n in range(imports.MAX_ROWS)]
    ok = ("date,desk_days\n" + "\n".join(rows)).encode()
    assert len(read_table(ok, "a.csv", kind="occupancy").rows) == imports.MAX_ROWS
    with pytest.raises(ImportFileError):
        read_table(ok + b"\n2026-01-02,1\n", "a.csv", kind="occupancy")


def test_read_table_refuses_other_formats_and_oversize(settings):
    with pytest.raises(ImportFileError):
        read_table(b"%PDF-1.4", "report.pdf", kind="activities")
    with pytest.raises(ImportFileError):
        read_table(b"\xd0\xcf\x11\xe0", "old.xls", kind="activities")
    with pytest.raises(ImportFileError):
        read_table(b"not a zip", "book.xlsx", kind="activities")
    with pytest.raises(ImportFileError):
        read_table(b"", "empty.csv", kind="activities")
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(ImportFileError):
        read_table(b"date,desk_days\n2026-01-01,1\n", "a.csv", kind="occupancy")


def test_import_key_is_stable_sha256_of_hub_date_time_and_normalised_title():
    key = activity_import_key(hub_id=1, day=date(2026, 3, 5), start=time(9), title="Frukost  Möte")
    assert len(key) == 64
    assert int(key, 16) >= 0
    assert key == activity_import_key(
        hub_id=1, day=date(2026, 3, 5), start=time(9), title=" frukost möte "
    )
    assert key != activity_import_key(
        hub_id=2, day=date(2026, 3, 5), start=time(9), title="Frukost Möte"
    )
    assert key != activity_import_key(
        hub_id=1, day=date(2026, 3, 5), start=time(10), title="Frukost Möte"
    )


def test_table_from_json_refuses_the_wrong_shape():
    good = {"headers": {"date": "datum"}, "rows": [[2, {"date": "2026-01-01"}]]}
    assert Table.from_json(good).rows == [(2, {"date": "2026-01-01"})]
    for bad in (
        None,
        [],
        {"headers": {}, "rows": "x"},
        {"headers": {"date": 1}, "rows": []},
        {"headers": {}, "rows": [[True, {}]]},
        {"headers": {}, "rows": [["2", {}]]},
        {"headers": {}, "rows": [[2, {"date": 5}]]},
    ):
        with pytest.raises(ImportFileError):
            Table.from_json(bad)


def test_validate_collects_every_error_with_row_and_column(hub, references):
    data = activities_csv(
        [
            "2026-03-05,Ok,frukost,60,10",
            "05/03/2026,Bad date,frukost,60,10",
            "2026-03-06,,picknick,2,många",
            "2026-03-05,ok,frukost,60,3",  # the same activity as row 2
        ]
    )
    preview = validate(
        kind="activities", hub=hub, table=read_table(data, "a.csv", kind="activities")
    )
    found = {(e.row, e.column) for e in preview.errors}
    assert found == {
        (3, "datum"),
        (4, "titel"),
        (4, "typ"),
        (4, "varaktighet_min"),
        (4, "deltagare"),
        (5, ""),
    }
    assert preview.records == []


def test_validate_occupancy_breakdown_rules(hub, references):
    data = (
        "datum;skrivbordsdagar;hemkommun;avstånd;antal\n"
        "2026-03-02;3;Östersund;0-10;2\n"
        "2026-03-02;;Krokom;10-30;2\n"  # parts 4 > total 3 (reported on row 2)
        "2026-03-03;;Östersund;0-10;1\n"  # no total for the day
        "2026-03-04;5;;;\n"
        "2026-03-04;6;;;\n"  # a second total
        "2026-03-05;5;Gävle;;1\n"  # unknown municipality
        "2026-03-06;5;Krokom;;\n"  # a breakdown place without count
        "2026-03-07;61;;;\n"  # more than 3 × 20 desks
        "2026-03-08;;;;\n"  # neither total nor count
    ).encode()
    table = read_table(data, "o.csv", kind="occupancy")
    preview = validate(kind="occupancy", hub=hub, table=table)
    assert {(e.row, e.column) for e in preview.errors} == {
        (2, "skrivbordsdagar"),
        (4, "skrivbordsdagar"),
        (6, "skrivbordsdagar"),
        (7, "hemkommun"),
        (8, "antal"),
        (9, "skrivbordsdagar"),
        (10, "skrivbordsdagar"),
    }


def test_import_run_refuses_non_managers(hub, coworker, references):
    table = read_table(activities_csv(["2026-03-05,A,lunch,60,5"]), "a.csv", kind="activities")
    with pytest.raises(imports.PermissionDenied):
        import_run(actor=coworker, hub=hub, kind="activities", table=table)
    assert not Activity.objects.exists()


# --- views: happy paths -------------------------------------------------------------------


def test_csv_comma_utf8_previews_then_imports(manager_client, hub, manager, references):
    data = (FILES / "activities_comma_utf8.csv").read_bytes()
    response = post_file(manager_client, hub, "aktiviteter.csv", data)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "hubs/import/preview.html"
    preview = response.context["preview"]
    assert preview.errors == []
    assert (preview.created, preview.updated) == (3, 0)
    assert manager_client.session[SESSION_KEY]["hub"] == hub.pk
    assert not Activity.objects.exists()  # nothing before confirming

    response = confirm(manager_client, hub)
    assert response.status_code == 302
    assert response.url == upload_url(hub)
    assert error_levels(response) == ["success"]
    assert SESSION_KEY not in manager_client.session

    breakfast = Activity.objects.get(hub=hub, title="Breakfast on remote work")
    assert breakfast.kind == "breakfast"
    assert breakfast.starts_at == datetime(2026, 3, 5, 8, 30, tzinfo=STOCKHOLM)
    assert breakfast.duration_minutes == 60
    assert breakfast.description == "Talk about working close to home, with coffee"
    assert (breakfast.participants, breakfast.facilitators) == (14, 1)
    assert set(breakfast.organisations.all()) == {references["fk"], references["skv"]}
    assert (breakfast.social, breakfast.economic, breakfast.environmental) == (True, False, False)
    assert breakfast.county_event == references["yran"]
    assert len(breakfast.import_key) == 64
    assert breakfast.created_by == manager
    afterwork = Activity.objects.get(hub=hub, kind="afterwork")
    assert afterwork.starts_at.astimezone(STOCKHOLM).time() == time(9, 0)  # default start
    assert afterwork.facilitators == 0
    seminar = Activity.objects.get(hub=hub, kind="seminar")
    assert seminar.dimensions == ["social", "economic", "environmental"]
    assert seminar.county_event == references["yran"]  # by slug


def test_swedish_excel_csv_semicolon_windows_1252(manager_client, hub, references):
    data = (FILES / "activities_excel_sv.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert import_file(manager_client, hub, "export.csv", data).status_code == 302
    titles = set(Activity.objects.filter(hub=hub).values_list("title", flat=True))
    assert titles == {
        "Frukost på Hällörten",
        "Afterwork i Östersund",
        "Studiebesök på Jämtkraft – vård & miljö",
    }
    visit = Activity.objects.get(hub=hub, kind="study_visit")
    assert (visit.social, visit.economic, visit.environmental) == (False, True, True)
    assert visit.organisations.count() == 2
    assert Activity.objects.get(hub=hub, kind="afterwork").social is True


def test_utf8_with_bom(manager_client, hub):
    data = (FILES / "activities_bom.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert import_file(manager_client, hub, "bom.csv", data).status_code == 302
    assert set(Activity.objects.filter(hub=hub).values_list("title", "kind")) == {
        ("Lunchträff", "lunch"),
        ("Workshop om hållbarhet", "workshop"),
    }


def make_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Ignored").append(["nothing", "here"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_date_cells_and_text_dates(manager_client, hub, references):
    data = make_xlsx(
        [
            ["Datum", "Starttid", "Varaktighet_min", "Typ", "Titel", "Deltagare", "Miljö"],
            [date(2026, 6, 1), time(7, 45), 60, "frukost", "Frukost i fjällen", 18, True],
            ["2026-06-08", "12:00", 45.0, "Lunch", "Lunch med utsikt", 6, "ja"],
            [datetime(2026, 6, 15), None, 90, "workshop", "Workshop", 9, None],  # noqa: DTZ001
        ]
    )
    assert import_file(manager_client, hub, "bok.xlsx", data).status_code == 302
    fjall = Activity.objects.get(hub=hub, title="Frukost i fjällen")
    assert fjall.starts_at == datetime(2026, 6, 1, 7, 45, tzinfo=STOCKHOLM)
    assert fjall.environmental is True
    lunch = Activity.objects.get(hub=hub, kind="lunch")
    assert (lunch.duration_minutes, lunch.environmental) == (45, True)
    workshop = Activity.objects.get(hub=hub, kind="workshop")
    assert workshop.starts_at == datetime(2026, 6, 15, 9, 0, tzinfo=STOCKHOLM)


def test_xlsx_row_errors_use_spreadsheet_row_numbers(manager_client, hub):
    data = make_xlsx(
        [
            ["datum", "titel", "typ", "varaktighet_min", "deltagare"],
            [date(2026, 6, 1), "Ok", "lunch", 60, 5],
            [None, None, None, None, None],
            ["1/6/2026", "Bad", "lunch", 60, 5],
        ]
    )
    response = post_file(manager_client, hub, "bok.xlsx", data)
    assert [(e.row, e.column) for e in response.context["preview"].errors] == [(4, "datum")]


def test_occupancy_csv_with_breakdown(manager_client, hub, references):
    data = (FILES / "occupancy.csv").read_bytes()
    response = post_file(manager_client, hub, "belaggning.csv", data, kind="occupancy")
    preview = response.context["preview"]
    assert preview.errors == []
    assert (preview.total, preview.created, preview.updated) == (3, 3, 0)
    assert confirm(manager_client, hub).status_code == 302
    assert occupancy_state(hub) == [
        (date(2026, 3, 2), 8, frozenset()),
        (
            date(2026, 3, 3),
            10,
            {
                (0, "100+", 1),
                (references["krokom"].pk, "30-60", 3),
                (references["ostersund"].pk, "10-30", 4),
            },
        ),
        (date(2026, 3, 4), 7, frozenset()),
    ]


def test_the_downloadable_templates_import_cleanly(manager_client, hub, references):
    activities = (TEMPLATES / "aktiviteter.csv").read_bytes()
    occupancy = (TEMPLATES / "belaggning.csv").read_bytes()
    assert import_file(manager_client, hub, "aktiviteter.csv", activities).status_code == 302
    assert Activity.objects.filter(hub=hub).count() == 3
    response = import_file(manager_client, hub, "belaggning.csv", occupancy, kind="occupancy")
    assert response.status_code == 302
    assert Occupancy.objects.filter(hub=hub).count() == 3
    assert OccupancyBreakdown.objects.filter(occupancy__hub=hub).count() == 3


def test_upload_page_links_the_templates(manager_client, hub):
    response = manager_client.get(upload_url(hub))
    assert response.status_code == 200
    html = response.content.decode()
    assert "hubs/import-templates/aktiviteter.csv" in html
    assert "hubs/import-templates/belaggning.csv" in html
    assert 'id="id_file"' in html


# --- views: all-or-nothing and bad files -----------------------------------------------


def test_one_bad_row_saves_nothing_and_reports_that_row(manager_client, hub):
    data = activities_csv(
        [
            "2026-03-05,Ett,frukost,60,10",
            "2026-03-06,Två,frukost,60,tio",
            "2026-03-07,Tre,frukost,60,10",
        ]
    )
    response = post_file(manager_client, hub, "a.csv", data)
    assert response.status_code == 200
    errors = response.context["preview"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "deltagare")]
    html = response.content.decode()
    assert 'id="import-error-table"' in html
    assert 'data-row="3" data-column="deltagare"' in html
    assert 'id="import-confirm-button" disabled' in html
    assert SESSION_KEY not in manager_client.session

    response = manager_client.post(confirm_url(hub), {"sha256": ""})
    assert response.status_code == 302
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.csv", b"datum,titel,colour\n2026-01-01,x,red\n"),  # missing + unknown columns
        ("a.csv", random.Random(7).randbytes(3000)),  # garbage
        ("a.csv", b"\x00\x00\x00\x00binary"),
        ("a.xlsx", b"PK\x03\x04 but not really a zip"),
        ("a.pdf", b"%PDF-1.7"),
        ("a.csv", b"datum,titel,typ,varaktighet_min,deltagare\n"),  # header only
        ("a.csv", b"\n\n"),  # no header
    ],
)
def test_bad_files_rerender_the_form_with_an_error(manager_client, hub, name, data):
    response = post_file(manager_client, hub, name, data)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "hubs/import/upload.html"
    assert "file" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert SESSION_KEY not in manager_client.session
    assert not Activity.objects.exists()


def test_wrong_columns_are_named(manager_client, hub):
    response = post_file(manager_client, hub, "a.csv", b"datum,titel,colour\n2026-01-01,x,y\n")
    text = " ".join(response.context["form"].errors["file"])
    for name in ("typ", "varaktighet_min", "deltagare", "colour"):
        assert name in text


def test_oversized_file_is_refused(manager_client, hub, settings):
    settings.IMPORT_MAX_BYTES = 64
    data = activities_csv([f"2026-03-0{n},Aktivitet {n},lunch,60,5" for n in range(1, 6)])
    assert len(data) > 64
    response = post_file(manager_client, hub, "a.csv", data)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_missing_kind_or_file_rerenders(manager_client, hub):
    response = manager_client.post(upload_url(hub), {"kind": "people"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "file"}


# --- idempotency --------------------------------------------------------------------------


def test_reimport_updates_instead_of_duplicating(manager_client, hub, references):
    data = (FILES / "activities_comma_utf8.csv").read_bytes()
    import_file(manager_client, hub, "a.csv", data)
    first = activity_state(hub)
    ids = set(Activity.objects.values_list("pk", flat=True))

    response = post_file(manager_client, hub, "a.csv", data)
    assert (response.context["preview"].created, response.context["preview"].updated) == (0, 3)
    confirm(manager_client, hub)
    assert activity_state(hub) == first
    assert set(Activity.objects.values_list("pk", flat=True)) == ids

    changed = data.replace(b",14,1,", b",15,2,").replace(b"Breakfast on", b"BREAKFAST  on")
    response = post_file(manager_client, hub, "a.csv", changed)
    assert (response.context["preview"].created, response.context["preview"].updated) == (0, 3)
    confirm(manager_client, hub)
    assert Activity.objects.filter(hub=hub).count() == 3
    breakfast = Activity.objects.get(hub=hub, kind="breakfast")
    assert (breakfast.participants, breakfast.facilitators) == (15, 2)
    assert breakfast.title == "BREAKFAST on remote work"


def test_reimport_of_occupancy_is_identical(manager_client, hub, references):
    data = (FILES / "occupancy.csv").read_bytes()
    import_file(manager_client, hub, "o.csv", data, kind="occupancy")
    first = occupancy_state(hub)
    response = post_file(manager_client, hub, "o.csv", data, kind="occupancy")
    assert (response.context["preview"].created, response.context["preview"].updated) == (0, 3)
    confirm(manager_client, hub)
    assert occupancy_state(hub) == first
    assert OccupancyBreakdown.objects.count() == 3


def test_same_activity_in_two_hubs_gets_two_keys(client, hub, other_hub, manager, other_manager):
    data = activities_csv(["2026-03-05,Frukost,frukost,60,10"])
    client.force_login(manager)
    import_file(client, hub, "a.csv", data)
    client.force_login(other_manager)
    import_file(client, other_hub, "a.csv", data)
    keys = set(Activity.objects.values_list("import_key", flat=True))
    assert len(keys) == 2


# --- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("manager", 200),
        ("admin", 200),
        ("other_manager", 403),
        ("coworker", 403),
        ("staff", 403),
        (None, 302),
    ],
)
def test_upload_permissions(client, request, hub, persona, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(upload_url(hub)).status_code == expected
    data = activities_csv(["2026-03-05,Frukost,frukost,60,10"])
    response = post_file(client, hub, "a.csv", data)
    assert response.status_code == expected
    if persona is None:
        assert reverse("account_login") in response.url


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("other_manager", 403), ("coworker", 403), ("staff", 403), (None, 302)],
)
def test_confirm_permissions(client, request, hub, persona, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.post(confirm_url(hub), {"sha256": "x"}).status_code == expected
    assert not Activity.objects.exists()


def test_other_managers_preview_cannot_be_confirmed_in_my_hub(
    client, hub, other_hub, other_manager
):
    client.force_login(other_manager)
    post_file(client, other_hub, "a.csv", activities_csv(["2026-03-05,F,frukost,60,10"]))
    assert client.post(confirm_url(hub), {"sha256": "x"}).status_code == 403


def test_preview_for_one_hub_cannot_be_confirmed_into_another(client, manager, hub):
    second = HubFactory(name="Andra", slug="andra")
    second.manager_memberships.create(user=manager)
    client.force_login(manager)
    post_file(client, hub, "a.csv", activities_csv(["2026-03-05,F,frukost,60,10"]))
    digest = client.session[SESSION_KEY]["sha256"]
    response = client.post(confirm_url(second), {"sha256": digest})
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_inactive_hub_is_404(manager_client, hub):
    hub.is_active = False
    hub.save(update_fields=["is_active"])
    assert manager_client.get(upload_url(hub)).status_code == 404


def test_get_on_confirm_is_not_allowed(manager_client, hub):
    assert manager_client.get(confirm_url(hub)).status_code == 405


# --- confirm: session checks -------------------------------------------------------------------


def test_confirm_without_preview_redirects_with_an_error(manager_client, hub):
    response = manager_client.post(confirm_url(hub), {"sha256": "abc"})
    assert response.status_code == 302
    assert response.url == upload_url(hub)
    assert error_levels(response) == ["error"]
    assert not Activity.objects.exists()


def test_confirm_with_another_files_hash_is_refused(manager_client, hub):
    post_file(manager_client, hub, "a.csv", activities_csv(["2026-03-05,F,frukost,60,10"]))
    response = manager_client.post(confirm_url(hub), {"sha256": "0" * 64})
    assert response.status_code == 302
    assert error_levels(response) == ["error"]
    assert not Activity.objects.exists()


def test_tampered_session_rows_are_validated_again(manager_client, hub):
    data = activities_csv(["2026-03-05,Ett,frukost,60,10", "2026-03-06,Två,frukost,60,10"])
    post_file(manager_client, hub, "a.csv", data)
    session = manager_client.session
    payload = session[SESSION_KEY]
    payload["table"]["rows"][1][1]["participants"] = "-5"
    session[SESSION_KEY] = payload
    session.save()

    response = confirm(manager_client, hub)
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["preview"].errors] == [(3, "deltagare")]
    assert not Activity.objects.exists()
    assert SESSION_KEY not in manager_client.session


@pytest.mark.parametrize(
    "table",
    [None, "garbage", {"headers": {"date": "datum"}, "rows": [["x", {}]]}],
)
def test_malformed_session_table_is_refused(manager_client, hub, table):
    post_file(manager_client, hub, "a.csv", activities_csv(["2026-03-05,F,frukost,60,10"]))
    session = manager_client.session
    payload = session[SESSION_KEY]
    payload["table"] = table
    session[SESSION_KEY] = payload
    session.save()
    response = confirm(manager_client, hub)
    assert response.status_code == 302
    assert error_levels(response) == ["error"]
    assert not Activity.objects.exists()


def test_session_table_missing_required_columns_is_refused(manager_client, hub):
    post_file(manager_client, hub, "a.csv", activities_csv(["2026-03-05,F,frukost,60,10"]))
    session = manager_client.session
    payload = session[SESSION_KEY]
    del payload["table"]["headers"]["participants"]
    for _number, cells in payload["table"]["rows"]:
        cells.pop("participants")
    session[SESSION_KEY] = payload
    session.save()
    response = confirm(manager_client, hub)
    assert response.status_code == 200
    assert response.context["preview"].errors
    assert not Activity.objects.exists()


def test_data_changed_since_preview_is_caught_at_confirm(manager_client, hub, references):
    post_file(
        manager_client,
        hub,
        "a.csv",
        activities_csv(
            ["2026-03-05,F,frukost,60,10,Skatteverket"],
            header="datum,titel,typ,varaktighet_min,deltagare,organisationer",
        ),
    )
    references["skv"].delete()
    response = confirm(manager_client, hub)
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["preview"].errors] == [
        (2, "organisationer")
    ]
    assert not Activity.objects.exists()


def test_failure_in_the_middle_rolls_back_everything(manager_client, hub, monkeypatch):
    data = activities_csv([f"2026-03-0{n},Aktivitet {n},lunch,60,5" for n in range(1, 4)])
    post_file(manager_client, hub, "a.csv", data)
    real = imports.activity_log
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ValidationError("boom")
        return real(**kwargs)

    monkeypatch.setattr(imports, "activity_log", failing)
    response = confirm(manager_client, hub)
    assert response.status_code == 302
    assert error_levels(response) == ["error"]
    assert len(calls) == 3
    assert not Activity.objects.exists()


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 6])
def test_preview_query_count_does_not_grow_with_rows(
    manager_client, hub, references, django_assert_num_queries, rows
):
    data = activities_csv(
        [f"2026-03-0{n},Aktivitet {n},lunch,60,5,Skatteverket" for n in range(1, rows + 1)],
        header="datum,titel,typ,varaktighet_min,deltagare,organisationer",
    )
    manager_client.get(upload_url(hub))  # the session exists before the measured request
    with django_assert_num_queries(10):
        # 1 session, 2 user, 3 hub, 4 can_manage_hub (membership exists),
        # 5 all organisations (name lookup), 6 all county events (name/slug lookup),
        # 7 which import keys exist already, 8-10 session save (SAVEPOINT, UPDATE, RELEASE)
        response = post_file(manager_client, hub, "a.csv", data)
    assert response.context["preview"].created == rows


@pytest.mark.parametrize("days", [3, 6])
def test_occupancy_preview_query_count_does_not_grow_with_rows(
    manager_client, hub, references, django_assert_num_queries, days
):
    rows = [f"2026-03-0{n};5;Krokom;10-30;2" for n in range(1, days + 1)]
    data = ("datum;skrivbordsdagar;hemkommun;avstånd;antal\n" + "\n".join(rows)).encode()
    manager_client.get(upload_url(hub))  # the session exists before the measured request
    with django_assert_num_queries(9):
        # 1 session, 2 user, 3 hub, 4 can_manage_hub (membership exists),
        # 5 all municipalities (name/code lookup), 6 which days exist already,
        # 7-9 session save (SAVEPOINT, UPDATE, RELEASE)
        response = post_file(manager_client, hub, "o.csv", data, kind="occupancy")
    assert response.context["preview"].created == days
