"""The public toolbox pages: catalogue search and facets, htmx, the tool page
with its privacy label, decisions, adoption and reviews, the review form,
the comparison and the label criteria page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import (
    HubFactory,
    NeedFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    ToolFactory,
    UserFactory,
)
from toolbox import label
from toolbox.models import Adoption, Review, Tool
from toolbox.services import decision_set, review_moderate, tool_index

INDEX = reverse("toolbox:index")
COMPARE = reverse("toolbox:compare")


def slugs(response) -> list[str]:
    return [row["tool"].slug for row in response.context["results"]]


def facet(response, name: str) -> dict[str, int]:
    for item in response.context["facets"]:
        if item.name == name:
            return {option.value: option.count for option in item.options}
    raise AssertionError(f"no facet {name}")


def decide(tool, organisation, status, **kwargs):
    return decision_set(
        tool=tool,
        organisation=organisation,
        status=status,
        decided_on=kwargs.get("decided_on", timezone.localdate() - timedelta(days=10)),
        reviewer=kwargs.get("reviewer", "IT-säkerhet"),
        reasoning=kwargs.get("reasoning", "Bedömd enligt riktlinjen."),
    )


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")


@pytest.fixture
def member(organisation):
    """A coworker whose organisation is set on the profile."""
    return UserFactory(email="member@example.org", organisation=organisation)


# --- Search -----------------------------------------------------------------------


@pytest.mark.django_db
def test_swedish_stemming_finds_the_singular_for_a_plural(client):
    ToolFactory(name="Alfa", slug="alfa", summary="Kort.", description="Passar varje möte i nätet.")
    ToolFactory(name="Beta", slug="beta", summary="Bokning av skrivbord.")
    response = client.get(INDEX, {"q": "möten"})
    assert response.status_code == 200
    assert slugs(response) == ["alfa"]


@pytest.mark.django_db
def test_prefix_search_finds_compound_words(client):
    ToolFactory(name="Alfa", slug="alfa", summary="Hybridmöten för alla.")
    ToolFactory(name="Beta", slug="beta", summary="Bokning av skrivbord.")
    assert slugs(client.get(INDEX, {"q": "hybr"})) == ["alfa"]


@pytest.mark.django_db
def test_a_name_match_ranks_above_a_description_match(client):
    ToolFactory(name="Alfa", slug="alfa", summary="Kort.", description="Ett alternativ till Zoom.")
    ToolFactory(name="Zoom", slug="zoom", summary="Videomöten.")
    assert slugs(client.get(INDEX)) == ["alfa", "zoom"]  # by name without a query
    assert slugs(client.get(INDEX, {"q": "zoom"})) == ["zoom", "alfa"]


@pytest.mark.django_db
def test_snippet_is_highlighted_and_user_text_escaped(client):
    ToolFactory(
        name="Alfa",
        slug="alfa",
        summary="Delad",
        description='<script>alert(1)</script> Kalender för "team" & 3 < 4.',
    )
    response = client.get(INDEX, {"q": "kalender"})
    html = response.content.decode()
    assert slugs(response) == ["alfa"]
    snippet = re.search(r"data-snippet>(.*?)</p>", html, re.S).group(1)
    assert "<mark>Kalender</mark>" in snippet
    assert "&quot;team&quot; &amp; 3 &lt; 4" in snippet
    assert "<script>" not in snippet


@pytest.mark.django_db
def test_no_results_shows_a_hint(client):
    ToolFactory(name="Alfa", slug="alfa")
    response = client.get(INDEX, {"q": "xyzzyq"})
    html = response.content.decode()
    assert slugs(response) == []
    assert 'id="tool-list-empty"' in html
    assert 'data-count="0"' in html
    assert f'href="{INDEX}"' in html  # the way back to every tool


@pytest.mark.django_db
def test_invalid_filter_values_are_ignored(client):
    ToolFactory(name="Alfa", slug="alfa")
    response = client.get(INDEX, {"kind": "bogus", "need": "nope", "personal_data": "maybe"})
    assert response.status_code == 200
    assert slugs(response) == ["alfa"]


@pytest.fixture
def catalogue(organisation):
    """Five tools across kinds, needs, personal data and decisions of `organisation`."""
    meet = NeedFactory(name="Hålla hybridmöten", slug="hybrid")
    book = NeedFactory(name="Boka rum", slug="boka")
    other_org = OrganisationFactory(name="Annan myndighet")

    def make(slug, kind, need, personal, status):
        tool = ToolFactory(name=slug.title(), slug=slug, kind=kind)
        tool.needs.set([need])
        if personal is not None:
            PrivacyAssessmentFactory(
                tool=tool,
                processes_personal_data=personal,
                legal_basis="legitimate_interests" if personal else "not_applicable",
            )
        if status:
            decide(tool, organisation, status)
        decide(tool, other_org, "approved")  # must never count for `organisation`
        return tool

    return {
        "t1": make("t1", "digital_tool", meet, True, "approved"),
        "t2": make("t2", "digital_tool", meet, False, None),
        "t3": make("t3", "method", meet, True, "approved"),
        "t4": make("t4", "digital_tool", book, True, "approved"),
        "t5": make("t5", "digital_tool", meet, True, "rejected"),
        "t6": make("t6", "digital_tool", meet, None, "under_review"),
    }


def test_facets_combine(client, member, catalogue):
    client.force_login(member)
    base = {"kind": "digital_tool", "need": "hybrid"}
    response = client.get(INDEX, {**base, "personal_data": "yes", "approval": "approved"})
    assert slugs(response) == ["t1"]
    response = client.get(INDEX, {**base, "approval": ["approved", "not_assessed"]})
    assert slugs(response) == ["t1", "t2"]
    response = client.get(INDEX, {**base, "approval": "not_assessed"})
    assert slugs(response) == ["t2"]
    response = client.get(INDEX, {**base, "personal_data": "no"})
    assert slugs(response) == ["t2"]
    # Both yes and no = no filter on personal data.
    both = {"kind": ["digital_tool", "method"], "personal_data": ["yes", "no"]}
    response = client.get(INDEX, both)
    assert slugs(response) == ["t1", "t2", "t3", "t4", "t5", "t6"]


def test_facet_counts_follow_the_results(client, member, catalogue):
    client.force_login(member)
    response = client.get(INDEX)
    assert facet(response, "kind") == {
        "digital_tool": 5,
        "method": 1,
        "template": 0,
        "guide": 0,
    }
    assert facet(response, "need") == {"boka": 1, "hybrid": 5}
    assert facet(response, "personal_data") == {"yes": 4, "no": 1}
    assert facet(response, "approval") == {
        "approved": 3,
        "under_review": 1,
        "rejected": 1,
        "not_assessed": 1,
    }
    response = client.get(INDEX, {"kind": "digital_tool"})
    assert facet(response, "approval")["approved"] == 2
    assert 'id="count-approval-approved"' in response.content.decode()


def test_status_for_my_organisation_is_shown_per_result(client, member, catalogue):
    client.force_login(member)
    response = client.get(INDEX)
    status = {row["tool"].slug: row["my_status"] for row in response.context["results"]}
    assert status == {
        "t1": "approved",
        "t2": None,
        "t3": "approved",
        "t4": "approved",
        "t5": "rejected",
        "t6": "under_review",
    }
    html = response.content.decode()
    assert 'data-status="not_assessed"' in html
    assert 'data-status="rejected"' in html


def test_approval_facet_needs_an_organisation(client, coworker, catalogue):
    # Anonymous: no approval facet, the filter is ignored, a hint to log in.
    response = client.get(INDEX, {"approval": "rejected"})
    assert "approval" not in [f.name for f in response.context["facets"]]
    assert len(slugs(response)) == 6
    html = response.content.decode()
    assert 'id="approval-help"' in html
    assert reverse("account_login") in html
    # Signed in without an organisation: a link to the profile page.
    client.force_login(coworker)
    response = client.get(INDEX, {"approval": "rejected"})
    assert len(slugs(response)) == 6
    html = response.content.decode()
    assert 'id="approval-help"' in html
    assert f'href="{reverse("profile")}"' in html


def test_results_show_tier_badge_and_not_assessed(client, catalogue):
    html = client.get(INDEX).content.decode()
    t6 = re.search(r'data-tool="t6".*?</li>', html, re.S).group(0)
    t1 = re.search(r'data-tool="t1".*?</li>', html, re.S).group(0)
    assert 'data-tier="none"' in t6
    assert 'data-tier="pass"' in t1
    assert 'name="tools" value="t1"' in t1  # the compare checkbox
    assert f'action="{COMPARE}"' in html


def test_htmx_gets_the_results_partial_and_vary_header(client, catalogue):
    full = client.get(INDEX, {"kind": "method"})
    partial = client.get(INDEX, {"kind": "method"}, HTTP_HX_REQUEST="true")
    assert "<html" in full.content.decode()
    html = partial.content.decode()
    assert "<html" not in html
    assert 'id="tool-result-count" data-count="1"' in html
    assert 'hx-swap-oob="innerHTML"' in html  # the live region
    assert 'id="count-kind-method" hx-swap-oob="true"' in html  # facet counts refreshed
    assert slugs(partial) == ["t3"]
    for response in (full, partial):
        assert "HX-Request" in response["Vary"]


def test_links_for_signed_in_users_and_region_staff(client, coworker, staff):
    html = client.get(INDEX).content.decode()
    assert reverse("toolbox:suggest") not in html
    client.force_login(coworker)
    html = client.get(INDEX).content.decode()
    assert reverse("toolbox:suggest") in html
    assert reverse("toolbox:moderation") not in html
    client.force_login(staff)
    html = client.get(INDEX).content.decode()
    assert reverse("toolbox:moderation") in html
    assert reverse("toolbox:manage") in html


def _grow_catalogue(n: int, organisation) -> None:
    need = NeedFactory(name="Hålla möten", slug="moten")
    for _ in range(n):
        tool = ToolFactory(summary="Verktyg för möten och samarbete.")
        tool.needs.set([need])
        tool_index([tool.pk])
        PrivacyAssessmentFactory(tool=tool)
        decide(tool, organisation, "approved")


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("params", [{}, {"q": "möte"}, {"q": "möte", "kind": "digital_tool"}])
def test_catalogue_query_count_does_not_grow_with_tools(
    client, member, organisation, signed_in, params
):
    if signed_in:
        client.force_login(member)
    _grow_catalogue(3, organisation)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(INDEX, params)
            assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["results"])

    small, rows = count()
    assert rows == 3
    _grow_catalogue(9, organisation)
    large, rows = count()
    assert rows == 12
    assert small == large
    # needs (1), results (1), facet counts (4); signed in: session, user,
    # organisation, approval counts.
    assert small == (10 if signed_in else 6)


# --- Tool page --------------------------------------------------------------------


@pytest.mark.django_db
def test_description_markdown_is_sanitised(client):
    tool = ToolFactory(
        slug="alfa",
        description=(
            "Hej **fet**\n\n<script>alert(1)</script>\n\n[klick](javascript:alert(2))\n\n"
            '<img src="x" onerror="alert(3)">\n\n<a href="https://example.org" onclick="x()">ok</a>'
        ),
    )
    response = client.get(tool.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>fet</strong>" in html
    assert "alert(1)" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert 'href="https://example.org"' in html


@pytest.mark.django_db
def test_viva_like_assessment_fails_on_monitoring(client):
    tool = ToolFactory(name="Viva Insights", slug="viva")
    PrivacyAssessmentFactory(
        tool=tool,
        processes_personal_data=True,
        monitors_individuals=True,
        storage="outside_safeguards",
        legal_basis="legitimate_interests",
        access_likelihood=3,
        access_severity=3,
    )
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="privacy-label" data-tier="fail"' in html
    assert 'data-criterion="no_monitoring" data-outcome="fail"' in html
    assert 'data-criterion="eu_storage" data-outcome="warning"' in html
    assert 'data-criterion="no_selling" data-outcome="pass"' in html
    row = re.search(r'<tr data-risk="access">.*?</tr>', html, re.S).group(0)
    assert "<td>9</td>" in row and 'data-level="fail"' in row
    assert reverse("toolbox:label-criteria") in html


@pytest.mark.django_db
def test_clean_assessment_passes(client):
    tool = ToolFactory(slug="alfa")
    PrivacyAssessmentFactory(tool=tool)
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="privacy-label" data-tier="pass"' in html
    assert html.count('data-outcome="pass"') == len(label.CRITERIA)
    assert 'id="reassess-overdue"' not in html
    assert 'id="older-versions"' not in html


@pytest.mark.django_db
def test_overdue_reassessment_and_older_versions(client):
    tool = ToolFactory(slug="alfa")
    today = timezone.localdate()
    PrivacyAssessmentFactory(tool=tool, version=1)
    PrivacyAssessmentFactory(
        tool=tool,
        version=2,
        assessed_on=today - timedelta(days=400),
        reassess_by=today - timedelta(days=1),
    )
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="reassess-overdue"' in html
    assert 'data-criterion="current" data-outcome="warning"' in html
    assert 'id="older-versions" data-count="1"' in html


@pytest.mark.django_db
def test_tool_without_assessment_says_not_assessed(client):
    tool = ToolFactory(slug="alfa")
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'data-tier="none"' in html
    assert 'id="label-missing"' in html


def test_decisions_grouped_with_my_organisation_highlighted(client, member, organisation):
    tool = ToolFactory(slug="alfa")
    a = OrganisationFactory(name="Aorg")
    c = OrganisationFactory(name="Corg")
    decide(tool, a, "approved", reviewer="Dataskyddsombud", reasoning="Avtal finns.")
    decide(tool, organisation, "under_review")
    decide(tool, c, "rejected")
    client.force_login(member)
    response = client.get(tool.get_absolute_url())
    groups = response.context["decisions"]
    assert [d.organisation for d in groups.approved] == [a]
    assert [d.organisation for d in groups.under_review] == [organisation]
    assert [d.organisation for d in groups.rejected] == [c]
    html = response.content.decode()
    assert 'id="my-decision" data-status="under_review"' in html
    section = re.search(r'id="decisions-under_review".*?</ul>', html, re.S).group(0)
    assert 'data-mine="true"' in section
    assert html.count('data-mine="true"') == 1
    assert "Dataskyddsombud" in html and "Avtal finns." in html


def test_my_organisation_without_decision_is_not_assessed(client, member):
    tool = ToolFactory(slug="alfa")
    client.force_login(member)
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="my-decision" data-status="not_assessed"' in html


@pytest.mark.django_db
def test_adoption_in_use_and_ended(client, organisation):
    tool = ToolFactory(slug="alfa")
    hub = HubFactory(name="Samverket", slug="samverket")
    today = timezone.localdate()
    active = Adoption.objects.create(
        tool=tool, hub=hub, since=today - timedelta(days=90), notes="Varje fredag."
    )
    ended = Adoption.objects.create(
        tool=tool,
        organisation=organisation,
        since=today - timedelta(days=400),
        ended_on=today - timedelta(days=30),
    )
    html = client.get(tool.get_absolute_url()).content.decode()
    in_use = re.search(r'id="adoptions-active".*?</ul>', html, re.S).group(0)
    stopped = re.search(r'id="adoptions-ended".*?</ul>', html, re.S).group(0)
    assert f'data-adoption="{active.pk}"' in in_use and "Varje fredag." in in_use
    assert f'data-adoption="{ended.pk}"' in stopped


def _reviews(tool, n: int, **kwargs) -> list[Review]:
    return [
        Review.objects.create(tool=tool, user=UserFactory(), rating=4, tip=f"Tips {i}", **kwargs)
        for i in range(n)
    ]


@pytest.mark.django_db
def test_average_rating_only_from_five_visible_reviews(client):
    tool = ToolFactory(slug="alfa")
    _reviews(tool, 4)
    _reviews(tool, 2, status=Review.Status.HIDDEN)
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="review-average"' not in html
    assert 'id="review-average-hidden"' in html
    assert "&lt;5" in html
    Review.objects.create(tool=tool, user=UserFactory(), rating=2)
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="review-average" data-average="3.6"' in html


@pytest.mark.django_db
def test_reviews_are_anonymous_and_tips_sanitised(client):
    tool = ToolFactory(slug="alfa")
    user = UserFactory(email="named.person@example.org", name="Namnet")
    Review.objects.create(
        tool=tool, user=user, rating=5, tip="Bra! <script>alert(1)</script> *snabbt*"
    )
    html = client.get(tool.get_absolute_url()).content.decode()
    assert "named.person" not in html and "Namnet" not in html
    assert "<em>snabbt</em>" in html
    assert "alert(1)" not in html


def test_hidden_review_shown_only_to_its_author(client, coworker):
    tool = ToolFactory(slug="alfa")
    hidden = Review.objects.create(tool=tool, user=coworker, rating=1, tip="Hemligt tips")
    review_moderate(review=hidden, hidden=True, note="Nämner en person.")
    html = client.get(tool.get_absolute_url()).content.decode()
    assert "Hemligt tips" not in html
    other = UserFactory()
    client.force_login(other)
    assert "Hemligt tips" not in client.get(tool.get_absolute_url()).content.decode()
    client.force_login(coworker)
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="own-review" data-status="hidden"' in html
    assert 'id="own-review-hidden"' in html
    assert "Hemligt tips" in html
    assert reverse("toolbox:review", kwargs={"slug": "alfa"}) in html


def test_review_form_shown_to_signed_in_users_only(client, coworker):
    tool = ToolFactory(slug="alfa")
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="review-form"' not in html
    assert 'id="review-login"' in html
    client.force_login(coworker)
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="review-form"' in html
    assert "<legend" in html  # the rating radios sit in a fieldset


# --- Visibility -------------------------------------------------------------------


def test_suggested_and_rejected_tools_are_not_public(client, coworker, staff):
    suggester = UserFactory()
    suggested = ToolFactory(slug="ny", status=Tool.Status.SUGGESTED, suggested_by=suggester)
    rejected = ToolFactory(slug="nej", status=Tool.Status.REJECTED, suggested_by=suggester)
    for tool in (suggested, rejected):
        assert client.get(tool.get_absolute_url()).status_code == 404
    client.force_login(coworker)
    assert client.get(suggested.get_absolute_url()).status_code == 404
    client.force_login(suggester)
    response = client.get(suggested.get_absolute_url())
    assert response.status_code == 200
    assert 'id="preview-note"' in response.content.decode()
    assert 'id="review-form"' not in response.content.decode()
    assert client.get(rejected.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert client.get(suggested.get_absolute_url()).status_code == 200
    assert client.get(rejected.get_absolute_url()).status_code == 200
    # Not in the catalogue either.
    assert slugs(client.get(INDEX)) == []


@pytest.mark.django_db
def test_unknown_tool_is_404(client):
    assert client.get(reverse("toolbox:tool-detail", kwargs={"slug": "nope"})).status_code == 404


# --- Review form ------------------------------------------------------------------


def review_url(tool) -> str:
    return reverse("toolbox:review", kwargs={"slug": tool.slug})


@pytest.mark.django_db
def test_review_needs_login(client):
    tool = ToolFactory(slug="alfa")
    for response in (client.get(review_url(tool)), client.post(review_url(tool), {"rating": 4})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not Review.objects.exists()


def test_review_create_then_edit_keeps_one_review(client, coworker):
    tool = ToolFactory(slug="alfa")
    client.force_login(coworker)
    assert client.get(review_url(tool)).status_code == 200
    response = client.post(review_url(tool), {"rating": "4", "tip": "  Bra för **möten**.  "})
    assert response.status_code == 302
    assert response["Location"].startswith(tool.get_absolute_url())
    review = Review.objects.get()
    assert (review.user, review.rating, review.tip) == (coworker, 4, "Bra för **möten**.")
    # The form is prefilled for editing.
    html = client.get(review_url(tool)).content.decode()
    assert re.search(r'value="4"[^>]*checked', html)
    client.post(review_url(tool), {"rating": "2", "tip": ""})
    review = Review.objects.get()
    assert (review.rating, review.tip) == (2, "")
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'id="own-review" data-status="visible"' in html
    assert 'id="review-form"' not in html  # edit link instead of a second form
    assert 'id="own-review-edit"' in html


@pytest.mark.parametrize(
    "data",
    [{}, {"rating": "0"}, {"rating": "6"}, {"rating": "x"}, {"rating": "3", "tip": "x" * 2001}],
)
def test_review_validation_rerenders_with_errors(client, coworker, data):
    tool = ToolFactory(slug="alfa")
    client.force_login(coworker)
    response = client.post(review_url(tool), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="review-form-errors"' in html
    assert not Review.objects.exists()


def test_review_of_unpublished_tool(client, coworker):
    mine = ToolFactory(slug="mitt", status=Tool.Status.SUGGESTED, suggested_by=coworker)
    other = ToolFactory(slug="annat", status=Tool.Status.SUGGESTED)
    client.force_login(coworker)
    assert client.post(review_url(other), {"rating": "4"}).status_code == 404
    response = client.post(review_url(mine), {"rating": "4"})
    assert response.status_code == 302
    assert not Review.objects.exists()


# --- Compare ----------------------------------------------------------------------


@pytest.fixture
def four_tools(organisation):
    tools = [ToolFactory(name=f"Verktyg {c}", slug=c) for c in "abcd"]
    PrivacyAssessmentFactory(tool=tools[0])
    PrivacyAssessmentFactory(tool=tools[1], monitors_individuals=True)
    decide(tools[0], organisation, "approved")
    Adoption.objects.create(tool=tools[0], hub=HubFactory(), since=timezone.localdate())
    _reviews(tools[0], 5)
    _reviews(tools[1], 3)
    return tools


def test_compare_two_tools(client, member, four_tools):
    client.force_login(member)
    response = client.get(COMPARE, {"tools": ["b", "a"]})
    assert response.status_code == 200
    columns = response.context["columns"]
    assert [c["tool"].slug for c in columns] == ["b", "a"]  # in the order chosen
    a = columns[1]
    assert a["tool"].my_status == "approved" and a["tool"].adoption_count == 1
    assert a["show_average"] and a["average"] == 4
    assert not columns[0]["show_average"]
    html = response.content.decode()
    assert '<th scope="row">' in html and '<th scope="col" data-tool="a">' in html
    tier_row = re.search(r'<tr data-row="tier">.*?</tr>', html, re.S).group(0)
    assert 'data-tier="fail"' in tier_row and 'data-tier="pass"' in tier_row


def test_compare_four_tools(client, four_tools):
    response = client.get(COMPARE, {"tools": ["a", "b", "c", "d"]})
    assert response.status_code == 200
    assert len(response.context["columns"]) == 4
    assert 'data-tier="none"' in response.content.decode()


@pytest.mark.parametrize("chosen", [[], ["a"], ["a", "a"], ["a", "b", "c", "d", "e"]])
def test_compare_needs_two_to_four(client, four_tools, chosen):
    ToolFactory(slug="e")
    response = client.get(COMPARE, {"tools": chosen})
    assert response.status_code == 400
    assert 'id="compare-invalid"' in response.content.decode()
    assert f'href="{INDEX}"' in response.content.decode()


def test_compare_ignores_unknown_and_unpublished_tools(client, four_tools):
    ToolFactory(slug="ny", status=Tool.Status.SUGGESTED)
    response = client.get(COMPARE, {"tools": ["a", "nope", "ny", "b"]})
    assert response.status_code == 200
    assert [c["tool"].slug for c in response.context["columns"]] == ["a", "b"]
    assert len(list(response.context["messages"])) == 1
    response = client.get(COMPARE, {"tools": ["a", "nope"]})
    assert response.status_code == 400


def test_compare_query_count(client, member, four_tools, django_assert_num_queries):
    client.force_login(member)
    # session, user, organisation, tools with annotations, their needs
    with django_assert_num_queries(5):
        client.get(COMPARE, {"tools": ["a", "b", "c", "d"]})


# --- Label criteria ---------------------------------------------------------------


@pytest.mark.django_db
def test_label_criteria_page_lists_every_criterion_verbatim(client):
    response = client.get(reverse("toolbox:label-criteria"))
    assert response.status_code == 200
    html = response.content.decode()
    for criterion in label.CRITERIA:
        assert f'data-criterion="{criterion.key}">{escape(str(criterion.text))}</li>' in html
    for tier in (label.PASS, label.WARNING, label.FAIL):
        assert f'data-tier="{tier}"' in html
    assert f"1–{label.RISK_LOW_MAX}" in html
    assert f"{label.RISK_MEDIUM_MAX + 1}–16" in html
    assert html.count('class="risk-cell') == 16


def test_tool_page_query_count_does_not_grow(client, member, organisation):
    tool = ToolFactory(slug="alfa")
    tool.needs.set([NeedFactory()])
    PrivacyAssessmentFactory(tool=tool)
    client.force_login(member)

    def add(n: int) -> None:
        for _ in range(n):
            decide(tool, OrganisationFactory(), "approved")
            Adoption.objects.create(tool=tool, hub=HubFactory(), since=timezone.localdate())
            Review.objects.create(tool=tool, user=UserFactory(), rating=3, tip="*Tips*")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(tool.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    small = count()
    add(6)
    assert count() == small
    # session, user, tool, needs, organisation, assessment versions, adoptions,
    # visible reviews, own review, decisions
    assert small == 10
