"""The toolbox core: Swedish full-text search with facets, the privacy label
criteria and risk matrix, sanitised Markdown, versioned assessments."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import NeedFactory, OrganisationFactory, PrivacyAssessmentFactory, ToolFactory
from toolbox import label, services
from toolbox.markdown import render_markdown
from toolbox.models import Fit, OrganisationDecision, Tool
from toolbox.selectors import ToolFilters, facet_counts, highlight, tool_search

pytestmark = pytest.mark.django_db


def names(queryset) -> list[str]:
    return [tool.name for tool in queryset]


@pytest.fixture
def catalogue():
    hybrid = NeedFactory(name="Hålla hybridmöten", slug="hybridmoten")
    competence = NeedFactory(name="Hitta kompetens", slug="kompetens")
    teams = ToolFactory(
        name="Teams",
        summary="Videomöte och chatt för organisationen.",
        description="Bra för ett snabbt möte med en kollega på en annan ort.",
        fits=[Fit.WITHIN_ORGANISATION],
    )
    teams.needs.set([hybrid])
    jitsi = ToolFactory(
        name="Jitsi Meet",
        summary="Öppen källkod för videomöten.",
        description="Kräver inget konto för möten.",
        fits=[Fit.ACROSS_ORGANISATIONS, Fit.AT_HUB],
    )
    jitsi.needs.set([hybrid])
    walk = ToolFactory(
        name="Walk and talk",
        kind=Tool.Kind.METHOD,
        summary="Samtal under en promenad.",
        description="Ett sätt att lära känna varandra i hubben, utan skärm.",
        fits=[Fit.AT_HUB],
    )
    walk.needs.set([competence])
    viva = ToolFactory(
        name="Viva Insights", summary="Analys av arbetsmönster.", status=Tool.Status.PUBLISHED
    )
    ToolFactory(name="Hidden suggestion", summary="Ett möte", status=Tool.Status.SUGGESTED)
    services.tool_index()
    PrivacyAssessmentFactory(tool=teams, processes_personal_data=True, legal_basis="public_task")
    PrivacyAssessmentFactory(tool=jitsi)
    PrivacyAssessmentFactory(
        tool=viva, processes_personal_data=True, monitors_individuals=True, legal_basis="consent"
    )
    return {"teams": teams, "jitsi": jitsi, "walk": walk, "viva": viva}


def test_swedish_stemming_prefixes_and_every_word(catalogue):
    # "möten" stems to the same word as "möte" (Teams has "möte", Jitsi "möten").
    assert names(tool_search(ToolFilters(query="möten"))) == ["Jitsi Meet", "Teams"]
    assert names(tool_search(ToolFilters(query="möte"))) == ["Jitsi Meet", "Teams"]
    assert names(tool_search(ToolFilters(query="kollegor"))) == ["Teams"]
    assert names(tool_search(ToolFilters(query="hubbar"))) == ["Walk and talk"]
    # Prefixes match while typing; needs are searchable.
    assert names(tool_search(ToolFilters(query="hybr"))) == ["Jitsi Meet", "Teams"]
    assert names(tool_search(ToolFilters(query="jits"))) == ["Jitsi Meet"]
    # Every word must match; suggestions are never found.
    assert names(tool_search(ToolFilters(query="möte promenad"))) == []
    assert "Hidden suggestion" not in names(tool_search(ToolFilters(query="möte")))
    assert names(tool_search(ToolFilters(query="   !!  "))) == names(tool_search(ToolFilters()))


def test_ranking_puts_name_matches_before_text_matches(catalogue):
    ToolFactory(name="Anslagstavla", summary="Digital tavla", description="Som en idévägg.")
    ToolFactory(name="Idévägg", summary="Lappar på väggen i hubbens kök")
    found = list(tool_search(ToolFilters(query="idévägg")))
    assert names(found) == ["Idévägg", "Anslagstavla"]
    assert found[0].rank > found[1].rank


def test_headline_is_escaped_and_marked(catalogue):
    tool = ToolFactory(name="Evil", summary='Ett möte för 5 < 10 personer & "fler"')
    (hit,) = [t for t in tool_search(ToolFilters(query="möte")) if t.pk == tool.pk]
    html = highlight(hit.headline)
    assert "<mark>möte</mark>" in html
    assert "5 &lt; 10" in html and "&amp;" in html and "&quot;fler&quot;" in html


def test_facets_combine(catalogue):
    assert names(tool_search(ToolFilters(kinds=["method"]))) == ["Walk and talk"]
    assert names(tool_search(ToolFilters(needs=["hybridmoten"]))) == ["Jitsi Meet", "Teams"]
    assert names(tool_search(ToolFilters(fits=["at_hub"]))) == ["Jitsi Meet", "Walk and talk"]
    assert names(tool_search(ToolFilters(needs=["hybridmoten"], personal_data=False))) == [
        "Jitsi Meet"
    ]
    assert names(tool_search(ToolFilters(query="möte", fits=["within_org"]))) == ["Teams"]
    assert names(tool_search(ToolFilters(kinds=["method"], needs=["hybridmoten"]))) == []


def test_approval_status_for_my_organisation(catalogue):
    region = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    other = OrganisationFactory(name="Skatteverket")
    today = timezone.localdate()
    for tool, status in ((catalogue["teams"], "approved"), (catalogue["viva"], "rejected")):
        services.decision_set(
            tool=tool,
            organisation=region,
            status=status,
            decided_on=today,
            reviewer="IT",
            reasoning="-",
        )
    services.decision_set(
        tool=catalogue["jitsi"],
        organisation=other,
        status="approved",
        decided_on=today,
        reviewer="IT",
        reasoning="-",
    )
    approved = tool_search(ToolFilters(approval=["approved"]), organisation=region)
    assert names(approved) == ["Teams"]
    not_assessed = tool_search(
        ToolFilters(approval=[OrganisationDecision.NOT_ASSESSED]), organisation=region
    )
    assert names(not_assessed) == ["Jitsi Meet", "Walk and talk"]
    both = tool_search(
        ToolFilters(approval=["approved", "rejected"], query="analys"), organisation=region
    )
    assert names(both) == ["Viva Insights"]
    statuses = {t.name: t.my_status for t in tool_search(ToolFilters(), organisation=region)}
    assert statuses == {
        "Jitsi Meet": None,
        "Teams": "approved",
        "Viva Insights": "rejected",
        "Walk and talk": None,
    }


def test_facet_counts(catalogue):
    counts = facet_counts(tool_search(ToolFilters(query="möte")))
    assert counts["kind"] == {"digital_tool": 2}
    assert counts["need"] == {"hybridmoten": 2}
    assert counts["fit"] == {"within_org": 1, "across_orgs": 1, "at_hub": 1}
    assert counts["personal_data"] == {"yes": 1, "no": 1}


def test_label_passes_a_clean_tool_and_fails_presence_monitoring(catalogue):
    today = timezone.localdate()
    clean = label.privacy_label(catalogue["jitsi"].current_assessment, today=today)
    assert clean.tier == label.PASS and clean.failed == []
    viva = label.privacy_label(catalogue["viva"].current_assessment, today=today)
    assert viva.tier == label.FAIL
    assert [c.key for c in viva.failed] == ["no_monitoring"]


@pytest.mark.parametrize(
    ("change", "tier", "keys"),
    [
        ({"sells_data": True}, label.FAIL, ["no_selling"]),
        ({"third_party_tracking": True}, label.FAIL, ["no_tracking"]),
        (
            {"storage": "unknown", "processes_personal_data": True, "legal_basis": "consent"},
            label.WARNING,
            ["eu_storage"],
        ),
        (
            {"storage": "outside", "processes_personal_data": True, "legal_basis": "consent"},
            label.FAIL,
            ["eu_storage"],
        ),
        ({"processes_personal_data": True, "legal_basis": "unclear"}, label.FAIL, ["legal_basis"]),
        (
            {
                "processes_personal_data": True,
                "legal_basis": "consent",
                "access_likelihood": 2,
                "access_severity": 3,
            },
            label.WARNING,
            ["dpia", "risk"],
        ),
        ({"loss_likelihood": 3, "loss_severity": 3}, label.FAIL, ["risk"]),
        (
            {
                "reassess_by": timezone.localdate() - timedelta(days=1),
                "assessed_on": timezone.localdate() - timedelta(days=400),
            },
            label.WARNING,
            ["current"],
        ),
    ],
)
def test_each_written_criterion_decides_the_tier(change, tier, keys):
    assessment = PrivacyAssessmentFactory(**change)
    result = label.privacy_label(assessment, today=timezone.localdate())
    assert result.tier == tier
    assert [c.key for c in result.failed] == keys


def test_risk_matrix_scores_and_levels():
    assessment = PrivacyAssessmentFactory(
        access_likelihood=2,
        access_severity=2,
        change_likelihood=2,
        change_severity=4,
        loss_likelihood=4,
        loss_severity=4,
    )
    cells = {
        cell.key: (cell.score, cell.level)
        for cell in label.privacy_label(assessment, today=timezone.localdate()).risks
    }
    assert cells == {"access": (4, "pass"), "change": (8, "warning"), "loss": (16, "fail")}


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "# Title\n\n**bold** [ok](https://example.org) [bad](javascript:alert(1))\n\n"
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        "<a href='https://x.org' onclick='evil()'>x</a>"
    )
    assert "<h3>Title</h3>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    for bad in ("<script", "javascript:", "onerror", "onclick", "<img"):
        assert bad not in html


def test_assessment_versions_and_current(catalogue):
    tool = catalogue["walk"]
    first = services.assessment_create(
        tool=tool, assessment=PrivacyAssessmentFactory.build(tool=tool), user=None
    )
    second = services.assessment_create(
        tool=tool, assessment=PrivacyAssessmentFactory.build(tool=tool, sells_data=True), user=None
    )
    tool.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert tool.current_assessment == second
    assert tool.assessments.count() == 2


def test_search_index_follows_edits(catalogue):
    tool = catalogue["walk"]
    tool.name = "Promenadmöte"
    services.tool_save(tool=tool)
    assert "Promenadmöte" in names(tool_search(ToolFilters(query="promenadmöte")))


def test_review_once_per_user_editable_and_only_for_published_tools(catalogue, coworker):
    first = services.review_save(tool=catalogue["teams"], user=coworker, rating=4, tip="Bra")
    again = services.review_save(tool=catalogue["teams"], user=coworker, rating=2, tip="Sämre nu")
    assert first.pk == again.pk and again.rating == 2
    suggested = Tool.objects.get(name="Hidden suggestion")
    with pytest.raises(services.ToolboxError):
        services.review_save(tool=suggested, user=coworker, rating=5)


def test_suggestion_waits_for_moderation(coworker):
    tool = services.tool_suggest(
        user=coworker, name="Padlet", kind="digital_tool", summary="Digital anslagstavla"
    )
    assert tool.status == Tool.Status.SUGGESTED and tool.slug == "padlet"
    assert "Padlet" not in names(tool_search(ToolFilters(query="anslagstavla")))
    with pytest.raises(services.ToolboxError):
        services.tool_suggest(user=coworker, name="padlet", kind="digital_tool", summary="x")
    services.tool_publish(tool=tool)
    assert names(tool_search(ToolFilters(query="anslagstavla"))) == ["Padlet"]
