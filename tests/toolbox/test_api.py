"""The toolbox API: public reads with search and facets, reviews, suggestions,
moderation, permissions, validation, query budgets and the OpenAPI schema."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import (
    NeedFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    ToolFactory,
    UserFactory,
)
from toolbox import services
from toolbox.models import Adoption, Fit, Review, Tool

pytestmark = pytest.mark.django_db

TOOLS = "/api/tools/"
NEEDS = "/api/needs/"
SUGGESTIONS = "/api/tool-suggestions/"
MOD_SUGGESTIONS = "/api/moderation/suggestions/"
MOD_REVIEWS = "/api/moderation/reviews/"


def _post(client, url, payload=None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


def _put(client, url, payload):
    return client.put(url, json.dumps(payload), content_type="application/json")


def _assert_denied_json(response):
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def _slugs(response):
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def _reviews(tool, n, *, rating=4, status=Review.Status.VISIBLE, tip=""):
    return [
        Review.objects.create(tool=tool, user=UserFactory(), rating=rating, status=status, tip=tip)
        for _n in range(n)
    ]


@pytest.fixture
def region():
    return OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")


@pytest.fixture
def catalogue():
    hybrid = NeedFactory(name="Hålla hybridmöten", slug="hybridmoten")
    competence = NeedFactory(name="Hitta en kollegas kompetens", slug="kompetens")
    teams = ToolFactory(
        name="Teams",
        slug="teams",
        summary="Videomöte och chatt för organisationen.",
        description="Bra för ett snabbt möte med kollegor på andra orter.",
        fits=[Fit.WITHIN_ORGANISATION],
    )
    teams.needs.set([hybrid])
    jitsi = ToolFactory(
        name="Jitsi Meet",
        slug="jitsi-meet",
        summary="Öppen källkod för videomöten.",
        description="Kräver inget konto för möten.",
        fits=[Fit.ACROSS_ORGANISATIONS, Fit.AT_HUB],
    )
    jitsi.needs.set([hybrid, competence])
    walk = ToolFactory(
        name="Walk and talk",
        slug="walk-and-talk",
        kind=Tool.Kind.METHOD,
        summary="Samtal under en promenad.",
        description="Ett sätt att lära känna varandra utan skärm.",
        fits=[Fit.AT_HUB],
    )
    walk.needs.set([competence])
    viva = ToolFactory(name="Viva", slug="viva", summary="Analys av arbetsmönster.")
    ToolFactory(
        name="Förslaget", slug="forslaget", summary="Ett möte", status=Tool.Status.SUGGESTED
    )
    services.tool_index()
    PrivacyAssessmentFactory(tool=teams, processes_personal_data=True, legal_basis="public_task")
    PrivacyAssessmentFactory(tool=jitsi)
    PrivacyAssessmentFactory(
        tool=viva, processes_personal_data=True, monitors_individuals=True, legal_basis="consent"
    )
    return {"teams": teams, "jitsi": jitsi, "walk": walk, "viva": viva}


def _decide(tool, organisation, status):
    return services.decision_set(
        tool=tool,
        organisation=organisation,
        status=status,
        decided_on=timezone.localdate(),
        reviewer="Informationssäkerhet",
        reasoning="Behovs-, risk- och nyttoanalys gjord.",
    )


# --- Tool list: search and facets ---------------------------------------------------------


def test_anonymous_clients_read_published_tools_only(client, catalogue):
    response = client.get(TOOLS)
    assert response.status_code == 200
    assert _slugs(response) == ["jitsi-meet", "teams", "viva", "walk-and-talk"]
    rows = {row["slug"]: row for row in response.json()["results"]}
    teams = rows["teams"]
    assert teams["kind"] == "digital_tool"
    assert teams["needs"] == [{"slug": "hybridmoten", "name": "Hålla hybridmöten"}]
    assert teams["fits"] == ["within_org"]
    assert teams["url"] == catalogue["teams"].get_absolute_url()
    assert (teams["privacy_tier"], teams["processes_personal_data"]) == ("pass", True)
    assert rows["viva"]["privacy_tier"] == "fail"  # shows where individuals are
    assert rows["walk-and-talk"]["privacy_tier"] is None  # not assessed
    assert rows["walk-and-talk"]["processes_personal_data"] is None
    assert teams["organisation_status"] is None and teams["headline"] is None
    assert client.get(f"{TOOLS}forslaget/").status_code == 404


def test_search_is_swedish_ranked_and_highlighted(client, catalogue):
    # "möten" and "möte" share a stem; the name match ranks first.
    ToolFactory(name="Möteskompassen", slug="moteskompassen", summary="En guide.")
    ToolFactory(name="Anslagstavla", slug="anslagstavla", summary="Som en idévägg i hubben.")
    ToolFactory(name="Idévägg", slug="idevagg", summary="Lappar på väggen i köket.")
    services.tool_index()
    assert set(_slugs(client.get(TOOLS, {"q": "möten"}))) >= {"teams", "jitsi-meet"}
    assert _slugs(client.get(TOOLS, {"q": "idévägg"})) == ["idevagg", "anslagstavla"]
    assert _slugs(client.get(TOOLS, {"q": "orter"})) == ["teams"]
    assert _slugs(client.get(TOOLS, {"q": "promenad möte"})) == []
    row = client.get(TOOLS, {"q": "orter"}).json()["results"][0]
    assert "<mark>orter</mark>" in row["headline"]


def test_search_headline_escapes_html(client, catalogue):
    ToolFactory(name="Onda", slug="onda", summary='Ett möte för 5 < 10 cyklister & "fler"')
    services.tool_index()
    (row,) = client.get(TOOLS, {"q": "cyklister"}).json()["results"]
    assert "<mark>cyklister</mark>" in row["headline"]
    assert "5 &lt; 10" in row["headline"] and "&amp;" in row["headline"]
    assert "&quot;fler&quot;" in row["headline"]


def test_facets_combine_and_repeat(client, catalogue, region):
    assert _slugs(client.get(TOOLS, {"kind": "method"})) == ["walk-and-talk"]
    assert _slugs(client.get(TOOLS, {"kind": ["method", "digital_tool"]})) == [
        "jitsi-meet",
        "teams",
        "viva",
        "walk-and-talk",
    ]
    assert _slugs(client.get(TOOLS, {"need": ["hybridmoten"]})) == ["jitsi-meet", "teams"]
    # Values within one facet combine with OR (no duplicates for a tool with both).
    assert _slugs(client.get(TOOLS, {"need": ["hybridmoten", "kompetens"]})) == [
        "jitsi-meet",
        "teams",
        "walk-and-talk",
    ]
    assert _slugs(client.get(TOOLS, {"fit": "at_hub"})) == ["jitsi-meet", "walk-and-talk"]
    assert _slugs(client.get(TOOLS, {"personal_data": "true"})) == ["teams", "viva"]
    assert _slugs(client.get(TOOLS, {"personal_data": "false"})) == ["jitsi-meet"]
    assert _slugs(client.get(TOOLS, {"need": "hybridmoten", "personal_data": "false"})) == [
        "jitsi-meet"
    ]
    assert _slugs(client.get(TOOLS, {"q": "möte", "fit": "within_org"})) == ["teams"]
    assert _slugs(client.get(TOOLS, {"kind": "method", "need": "hybridmoten"})) == []


def test_approved_for_an_organisation(client, catalogue, region):
    other = OrganisationFactory(name="Skatteverket")
    _decide(catalogue["teams"], region, "approved")
    _decide(catalogue["viva"], region, "rejected")
    _decide(catalogue["walk"], region, "under_review")
    _decide(catalogue["jitsi"], other, "approved")
    response = client.get(TOOLS, {"approved_for": region.pk})
    assert _slugs(response) == ["teams"]
    assert response.json()["results"][0]["organisation_status"] == "approved"
    assert _slugs(client.get(TOOLS, {"approved_for": other.pk, "q": "möte"})) == ["jitsi-meet"]


def test_signed_in_user_sees_the_status_for_their_organisation(client, catalogue, region):
    _decide(catalogue["teams"], region, "approved")
    _decide(catalogue["viva"], region, "rejected")
    user = UserFactory(organisation=region)
    client.force_login(user)
    rows = {r["slug"]: r["organisation_status"] for r in client.get(TOOLS).json()["results"]}
    assert rows == {
        "jitsi-meet": "not_assessed",
        "teams": "approved",
        "viva": "rejected",
        "walk-and-talk": "not_assessed",
    }
    detail = client.get(f"{TOOLS}viva/").json()
    assert detail["organisation_status"] == "rejected"


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "hammer"},
        {"fit": "everywhere"},
        {"need": "no-such-need"},
        {"approved_for": "999999"},
        {"approved_for": "region"},
    ],
)
def test_bad_filters_are_400_with_field_errors(client, catalogue, params):
    response = client.get(TOOLS, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


# --- Tool detail, assessments, needs --------------------------------------------------------


def test_tool_detail_with_label_decisions_adoption_and_sanitised_markdown(
    client, catalogue, region, hub, other_hub
):
    viva = catalogue["viva"]
    viva.description = (
        "## Om verktyget\n\n**Visar** var kollegor sitter.\n\n"
        '<script>alert("x")</script>\n\n[länk](javascript:alert(1))'
    )
    viva.save()
    decision = _decide(viva, region, "rejected")
    today = timezone.localdate()
    Adoption.objects.create(tool=viva, hub=hub, since=today - timedelta(days=400))
    Adoption.objects.create(
        tool=viva,
        hub=other_hub,
        since=today - timedelta(days=400),
        ended_on=today - timedelta(days=10),
    )
    Adoption.objects.create(
        tool=viva, organisation=region, since=today - timedelta(days=30), notes="Prov."
    )
    data = client.get(f"{TOOLS}viva/").json()
    assert data["description"] == viva.description
    html = data["description_html"]
    assert "<h3>Om verktyget</h3>" in html and "<strong>Visar</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    assessment = data["assessment"]
    assert assessment["version"] == viva.current_assessment.version
    assert assessment["is_current"] is True
    assert assessment["monitors_individuals"] is True
    label = assessment["label"]
    assert label["tier"] == "fail"
    outcomes = {c["key"]: c["outcome"] for c in label["criteria"]}
    assert outcomes["no_monitoring"] == "fail" and outcomes["no_selling"] == "pass"
    assert all(c["text"] for c in label["criteria"])
    assert [r["key"] for r in label["risks"]] == ["access", "change", "loss"]
    access = label["risks"][0]
    assert (access["likelihood"], access["severity"], access["score"], access["level"]) == (
        1,
        2,
        2,
        "pass",
    )
    assert label["need"] and label["benefit"]
    assert data["decisions"] == [
        {
            "organisation": {"id": region.pk, "name": region.name},
            "status": "rejected",
            "decided_on": decision.decided_on.isoformat(),
            "reviewer": "Informationssäkerhet",
            "reasoning": "Behovs-, risk- och nyttoanalys gjord.",
        }
    ]
    adopters = [(a["hub"], a["organisation"]) for a in data["adoptions"]]
    assert ({"slug": "samverket", "name": "Samverket"}, None) in adopters
    assert (None, {"id": region.pk, "name": region.name}) in adopters
    assert len(adopters) == 2  # Kollektivet stopped using it
    assert data["organisation_status"] is None  # anonymous: no organisation
    assert data["my_review"] is None


def test_unassessed_tool_detail(client, catalogue):
    data = client.get(f"{TOOLS}walk-and-talk/").json()
    assert data["assessment"] is None and data["privacy_tier"] is None
    assert data["decisions"] == [] and data["adoptions"] == []


def test_average_rating_needs_five_visible_reviews(client, catalogue):
    teams = catalogue["teams"]
    _reviews(teams, 4, rating=5, tip="Använd *bakgrundsoskärpa*.")
    _reviews(teams, 2, rating=1, status=Review.Status.HIDDEN, tip="Dolt")
    data = client.get(f"{TOOLS}teams/").json()
    assert (data["average_rating"], data["review_count"]) == (None, None)
    assert len(data["tips"]) == 4
    assert data["tips"][0]["tip_html"] == "<p>Använd <em>bakgrundsoskärpa</em>.</p>"
    assert "rating" not in data["tips"][0]
    _reviews(teams, 1, rating=2)
    data = client.get(f"{TOOLS}teams/").json()
    assert (data["average_rating"], data["review_count"]) == (4.4, 5)
    assert len(data["tips"]) == 4  # reviews without a tip are not listed


def test_assessments_lists_every_version(client, catalogue, staff):
    teams = catalogue["teams"]
    first = teams.current_assessment
    newer = PrivacyAssessmentFactory.build(
        processes_personal_data=True, legal_basis="public_task", tool=None
    )
    services.assessment_create(tool=teams, assessment=newer, user=staff)
    rows = client.get(f"{TOOLS}teams/assessments/").json()["results"]
    assert [r["version"] for r in rows] == [newer.version, first.version]
    assert [r["is_current"] for r in rows] == [True, False]
    assert rows[0]["label"]["tier"] in ("pass", "warning", "fail")
    assert client.get(f"{TOOLS}teams/").json()["assessment"]["version"] == newer.version
    assert client.get(f"{TOOLS}walk-and-talk/assessments/").json()["count"] == 0
    assert client.get(f"{TOOLS}forslaget/assessments/").status_code == 404
    assert client.get(f"{TOOLS}nope/assessments/").status_code == 404


def test_expired_assessment_is_a_warning(client, catalogue):
    assessment = catalogue["jitsi"].current_assessment
    assessment.assessed_on = timezone.localdate() - timedelta(days=800)
    assessment.reassess_by = timezone.localdate() - timedelta(days=1)
    assessment.save()
    data = client.get(f"{TOOLS}jitsi-meet/").json()
    assert data["privacy_tier"] == "warning"
    outcomes = {c["key"]: c["outcome"] for c in data["assessment"]["label"]["criteria"]}
    assert outcomes["current"] == "warning"


def test_needs_with_counts_of_published_tools(client, catalogue):
    NeedFactory(name="Boka arbetsplats", slug="boka")
    catalogue["walk"].status = Tool.Status.SUGGESTED
    catalogue["walk"].save()
    rows = client.get(NEEDS).json()["results"]
    assert [(r["slug"], r["tool_count"]) for r in rows] == [
        ("boka", 0),
        ("kompetens", 1),
        ("hybridmoten", 2),
    ]


def test_public_endpoints_refuse_anonymous_writes_as_json(client, catalogue):
    for url in (TOOLS, f"{TOOLS}teams/", NEEDS, f"{TOOLS}teams/assessments/"):
        _assert_denied_json(_post(client, url, {}))


# --- Reviews -------------------------------------------------------------------------------------


def test_review_needs_an_account(client, catalogue):
    url = f"{TOOLS}teams/review/"
    _assert_denied_json(_post(client, url, {"rating": 5}))
    _assert_denied_json(client.delete(url))
    assert not Review.objects.exists()


def test_coworker_writes_changes_and_deletes_their_review(client, catalogue, coworker):
    client.force_login(coworker)
    url = f"{TOOLS}teams/review/"
    response = _post(client, url, {"rating": 4, "tip": "  Slå av **kameran**.  "})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["rating"], data["tip"], data["status"]) == (4, "Slå av **kameran**.", "visible")
    assert data["tip_html"] == "<p>Slå av <strong>kameran</strong>.</p>"
    assert data["tool"] == {"slug": "teams", "name": "Teams"}
    response = _post(client, url, {"rating": 2})
    assert response.status_code == 200
    assert (response.json()["rating"], response.json()["tip"]) == (2, "")
    response = _put(client, url, {"rating": 3, "tip": "Bättre nu."})
    assert response.status_code == 200
    assert Review.objects.get().rating == 3
    assert client.get(f"{TOOLS}teams/").json()["my_review"]["rating"] == 3
    assert client.delete(url).status_code == 204
    assert not Review.objects.exists()
    assert client.delete(url).status_code == 404


def test_other_peoples_reviews_are_untouched(client, catalogue, coworker):
    (theirs,) = _reviews(catalogue["teams"], 1, rating=5)
    client.force_login(coworker)
    assert client.delete(f"{TOOLS}teams/review/").status_code == 404
    _post(client, f"{TOOLS}teams/review/", {"rating": 1})
    theirs.refresh_from_db()
    assert theirs.rating == 5 and Review.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "rating"),
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "bra"}, "rating"),
        ({"rating": 3, "tip": "x" * 2001}, "tip"),
    ],
)
def test_bad_review_is_400_with_field_errors(client, catalogue, coworker, payload, field):
    client.force_login(coworker)
    response = _post(client, f"{TOOLS}teams/review/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Review.objects.exists()


def test_only_published_tools_can_be_reviewed(client, catalogue, coworker):
    client.force_login(coworker)
    assert _post(client, f"{TOOLS}forslaget/review/", {"rating": 3}).status_code == 404
    assert _post(client, f"{TOOLS}nope/review/", {"rating": 3}).status_code == 404


def test_malformed_json_is_400_not_500(client, catalogue, coworker):
    client.force_login(coworker)
    response = client.post(f"{TOOLS}teams/review/", "{rating:", content_type="application/json")
    assert response.status_code == 400


# --- Suggestions --------------------------------------------------------------------------------


def test_suggestions_need_an_account(client, catalogue):
    _assert_denied_json(client.get(SUGGESTIONS))
    _assert_denied_json(_post(client, SUGGESTIONS, {"name": "X"}))


def test_coworker_suggests_a_tool_and_sees_their_own(client, catalogue, coworker):
    client.force_login(coworker)
    response = _post(
        client,
        SUGGESTIONS,
        {
            "name": " Padlet ",
            "kind": "digital_tool",
            "summary": "En digital anslagstavla.",
            "description": "Bra för **idéväggar**.",
            "website": "https://padlet.com",
            "needs": ["kompetens"],
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["name"], data["slug"], data["status"]) == ("Padlet", "padlet", "suggested")
    assert data["needs"] == [{"slug": "kompetens", "name": "Hitta en kollegas kompetens"}]
    tool = Tool.objects.get(slug="padlet")
    assert tool.suggested_by == coworker and tool.search_vector is not None
    # Waiting for moderation: not in the public list.
    assert "padlet" not in _slugs(client.get(TOOLS))
    assert client.get(f"{TOOLS}padlet/").status_code == 404
    # Their own list; someone else's suggestion is not there.
    ToolFactory(name="Annat", status=Tool.Status.SUGGESTED, suggested_by=UserFactory())
    assert _slugs(client.get(SUGGESTIONS)) == ["padlet"]


def test_duplicate_suggestion_is_a_toolbox_error(client, catalogue, coworker):
    client.force_login(coworker)
    response = _post(
        client, SUGGESTIONS, {"name": "teams", "kind": "digital_tool", "summary": "Igen."}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate" and response.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"kind": "hammer"}, "kind"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 301}, "summary"),
        ({"website": "not a url"}, "website"),
        ({"needs": ["no-such-need"]}, "needs"),
    ],
)
def test_bad_suggestion_is_400_with_field_errors(client, catalogue, coworker, overrides, field):
    client.force_login(coworker)
    payload = {"name": "Mentimeter", "kind": "digital_tool", "summary": "Omröstningar."}
    payload.update(overrides)
    response = _post(client, SUGGESTIONS, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Tool.objects.filter(status=Tool.Status.SUGGESTED, suggested_by=coworker).exists()


# --- Moderation ----------------------------------------------------------------------------------


@pytest.fixture
def suggestion(coworker):
    return services.tool_suggest(
        user=coworker, name="Mentimeter", kind="digital_tool", summary="Omröstningar på möten."
    )


def test_moderation_is_for_region_staff_only(client, catalogue, suggestion, coworker, manager):
    (review,) = _reviews(catalogue["teams"], 1)
    urls = [
        (MOD_SUGGESTIONS, "get"),
        (f"{MOD_SUGGESTIONS}mentimeter/publish/", "post"),
        (f"{MOD_SUGGESTIONS}mentimeter/reject/", "post"),
        (MOD_REVIEWS, "get"),
        (f"{MOD_REVIEWS}{review.pk}/hide/", "post"),
        (f"{MOD_REVIEWS}{review.pk}/show/", "post"),
    ]
    for user in (None, coworker, manager):
        if user:
            client.force_login(user)
        for url, method in urls:
            response = client.get(url) if method == "get" else _post(client, url, {"note": "x"})
            if user is None:
                _assert_denied_json(response)
            else:
                assert response.status_code == 403, url
    suggestion.refresh_from_db()
    review.refresh_from_db()
    assert suggestion.status == "suggested" and review.status == "visible"


def test_staff_publishes_a_suggestion(client, catalogue, suggestion, staff):
    client.force_login(staff)
    assert _slugs(client.get(MOD_SUGGESTIONS)) == ["forslaget", "mentimeter"]
    response = _post(client, f"{MOD_SUGGESTIONS}mentimeter/publish/", {})
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert _slugs(client.get(MOD_SUGGESTIONS)) == ["forslaget"]
    assert "mentimeter" in _slugs(client.get(MOD_SUGGESTIONS, {"status": "published"}))
    client.logout()
    assert "mentimeter" in _slugs(client.get(TOOLS, {"q": "omröstning"}))
    # Publishing again is refused: it is no longer awaiting moderation.
    client.force_login(staff)
    response = _post(client, f"{MOD_SUGGESTIONS}mentimeter/publish/", {})
    assert (response.status_code, response.json()["code"]) == (400, "not_suggested")
    assert _post(client, f"{MOD_SUGGESTIONS}nope/publish/", {}).status_code == 404


def test_rejecting_needs_a_note_the_author_sees(client, catalogue, suggestion, staff, coworker):
    client.force_login(staff)
    url = f"{MOD_SUGGESTIONS}mentimeter/reject/"
    for payload in ({}, {"note": ""}, {"note": "x" * 2001}):
        response = _post(client, url, payload)
        assert response.status_code == 400 and "note" in response.json()
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested"
    response = _post(client, url, {"note": "Finns redan som metod."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["moderation_note"]) == (
        "rejected",
        "Finns redan som metod.",
    )
    client.force_login(coworker)
    (mine,) = client.get(SUGGESTIONS).json()["results"]
    assert (mine["status"], mine["moderation_note"]) == ("rejected", "Finns redan som metod.")
    client.force_login(staff)
    response = _post(client, f"{MOD_SUGGESTIONS}mentimeter/publish/", {})
    assert response.json()["code"] == "not_suggested"


def test_staff_hides_and_shows_a_review(client, catalogue, staff):
    reviews = _reviews(catalogue["teams"], 5, rating=4)
    _reviews(catalogue["jitsi"], 1)
    client.force_login(staff)
    assert client.get(MOD_REVIEWS).json()["count"] == 6
    assert client.get(MOD_REVIEWS, {"tool": "teams"}).json()["count"] == 5
    assert client.get(f"{TOOLS}teams/").json()["review_count"] == 5
    hide = _post(client, f"{MOD_REVIEWS}{reviews[0].pk}/hide/", {"note": "Personuppgifter"})
    assert hide.status_code == 200
    assert (hide.json()["status"], hide.json()["moderation_note"]) == ("hidden", "Personuppgifter")
    assert client.get(MOD_REVIEWS, {"status": "hidden"}).json()["count"] == 1
    assert client.get(f"{TOOLS}teams/").json()["review_count"] is None  # 4 left
    assert _post(client, f"{MOD_REVIEWS}{reviews[0].pk}/show/", {}).json()["status"] == "visible"
    assert client.get(f"{TOOLS}teams/").json()["review_count"] == 5
    too_long = _post(client, f"{MOD_REVIEWS}{reviews[0].pk}/hide/", {"note": "x" * 301})
    assert too_long.status_code == 400
    assert _post(client, f"{MOD_REVIEWS}999999/hide/", {}).status_code == 404
    assert client.get(MOD_REVIEWS, {"status": "nope"}).status_code == 400


# --- Query budgets -------------------------------------------------------------------------------


def _many_tools(n, *, region=None):
    needs = [NeedFactory(), NeedFactory()]
    for _i in range(n):
        tool = ToolFactory(summary="Ett verktyg för möten.")
        tool.needs.set(needs)
        PrivacyAssessmentFactory(tool=tool)
        if region is not None:
            _decide(tool, region, "approved")
    services.tool_index()


@pytest.mark.parametrize("rows", [3, 12])
def test_tool_list_query_count(client, django_assert_num_queries, rows, region):
    _many_tools(rows, region=region)
    # count, tools (with the current assessment), their needs
    with django_assert_num_queries(3):
        assert client.get(TOOLS).json()["count"] == rows
    with django_assert_num_queries(3):
        assert client.get(TOOLS, {"q": "möten", "kind": "digital_tool"}).json()["count"] == rows
    # + the organisation of approved_for
    with django_assert_num_queries(4):
        assert client.get(TOOLS, {"approved_for": region.pk}).json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 12])
def test_tool_list_query_count_signed_in(client, django_assert_num_queries, rows, region):
    _many_tools(rows, region=region)
    client.force_login(UserFactory(organisation=region))
    # session, user, their organisation, count, tools, needs
    with django_assert_num_queries(6):
        assert client.get(TOOLS).json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 12])
def test_tool_detail_query_count(client, django_assert_num_queries, rows, region, hub):
    _many_tools(2)
    tool = ToolFactory(slug="malet")
    PrivacyAssessmentFactory(tool=tool)
    tool.needs.set([NeedFactory() for _n in range(rows)])
    for _n in range(rows):
        _decide(tool, OrganisationFactory(), "approved")
        Adoption.objects.create(tool=tool, organisation=OrganisationFactory(), since="2024-01-01")
    _reviews(tool, rows, tip="Tips")
    # tool (+ assessment, review aggregates), needs, decisions, adoptions, tips
    with django_assert_num_queries(5):
        assert client.get(f"{TOOLS}malet/").status_code == 200
    client.force_login(UserFactory(organisation=region))
    # + session, user, own review, their organisation
    with django_assert_num_queries(9):
        assert client.get(f"{TOOLS}malet/").status_code == 200


@pytest.mark.parametrize("rows", [3, 12])
def test_other_list_query_counts(client, django_assert_num_queries, rows, staff, coworker):
    tool = ToolFactory(slug="malet")
    for _n in range(rows):
        PrivacyAssessmentFactory(tool=tool)
        NeedFactory().tools.add(tool)
        ToolFactory(status=Tool.Status.SUGGESTED, suggested_by=coworker).needs.add(
            tool.needs.first()
        )
    _reviews(tool, rows)
    # tool, count, assessments
    with django_assert_num_queries(3):
        assert client.get(f"{TOOLS}malet/assessments/").json()["count"] == rows
    # count, needs
    with django_assert_num_queries(2):
        assert client.get(NEEDS).json()["count"] == rows
    client.force_login(coworker)
    # session, user, count, suggestions, their needs
    with django_assert_num_queries(5):
        assert client.get(SUGGESTIONS).json()["count"] == rows
    client.force_login(staff)
    with django_assert_num_queries(5):
        assert client.get(MOD_SUGGESTIONS).json()["count"] == rows
    # session, user, count, reviews (with their tool)
    with django_assert_num_queries(4):
        assert client.get(MOD_REVIEWS).json()["count"] == rows


# --- Schema --------------------------------------------------------------------------------------


def test_schema_has_the_toolbox_paths(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    paths = response.json()["paths"]
    for path, methods in {
        "/api/tools/": {"get"},
        "/api/tools/{slug}/": {"get"},
        "/api/tools/{slug}/assessments/": {"get"},
        "/api/tools/{slug}/review/": {"post", "put", "delete"},
        "/api/needs/": {"get"},
        "/api/tool-suggestions/": {"get", "post"},
        "/api/moderation/suggestions/": {"get"},
        "/api/moderation/suggestions/{slug}/publish/": {"post"},
        "/api/moderation/suggestions/{slug}/reject/": {"post"},
        "/api/moderation/reviews/": {"get"},
        "/api/moderation/reviews/{id}/hide/": {"post"},
        "/api/moderation/reviews/{id}/show/": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
    params = {p["name"] for p in paths["/api/tools/"]["get"]["parameters"]}
    assert {"q", "kind", "need", "fit", "personal_data", "approved_for", "page"} <= params


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/tools/{slug}/review/" in target.read_text()


# --- Found by tests/test_api_schemathesis.py ---------------------------------------------


def test_options_on_a_tool_review_is_no_server_error(client, coworker):
    # DRF's OPTIONS "actions" called get_object() by "pk" on a view looked up by slug: 500.
    ToolFactory(slug="teams")
    client.force_login(coworker)
    response = client.options(f"{TOOLS}teams/review/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "actions" not in response.json()
    assert set(response["Allow"].split(", ")) == {"POST", "PUT", "DELETE", "OPTIONS"}


@pytest.mark.parametrize("value", ["null", "yes", "0"])
def test_personal_data_filter_refuses_what_is_not_true_or_false(client, catalogue, value):
    response = client.get(TOOLS, {"personal_data": value})
    assert response.status_code == 400
    assert "personal_data" in response.json()
    assert set(_slugs(client.get(TOOLS, {"personal_data": "true"}))) == {"teams", "viva"}


def test_schema_describes_fit_as_a_list_of_places(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    parameters = response.json()["paths"]["/api/tools/"]["get"]["parameters"]
    fit = next(p for p in parameters if p["name"] == "fit")
    # It said a list of lists (the model field is itself a list).
    items = {"type": "string", "enum": sorted(Fit.values)}
    assert fit["schema"] == {"type": "array", "items": items}
    assert fit["explode"] is True
