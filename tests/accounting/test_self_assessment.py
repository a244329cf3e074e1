"""A hub's yearly self-assessment (Wissensbilanz) through the test client: who
may fill it in, 2–4 factors per capital, 0–120 % in steps of 10, evidence
links, saving and re-saving, another year, the change since the previous
year, and the query budget."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounting.models import SelfAssessment, SelfAssessmentFactor
from accounting.services import self_assessment_save

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
CAPITALS = ["human", "relational", "structural"]


def url(slug: str = "samverket", year: int | None = None) -> str:
    path = reverse("accounting:self-assessment", kwargs={"slug": slug})
    return f"{path}?year={year}" if year else path


def factor(name: str, score: int = 60, **extra) -> dict:
    return {
        "name": name,
        "quantity": str(score),
        "quality": str(score),
        "systematics": str(score),
        "comment": "",
        "evidence": "",
        **extra,
    }


def post_data(factors: dict[str, list[dict]] | None = None, summary: str = "Good year") -> dict:
    """Four rows per capital as the page shows them; `factors` fills the first ones."""
    factors = factors or {
        capital: [factor(f"{capital} A"), factor(f"{capital} B")] for capital in CAPITALS
    }
    data = {"summary": summary}
    for capital in CAPITALS:
        rows = factors.get(capital, [])
        prefix = f"factors-{capital}"
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(max(4, len(rows))),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "4",
            }
        )
        for i in range(max(4, len(rows))):
            row = rows[i] if i < len(rows) else factor("", quantity="", quality="", systematics="")
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
    return data


# --- Permissions ----------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, hub):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("persona", ["coworker", "other_manager"])
def test_others_get_403(client, request, persona, hub):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url()).status_code == 403
    assert client.post(url(), post_data()).status_code == 403
    assert not SelfAssessment.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "staff", "admin"])
def test_managers_and_staff_may_assess(client, request, persona, hub):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert client.get(url("unknown")).status_code == 404


# --- Saving ---------------------------------------------------------------------------


def test_manager_saves_and_resaves_replacing_factors(client, manager, hub):
    client.force_login(manager)
    links = "https://example.org/report\n\n  http://example.org/photos  "
    data = post_data(
        {
            "human": [factor("Skills", 80, evidence=links, comment="Courses"), factor("Mix")],
            "relational": [factor("Network", 100), factor("Trust", 120), factor("Partners", 0)],
            "structural": [factor("Booking system"), factor("Routines", 30)],
        }
    )
    response = client.post(url(year=2025), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2025")
    assessment = SelfAssessment.objects.get(hub=hub, year=2025)
    assert assessment.summary == "Good year"
    assert assessment.created_by == manager
    assert assessment.factors.count() == 7
    skills = assessment.factors.get(name="Skills")
    assert (skills.capital, skills.quantity, skills.comment) == ("human", 80, "Courses")
    assert skills.evidence == "https://example.org/report\nhttp://example.org/photos"

    # The page shows what was saved and fills the form with it.
    page = client.get(url(year=2025))
    html = page.content.decode()
    assert 'data-factor="Trust"' in html
    assert page.context["sections"][1].formset.forms[1].initial["name"] == "Trust"

    # Re-saving replaces every factor.
    response = client.post(url(year=2025), post_data(summary="Second try"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.summary == "Second try"
    assert sorted(assessment.factors.values_list("name", flat=True)) == [
        "human A",
        "human B",
        "relational A",
        "relational B",
        "structural A",
        "structural B",
    ]
    assert SelfAssessment.objects.count() == 1


def test_default_year_is_this_year_and_bad_years_fall_back(client, manager, hub):
    client.force_login(manager)
    client.post(url(), post_data())
    assert SelfAssessment.objects.get().year == timezone.localdate().year
    assert client.get(url() + "?year=abc").context["year"] == timezone.localdate().year
    assert client.get(url(year=1900)).context["year"] == timezone.localdate().year


# --- Validation -----------------------------------------------------------------------


def assert_rejected(client, data, year: int = 2025) -> dict:
    response = client.post(url(year=year), data)
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not SelfAssessmentFactor.objects.exists()
    assert not SelfAssessment.objects.exists()
    return {s.capital: s.formset for s in response.context["sections"]}


def test_one_factor_for_a_capital_is_an_error(client, manager, hub):
    client.force_login(manager)
    data = post_data(
        {
            "human": [factor("Skills")],
            "relational": [factor("Network"), factor("Trust")],
            "structural": [factor("Booking"), factor("Routines")],
        }
    )
    formsets = assert_rejected(client, data)
    assert [e.code for e in formsets["human"].non_form_errors().as_data()] == ["factor_count"]
    assert not formsets["relational"].non_form_errors()
    assert 'data-capital-errors="human"' in client.post(url(year=2025), data).content.decode()


def test_five_factors_for_a_capital_is_an_error(client, manager, hub):
    client.force_login(manager)
    data = post_data(
        {
            "human": [factor(f"Skill {i}") for i in range(5)],
            "relational": [factor("Network"), factor("Trust")],
            "structural": [factor("Booking"), factor("Routines")],
        }
    )
    formsets = assert_rejected(client, data)
    assert formsets["human"].non_form_errors()


@pytest.mark.parametrize("bad", ["130", "55", "-10", "x"])
def test_scores_outside_the_steps_are_impossible(client, manager, hub, bad):
    client.force_login(manager)
    data = post_data()
    data["factors-human-0-quality"] = bad
    formsets = assert_rejected(client, data)
    assert "quality" in formsets["human"].forms[0].errors


def test_score_choices_are_0_to_120_in_steps_of_10(client, manager, hub):
    client.force_login(manager)
    form = client.get(url()).context["sections"][0].formset.forms[0]
    values = [v for v, _label in form.fields["quantity"].choices if v != ""]
    assert values == list(range(0, 121, 10))


@pytest.mark.parametrize(
    "evidence", ["not a link", "ftp://example.org/file", "https://ok.example.org\njavascript:x"]
)
def test_bad_evidence_links_are_errors(client, manager, hub, evidence):
    client.force_login(manager)
    data = post_data()
    data["factors-structural-1-evidence"] = evidence
    formsets = assert_rejected(client, data)
    assert "evidence" in formsets["structural"].forms[1].errors


def test_duplicate_factor_names_in_a_capital_are_errors(client, manager, hub):
    client.force_login(manager)
    data = post_data(
        {
            "human": [factor("Skills"), factor(" skills ")],
            "relational": [factor("Network"), factor("Trust")],
            "structural": [factor("Skills"), factor("Routines")],  # same name elsewhere is fine
        }
    )
    formsets = assert_rejected(client, data)
    assert "name" in formsets["human"].forms[1].errors
    assert not any(f.errors for f in formsets["structural"].forms)


def test_a_half_filled_row_is_an_error(client, manager, hub):
    client.force_login(manager)
    data = post_data()
    data["factors-human-2-name"] = "Third"
    formsets = assert_rejected(client, data)
    assert "quantity" in formsets["human"].forms[2].errors


# --- Change since the previous year -----------------------------------------------------


def test_change_since_previous_year_is_shown(client, manager, hub):
    self_assessment_save(
        hub=hub,
        year=2024,
        summary="",
        factors=[
            {
                "capital": "human",
                "name": "Skills",
                "quantity": 40,
                "quality": 50,
                "systematics": 60,
            },
            {"capital": "human", "name": "Mix", "quantity": 50, "quality": 50, "systematics": 50},
        ],
        user=manager,
    )
    self_assessment_save(
        hub=hub,
        year=2025,
        summary="",
        factors=[
            {
                "capital": "human",
                "name": "Skills",
                "quantity": 70,
                "quality": 70,
                "systematics": 70,
            },
            {"capital": "human", "name": "Mix", "quantity": 40, "quality": 40, "systematics": 40},
            {"capital": "human", "name": "New", "quantity": 90, "quality": 90, "systematics": 90},
        ],
        user=manager,
    )
    client.force_login(manager)
    response = client.get(url(year=2025))
    html = response.content.decode()
    assert 'data-factor="Skills" data-change="20"' in html
    assert 'data-factor="Mix" data-change="-10"' in html
    assert 'data-factor="New" data-change=""' in html
    # The form row shows last year's values next to the factor of the same name.
    human = response.context["sections"][0].formset.forms
    assert {f.initial.get("name"): f.previous for f in human}["Skills"].quantity == 40
    assert 'data-previous="Skills"' in html

    # 2024 has nothing before it.
    html = client.get(url(year=2024)).content.decode()
    assert 'id="no-previous"' in html
    assert 'data-factor="Skills" data-change=""' in html


@pytest.mark.parametrize("n", [2, 4])
def test_query_count_does_not_grow(client, manager, hub, n, django_assert_num_queries):
    for year in (2024, 2025):
        self_assessment_save(
            hub=hub,
            year=year,
            summary="",
            factors=[
                {"capital": c, "name": f"F{i}", "quantity": 50, "quality": 60, "systematics": 70}
                for c in CAPITALS
                for i in range(n)
            ],
            user=manager,
        )
    client.force_login(manager)
    # 1 session, 2 user, 3 hub, 4 manager membership, 5–6 this year's assessment
    # and factors, 7–8 last year's and its factors, 9 saved years.
    with django_assert_num_queries(9):
        response = client.get(url(year=2025))
    assert len(response.context["sections"][0].rows) == n
