"""Open data: the county and municipality CSV files from the snapshots (year
and quarter, with "<5" for values resting on fewer than 5 people and never
the number of people), the same content when generated twice, the nightly
task, and the public page and download."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounting import tasks
from accounting.models import Indicator, OpenDataFile, Snapshot
from accounting.open_data import HEADER, generate_open_data
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("accounting:open-data")


def snap(code, scope_type, key, period_type, start, value, people=None, **scope):
    return Snapshot.objects.create(
        indicator=Indicator.objects.get(code=code),
        scope_type=scope_type,
        scope_key=key,
        period_type=period_type,
        period_start=start,
        value=value,
        people=people,
        computed_at=timezone.now(),
        **scope,
    )


@pytest.fixture
def data(hub):
    ostersund = MunicipalityFactory()
    are = MunicipalityFactory(code="2321", name="Åre", area_class="rural")
    y, q, m = date(2025, 1, 1), date(2025, 4, 1), date(2025, 5, 1)
    snap("learning_meetings", "county", "county", "year", y, 12)
    snap("learning_meetings", "county", "county", "quarter", q, 5)
    snap("learning_meetings", "county", "county", "month", m, 2)  # months are not published
    snap("participant_hours", "county", "county", "year", y, 120, people=40)
    snap("participant_hours", "county", "county", "quarter", q, 9, people=3)  # "<5"
    snap("satisfaction", "county", "county", "year", y, "4.3333", people=6)
    snap(
        "learning_meetings", "municipality", f"municipality:{are.pk}", "year", y, 3,
        municipality=are,
    )  # fmt: skip
    snap(
        "participant_hours", "municipality", f"municipality:{ostersund.pk}", "year", y, 8,
        people=2, municipality=ostersund,
    )  # fmt: skip
    snap("learning_meetings", "hub", f"hub:{hub.pk}", "year", y, 3, hub=hub)  # not published
    snap("learning_meetings", "area", "area:rural", "year", y, 3, area_class="rural")
    inactive = snap("tools_adopted", "county", "county", "year", y, 1)
    Indicator.objects.filter(pk=inactive.indicator_id).update(is_active=False)


def rows_of(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(OpenDataFile.objects.get(name=name).content)))


def test_county_file_has_year_and_quarter_values_with_suppression(data):
    generate_open_data()
    header, *rows = rows_of("lan-indikatorer")
    assert header == HEADER == [
        "indicator_code", "name_sv", "name_en", "unit", "scope", "period_type",
        "period_start", "value",
    ]  # fmt: skip
    assert rows == [
        ["learning_meetings", "Lärandeträffar som hållits", "Learning meetings held", "st",
         "Jämtlands län", "quarter", "2025-04-01", "5"],
        ["learning_meetings", "Lärandeträffar som hållits", "Learning meetings held", "st",
         "Jämtlands län", "year", "2025-01-01", "12"],
        ["participant_hours", "Deltagartimmar i lärande", "Participant-hours of learning",
         "timmar", "Jämtlands län", "quarter", "2025-04-01", "<5"],
        ["participant_hours", "Deltagartimmar i lärande", "Participant-hours of learning",
         "timmar", "Jämtlands län", "year", "2025-01-01", "120"],
        ["satisfaction", "Deltagarnöjdhet", "Participant satisfaction", "1–5",
         "Jämtlands län", "year", "2025-01-01", "4.3"],
    ]  # fmt: skip
    assert OpenDataFile.objects.get(name="lan-indikatorer").rows == 5


def test_municipality_file_has_one_row_per_municipality_and_period(data):
    generate_open_data()
    _header, *rows = rows_of("kommun-indikatorer")
    assert [(r[0], r[4], r[5], r[7]) for r in rows] == [
        ("learning_meetings", "Åre", "year", "3"),
        ("participant_hours", "Östersund", "year", "<5"),
    ]
    content = OpenDataFile.objects.get(name="kommun-indikatorer").content
    # The number of people is never exported, not even for values shown.
    assert "people" not in content and ",2\n" not in content and ",8\n" not in content


def test_generating_twice_gives_the_same_files(data):
    first = {f.name: f.content for f in generate_open_data()}
    second = {f.name: f.content for f in generate_open_data()}
    assert first == second
    assert OpenDataFile.objects.count() == 2
    # A changed snapshot changes the file on the next run.
    Snapshot.objects.filter(scope_key="county", period_type="year").filter(
        indicator__code="learning_meetings"
    ).update(value=13)
    generate_open_data()
    assert rows_of("lan-indikatorer")[2][-1] == "13"


def test_nightly_task_regenerates_the_files(data):
    assert tasks.open_data_generate() == 5 + 2
    assert set(OpenDataFile.objects.values_list("name", flat=True)) == {
        "lan-indikatorer",
        "kommun-indikatorer",
    }


def test_files_are_empty_tables_without_snapshots(db):
    generate_open_data()
    assert rows_of("lan-indikatorer") == [HEADER]
    assert OpenDataFile.objects.get(name="kommun-indikatorer").rows == 0


def test_public_page_lists_files_definitions_and_licence(client, data, django_assert_num_queries):
    generate_open_data()
    # files, indicators
    with django_assert_num_queries(2):
        response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-file="lan-indikatorer" data-rows="5"' in html
    assert 'data-file="kommun-indikatorer" data-rows="2"' in html
    assert reverse("accounting:open-data-file", args=["lan-indikatorer"]) in html
    assert 'rel="license"' in html and "https://creativecommons.org/licenses/by/4.0/" in html
    assert "Region Jämtland Härjedalen" in html
    assert 'id="suppression-note"' in html
    assert 'data-code="co2e_avoided"' in html and "klimatresa.se" in html
    assert 'data-code="tools_adopted"' not in html  # inactive


def test_public_page_without_files(client, db):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert 'id="open-data-empty"' in response.content.decode()


def test_public_download_is_cached_csv(client, data):
    generate_open_data()
    response = client.get(reverse("accounting:open-data-file", args=["lan-indikatorer"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert 'filename="lan-indikatorer.csv"' in response["Content-Disposition"]
    assert (
        response.content.decode("utf-8") == OpenDataFile.objects.get(name="lan-indikatorer").content
    )
    assert "<5" in response.content.decode("utf-8")


def test_unknown_file_is_404(client, db):
    assert client.get(reverse("accounting:open-data-file", args=["hemligt"])).status_code == 404
