"""The toolbox's staff side and suggestions, through the test client:
permissions of every URL, suggestion → moderation → publish/reject, review
moderation, the catalogue, tool forms and search re-indexing, assessment
versions, decisions, adoption and query budgets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    NeedFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    ToolFactory,
    UserFactory,
)
from toolbox.models import Adoption, OrganisationDecision, PrivacyAssessment, Review, Tool
from toolbox.selectors import ToolFilters, tool_search

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


def url(name: str, **kwargs) -> str:
    return reverse(f"toolbox:{name}", kwargs=kwargs)


def found(text: str) -> list[str]:
    return [tool.slug for tool in tool_search(ToolFilters(query=text))]


@pytest.fixture
def tool(db):
    return ToolFactory(name="Gemensam kalender", slug="gemensam-kalender")


@pytest.fixture
def suggested(coworker):
    return ToolFactory(
        name="Whiteboard online",
        slug="whiteboard-online",
        status=Tool.Status.SUGGESTED,
        published_at=None,
        suggested_by=coworker,
    )


@pytest.fixture
def review(tool):
    return Review.objects.create(
        tool=tool, user=UserFactory(), rating=2, tip="Tipsa-om-Zebrakod i mötet"
    )


def assessment_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "processes_personal_data": "on",
        "data_categories": "Names and email addresses.",
        "storage": PrivacyAssessment.Storage.EU,
        "legal_basis": PrivacyAssessment.LegalBasis.PUBLIC_TASK,
        "dpia_exists": "on",
        "access_likelihood": "2",
        "access_severity": "2",
        "change_likelihood": "1",
        "change_severity": "2",
        "loss_likelihood": "1",
        "loss_severity": "1",
        "need": "Book rooms across organisations.",
        "benefit": "Fewer emails.",
        "conclusion": "May be used.",
        "assessed_on": today.isoformat(),
        "assessed_by": "Data protection officer",
        "reassess_by": (today + timedelta(days=365)).isoformat(),
    }
    data.update(overrides)
    return data


def tool_data(**overrides) -> dict:
    data = {
        "name": "Mötesbokaren",
        "slug": "",
        "kind": Tool.Kind.DIGITAL_TOOL,
        "summary": "Boka möten över organisationsgränser.",
        "description": "**Enkel** att komma igång.",
        "fits": ["across_orgs", "at_hub"],
        "ease": "4",
        "cost": "Free",
        "supplier": "Exempel AB",
        "languages": "Swedish",
        "website": "https://example.org",
        "documentation_url": "",
        "maturity": Tool.Maturity.ESTABLISHED,
        "status": Tool.Status.PUBLISHED,
    }
    data.update(overrides)
    return data


# --- Permissions --------------------------------------------------------------------

PAGES = [
    ("suggest", False),
    ("moderation", False),
    ("manage", False),
    ("tool-create", False),
    ("tool-edit", True),
    ("assessment-create", True),
    ("decisions", True),
    ("adoptions", True),
]


def page_url(name: str, with_slug: bool, tool: Tool) -> str:
    return url(name, slug=tool.slug) if with_slug else url(name)


def post_only_urls(tool: Tool, review: Review) -> list[str]:
    return [url("moderate-tool", slug=tool.slug), url("moderate-review", pk=review.pk)]


@pytest.mark.parametrize(("name", "with_slug"), PAGES)
def test_anonymous_is_sent_to_log_in(client, tool, name, with_slug):
    response = client.get(page_url(name, with_slug, tool))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_anonymous_moderation_posts_are_sent_to_log_in(client, tool, review):
    for path in post_only_urls(tool, review):
        response = client.post(path, {"action": "publish", "note": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(("name", "with_slug"), PAGES)
def test_coworker_may_only_suggest(client, coworker, tool, name, with_slug):
    client.force_login(coworker)
    response = client.get(page_url(name, with_slug, tool))
    assert response.status_code == (200 if name == "suggest" else 403)


@pytest.mark.parametrize(("name", "with_slug"), PAGES)
def test_manager_may_suggest_and_record_adoption(client, manager, tool, name, with_slug):
    client.force_login(manager)
    response = client.get(page_url(name, with_slug, tool))
    assert response.status_code == (200 if name in ("suggest", "adoptions") else 403)


@pytest.mark.parametrize("persona", ["staff", "admin"])
@pytest.mark.parametrize(("name", "with_slug"), PAGES)
def test_region_staff_and_admins_see_every_page(client, request, persona, tool, name, with_slug):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(page_url(name, with_slug, tool)).status_code == 200


@pytest.mark.parametrize("persona", ["coworker", "manager"])
def test_only_staff_may_moderate(client, request, persona, suggested, review):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(url("moderate-tool", slug=suggested.slug), {"action": "publish"})
    assert response.status_code == 403
    response = client.post(url("moderate-review", pk=review.pk), {"action": "hide", "note": "x"})
    assert response.status_code == 403
    suggested.refresh_from_db()
    review.refresh_from_db()
    assert suggested.status == Tool.Status.SUGGESTED
    assert review.status == Review.Status.VISIBLE


def test_moderation_urls_are_post_only(client, staff, suggested, review):
    client.force_login(staff)
    for path in post_only_urls(suggested, review):
        assert client.get(path).status_code == 405


def test_unknown_tool_is_404_for_staff(client, staff):
    client.force_login(staff)
    for name in ("tool-edit", "assessment-create", "decisions", "adoptions", "moderate-tool"):
        method = client.post if name == "moderate-tool" else client.get
        assert method(url(name, slug="finns-inte")).status_code == 404


# --- Suggestions and moderation -----------------------------------------------------


def test_suggestion_waits_for_moderation_then_is_published(client, coworker, staff):
    need = NeedFactory(name="Hålla hybridmöten", slug="hybridmoten")
    client.force_login(coworker)
    response = client.post(
        url("suggest"),
        {
            "name": "  Rityta   Delad ",
            "kind": Tool.Kind.DIGITAL_TOOL,
            "summary": "En delad rityta för workshoppar.",
            "description": "Fungerar i **webbläsaren**.",
            "website": "rityta.example.org",
            "needs": [need.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("suggest")
    tool = Tool.objects.get(name="Rityta Delad")
    assert tool.status == Tool.Status.SUGGESTED
    assert tool.suggested_by == coworker
    assert tool.website == "https://rityta.example.org"
    assert list(tool.needs.all()) == [need]
    # Not public yet: not found by search, no public page.
    assert found("rityta") == []
    client.logout()
    assert client.get(tool.get_absolute_url()).status_code == 404

    # The suggester sees it waiting.
    client.force_login(coworker)
    response = client.get(url("suggest"))
    assert [t.pk for t in response.context["suggestions"]] == [tool.pk]
    assert f'data-tool="{tool.slug}" data-status="suggested"' in response.content.decode()

    # Staff see it in the queue, with the suggester's email.
    client.force_login(staff)
    response = client.get(url("moderation"))
    assert [t.pk for t in response.context["suggestions"]] == [tool.pk]
    assert coworker.email in response.content.decode()
    # The preview link: staff may open the page of a suggestion.
    assert f'href="{tool.get_absolute_url()}"' in response.content.decode()
    assert client.get(tool.get_absolute_url()).status_code == 200

    response = client.post(url("moderate-tool", slug=tool.slug), {"action": "publish"})
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.status == Tool.Status.PUBLISHED
    assert tool.published_at is not None
    assert found("rityta") == [tool.slug]
    assert client.get(url("moderation")).context["suggestions"] == []
    client.logout()
    assert client.get(tool.get_absolute_url()).status_code == 200


def test_rejecting_needs_a_note_and_keeps_the_tool_hidden(client, coworker, staff, suggested):
    client.force_login(staff)
    response = client.post(url("moderate-tool", slug=suggested.slug), {"action": "reject"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    suggested.refresh_from_db()
    assert suggested.status == Tool.Status.SUGGESTED

    response = client.post(
        url("moderate-tool", slug=suggested.slug), {"action": "reject", "note": "Finns redan."}
    )
    assert response.status_code == 302
    suggested.refresh_from_db()
    assert suggested.status == Tool.Status.REJECTED
    assert suggested.moderation_note == "Finns redan."
    assert found("whiteboard") == []

    client.logout()
    assert client.get(suggested.get_absolute_url()).status_code == 404
    client.force_login(coworker)
    response = client.get(url("suggest"))
    assert 'data-status="rejected"' in response.content.decode()
    assert "Finns redan." in response.content.decode()


def test_moderation_queue_is_oldest_first(client, staff, coworker):
    older = ToolFactory(status=Tool.Status.SUGGESTED, published_at=None)
    newer = ToolFactory(status=Tool.Status.SUGGESTED, published_at=None)
    Tool.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    ToolFactory()  # published: not in the queue
    client.force_login(staff)
    response = client.get(url("moderation"))
    assert [t.pk for t in response.context["suggestions"]] == [older.pk, newer.pk]


@pytest.mark.parametrize("name", ["Gemensam kalender", "GEMENSAM KALENDER"])
def test_suggesting_an_existing_name_is_a_form_error(client, coworker, tool, name):
    client.force_login(coworker)
    response = client.post(
        url("suggest"),
        {"name": name, "kind": Tool.Kind.METHOD, "summary": "Same again."},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Tool.objects.count() == 1


def test_suggestion_with_missing_fields_re_renders(client, coworker):
    client.force_login(coworker)
    response = client.post(url("suggest"), {"name": "", "kind": "nonsense", "website": "no url"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"name", "kind", "summary", "website"}
    assert not Tool.objects.exists()


def test_hiding_a_review_removes_it_for_others(client, staff, coworker, tool, review):
    client.force_login(coworker)
    assert review.tip in client.get(tool.get_absolute_url()).content.decode()

    client.force_login(staff)
    response = client.get(url("moderation"))
    assert [r.pk for r in response.context["reviews"]] == [review.pk]
    # A hidden review needs a note.
    response = client.post(url("moderate-review", pk=review.pk), {"action": "hide"})
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.status == Review.Status.VISIBLE

    response = client.post(
        url("moderate-review", pk=review.pk), {"action": "hide", "note": "Reklam"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.HIDDEN
    assert review.moderation_note == "Reklam"
    # Hidden reviews stay in the moderation list, to be shown again.
    assert [r.pk for r in client.get(url("moderation")).context["reviews"]] == [review.pk]

    client.force_login(coworker)
    assert review.tip not in client.get(tool.get_absolute_url()).content.decode()

    client.force_login(staff)
    client.post(url("moderate-review", pk=review.pk), {"action": "show"})
    review.refresh_from_db()
    assert review.status == Review.Status.VISIBLE


def test_moderation_lists_the_last_50_reviews(client, staff):
    tools = ToolFactory.create_batch(52)
    for t in tools:
        Review.objects.create(tool=t, user=UserFactory(), rating=4)
    client.force_login(staff)
    assert len(client.get(url("moderation")).context["reviews"]) == 50


def _moderation_fixture(n: int) -> None:
    need = NeedFactory()
    for _ in range(n):
        t = ToolFactory(status=Tool.Status.SUGGESTED, published_at=None, suggested_by=UserFactory())
        t.needs.add(need)
        published = ToolFactory()
        Review.objects.create(tool=published, user=UserFactory(), rating=3, tip="*ok*")


@pytest.mark.parametrize("n", [3, 12])
def test_moderation_query_count_does_not_grow(client, staff, n, django_assert_num_queries):
    _moderation_fixture(n)
    client.force_login(staff)
    # 1 session, 2 user, 3 suggested tools with suggester, 4 their needs,
    # 5 recent reviews with tool and user.
    with django_assert_num_queries(5):
        response = client.get(url("moderation"))
    assert len(response.context["suggestions"]) == n
    assert len(response.context["reviews"]) == n


# --- The catalogue ------------------------------------------------------------------


def _catalogue_fixture(n: int) -> None:
    org = OrganisationFactory()
    for i in range(n):
        assessment = PrivacyAssessmentFactory()
        OrganisationDecision.objects.create(
            tool=assessment.tool,
            organisation=org,
            status="approved",
            decided_on=timezone.localdate(),
            reviewer="DPO",
            reasoning="Fine.",
        )
        Adoption.objects.create(tool=assessment.tool, organisation=org, since="2024-01-01")
        ToolFactory(status=Tool.Status.SUGGESTED if i % 2 else Tool.Status.REJECTED)


@pytest.mark.parametrize("n", [3, 12])
def test_catalogue_query_count_does_not_grow(client, staff, n, django_assert_num_queries):
    _catalogue_fixture(n)
    client.force_login(staff)
    # 1 session, 2 user, 3 tools with current assessment and counts.
    with django_assert_num_queries(3):
        response = client.get(url("manage"))
    rows = response.context["rows"]
    assert len(rows) == 2 * n
    assert {row.tool.decision_count for row in rows if row.label} == {1}


def test_catalogue_shows_every_status_tier_and_reassessment_flags(client, staff):
    today = timezone.localdate()
    overdue = PrivacyAssessmentFactory(
        assessed_on=today - timedelta(days=400), reassess_by=today - timedelta(days=1)
    )
    soon = PrivacyAssessmentFactory(reassess_by=today + timedelta(days=10))
    failing = PrivacyAssessmentFactory(sells_data=True)
    suggested = ToolFactory(status=Tool.Status.SUGGESTED)
    client.force_login(staff)
    response = client.get(url("manage"))
    rows = {row.tool.pk: row for row in response.context["rows"]}
    assert rows[overdue.tool.pk].reassess == "overdue"
    assert rows[overdue.tool.pk].label.tier == "warning"
    assert rows[soon.tool.pk].reassess == "soon"
    assert rows[soon.tool.pk].label.tier == "pass"
    assert rows[failing.tool.pk].reassess == "ok"
    assert rows[failing.tool.pk].label.tier == "fail"
    assert rows[suggested.pk].label is None
    html = response.content.decode()
    row = f'data-tool="{overdue.tool.slug}" data-status="published" data-reassess="overdue"'
    assert row in html
    assert 'data-tier="fail"' in html

    response = client.get(url("manage"), {"status": "suggested"})
    assert [row.tool.pk for row in response.context["rows"]] == [suggested.pk]


# --- Creating and editing tools -----------------------------------------------------


def test_staff_create_a_tool_with_a_generated_slug(client, staff):
    need = NeedFactory(name="Boka rum", slug="boka-rum")
    client.force_login(staff)
    response = client.post(url("tool-create"), tool_data(needs=[need.pk]))
    tool = Tool.objects.get(name="Mötesbokaren")
    assert response.status_code == 302
    assert response["Location"] == url("tool-edit", slug=tool.slug)
    assert tool.slug == "motesbokaren"
    assert tool.fits == ["across_orgs", "at_hub"]
    assert list(tool.needs.all()) == [need]
    assert tool.published_at is not None
    assert tool.suggested_by is None
    # Indexed for search, including by the need's name.
    assert found("mötesbokaren") == [tool.slug]
    assert found("boka rum") == [tool.slug]


def test_invalid_new_tool_re_renders_and_saves_nothing(client, staff):
    client.force_login(staff)
    response = client.post(
        url("tool-create"),
        tool_data(name="", ease="9", website="inte en adress", fits=["nowhere"]),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"name", "ease", "website", "fits"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Tool.objects.exists()


def test_edit_re_indexes_search(client, staff, tool):
    client.force_login(staff)
    assert found("kalender") == [tool.slug]
    response = client.post(
        url("tool-edit", slug=tool.slug),
        tool_data(name="Rumsbokning Zeta", slug=tool.slug, summary="Boka lokaler."),
    )
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.name == "Rumsbokning Zeta"
    assert found("rumsbokning") == [tool.slug]
    assert found("kalender") == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "ANNAT VERKTYG"},  # another tool's name, other case
        {"slug": "annat-verktyg"},  # another tool's address
        {"ease": "0"},
        {"summary": ""},
    ],
)
def test_invalid_edit_changes_nothing(client, staff, tool, overrides):
    ToolFactory(name="Annat verktyg", slug="annat-verktyg")
    client.force_login(staff)
    before = Tool.objects.values().get(pk=tool.pk)
    response = client.post(
        url("tool-edit", slug=tool.slug),
        tool_data(**{"name": tool.name, "slug": tool.slug, **overrides}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Tool.objects.values().get(pk=tool.pk) == before


def test_edit_can_unpublish(client, staff, tool):
    client.force_login(staff)
    client.post(
        url("tool-edit", slug=tool.slug),
        tool_data(name=tool.name, slug=tool.slug, status=Tool.Status.REJECTED),
    )
    tool.refresh_from_db()
    assert tool.status == Tool.Status.REJECTED
    assert found("kalender") == []


# --- Assessments --------------------------------------------------------------------


def test_assessments_are_versioned_and_the_newest_is_current(client, staff, tool):
    client.force_login(staff)
    response = client.post(url("assessment-create", slug=tool.slug), assessment_data())
    assert response.status_code == 302
    assert response["Location"] == tool.get_absolute_url()
    tool.refresh_from_db()
    v1 = tool.current_assessment
    assert v1.version == 1
    assert v1.created_by == staff

    # The form is prefilled from the current version.
    response = client.get(url("assessment-create", slug=tool.slug))
    initial = response.context["form"].initial
    assert initial["legal_basis"] == PrivacyAssessment.LegalBasis.PUBLIC_TASK
    assert initial["need"] == v1.need
    assert [a.version for a, _label in response.context["versions"]] == [1]

    client.post(
        url("assessment-create", slug=tool.slug),
        assessment_data(storage=PrivacyAssessment.Storage.OUTSIDE_EU, access_likelihood="4"),
    )
    tool.refresh_from_db()
    assert tool.current_assessment.version == 2
    assert tool.current_assessment.storage == PrivacyAssessment.Storage.OUTSIDE_EU
    assert PrivacyAssessment.objects.filter(tool=tool).count() == 2
    v1.refresh_from_db()
    assert v1.storage == PrivacyAssessment.Storage.EU

    response = client.get(url("assessment-create", slug=tool.slug))
    versions = response.context["versions"]
    assert [(a.version, label.tier) for a, label in versions] == [(2, "fail"), (1, "pass")]


def test_reassessment_must_come_after_the_assessment(client, staff, tool):
    client.force_login(staff)
    today = timezone.localdate()
    response = client.post(
        url("assessment-create", slug=tool.slug),
        assessment_data(reassess_by=(today - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reassess_by"]
    assert not PrivacyAssessment.objects.exists()


def test_invalid_risk_values_re_render(client, staff, tool):
    client.force_login(staff)
    response = client.post(
        url("assessment-create", slug=tool.slug),
        assessment_data(access_likelihood="7", storage="mars", need=""),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"access_likelihood", "storage", "need"}
    assert not PrivacyAssessment.objects.exists()


def test_reassessment_defaults_to_one_year_later(client, staff, tool):
    client.force_login(staff)
    client.post(
        url("assessment-create", slug=tool.slug),
        assessment_data(assessed_on="2024-02-29", reassess_by=""),
    )
    tool.refresh_from_db()
    assert str(tool.current_assessment.reassess_by) == "2025-02-28"


def test_preview_shows_the_tier_without_saving(client, staff, tool):
    client.force_login(staff)
    response = client.post(
        url("assessment-create", slug=tool.slug),
        assessment_data(sells_data="on", preview="1"),
    )
    assert response.status_code == 200
    assert response.context["preview"].tier == "fail"
    assert 'data-tier="fail"' in response.content.decode()
    assert not PrivacyAssessment.objects.exists()


def test_first_assessment_form_has_default_dates(client, staff, tool):
    client.force_login(staff)
    response = client.get(url("assessment-create", slug=tool.slug))
    initial = response.context["form"].initial
    today = timezone.localdate()
    assert initial["assessed_on"] == today
    assert (initial["reassess_by"] - today).days in (365, 366)


# --- Decisions ----------------------------------------------------------------------


def test_decision_is_created_then_updated(client, staff, tool):
    org = OrganisationFactory(name="Region Jämtland Härjedalen")
    client.force_login(staff)
    data = {
        "organisation": org.pk,
        "status": "under_review",
        "decided_on": "2025-03-01",
        "reviewer": "Informationssäkerhet",
        "reasoning": "Vi utreder.",
    }
    response = client.post(url("decisions", slug=tool.slug), data)
    assert response.status_code == 302
    client.post(url("decisions", slug=tool.slug), {**data, "status": "approved"})
    decision = OrganisationDecision.objects.get(tool=tool)
    assert decision.organisation == org
    assert decision.status == "approved"

    response = client.get(url("decisions", slug=tool.slug), {"organisation": org.pk})
    assert response.context["form"].initial["status"] == "approved"
    assert [d.pk for d in response.context["decisions"]] == [decision.pk]


def test_invalid_decision_re_renders(client, staff, tool):
    client.force_login(staff)
    response = client.post(
        url("decisions", slug=tool.slug),
        {"organisation": "999999", "status": "maybe", "decided_on": "", "reasoning": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"organisation", "status", "decided_on", "reviewer", "reasoning"}
    assert not OrganisationDecision.objects.exists()


# --- Adoption -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("adopter", "ok"),
    [("hub", True), ("organisation", True), ("both", False), ("neither", False)],
)
def test_adoption_needs_exactly_one_adopter(client, staff, tool, hub, adopter, ok):
    org = OrganisationFactory()
    data = {"since": "2024-05-01", "notes": "Varje måndag."}
    if adopter in ("hub", "both"):
        data["hub"] = hub.pk
    if adopter in ("organisation", "both"):
        data["organisation"] = org.pk
    client.force_login(staff)
    response = client.post(url("adoptions", slug=tool.slug), data)
    if ok:
        assert response.status_code == 302
        adoption = Adoption.objects.get(tool=tool)
        assert adoption.adopter in (hub, org)
    else:
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert not Adoption.objects.exists()


def test_adoption_cannot_end_before_it_starts(client, staff, tool, hub):
    client.force_login(staff)
    response = client.post(
        url("adoptions", slug=tool.slug),
        {"hub": hub.pk, "since": "2024-05-01", "ended_on": "2024-04-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"]
    assert not Adoption.objects.exists()


def test_manager_records_use_by_own_hub_only(client, manager, hub, other_hub, tool):
    org = OrganisationFactory()
    client.force_login(manager)
    response = client.get(url("adoptions", slug=tool.slug))
    form = response.context["form"]
    assert "organisation" not in form.fields
    assert list(form.fields["hub"].queryset) == [hub]

    response = client.post(
        url("adoptions", slug=tool.slug), {"hub": other_hub.pk, "since": "2024-05-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["hub"]
    # An organisation field is not offered, so it is ignored and a hub is required.
    response = client.post(
        url("adoptions", slug=tool.slug), {"organisation": org.pk, "since": "2024-05-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["hub"]
    assert not Adoption.objects.exists()

    response = client.post(
        url("adoptions", slug=tool.slug),
        {"hub": hub.pk, "since": "2024-05-01", "notes": "I receptionen."},
    )
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.hub, adoption.notes) == (hub, "I receptionen.")
    # Updating the same hub edits the row.
    client.post(
        url("adoptions", slug=tool.slug),
        {"hub": hub.pk, "since": "2024-05-01", "ended_on": "2025-01-31"},
    )
    adoption.refresh_from_db()
    assert str(adoption.ended_on) == "2025-01-31"
    assert Adoption.objects.count() == 1


def test_manager_cannot_edit_another_hubs_adoption(client, manager, other_hub, tool):
    Adoption.objects.create(tool=tool, hub=other_hub, since="2024-01-01", notes="Theirs")
    client.force_login(manager)
    response = client.get(url("adoptions", slug=tool.slug), {"hub": other_hub.pk})
    assert response.context["form"].initial.get("hub") is None
    assert len(response.context["adoptions"]) == 1
    assert f"?hub={other_hub.pk}#adoption-form" not in response.content.decode()


def test_manager_cannot_record_use_of_unpublished_tools(client, manager, suggested):
    client.force_login(manager)
    assert client.get(url("adoptions", slug=suggested.slug)).status_code == 404
