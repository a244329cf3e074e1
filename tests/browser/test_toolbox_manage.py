"""The toolbox's staff pages in a real browser: moderation and a new
assessment version with the keyboard, and axe on every staff page and on
the suggestion form (also with errors)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    HubFactory,
    NeedFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    ToolFactory,
    UserFactory,
)
from toolbox.models import Adoption, OrganisationDecision, PrivacyAssessment, Review, Tool


@pytest.fixture
def toolbox_data(live):
    suggester = UserFactory(email="forslag@example.org")
    UserFactory(email="staff@example.org", is_region_staff=True)
    NeedFactory(name="Hålla hybridmöten", slug="hybridmoten")
    NeedFactory(name="Hitta en kollegas kompetens", slug="kompetens")
    suggested = ToolFactory(
        name="Delad rityta",
        slug="delad-rityta",
        summary="En whiteboard i webbläsaren.",
        description="Bra för **workshoppar**.",
        status=Tool.Status.SUGGESTED,
        published_at=None,
        suggested_by=suggester,
    )
    assessed = PrivacyAssessmentFactory(tool=ToolFactory(name="Videomöten", slug="videomoten")).tool
    Review.objects.create(tool=assessed, user=suggester, rating=4, tip="Använd *lobbyn*.")
    org = OrganisationFactory(name="Region Jämtland Härjedalen")
    OrganisationDecision.objects.create(
        tool=assessed,
        organisation=org,
        status="approved",
        decided_on="2025-01-15",
        reviewer="Informationssäkerhet",
        reasoning="Data i EU.",
    )
    Adoption.objects.create(
        tool=assessed, hub=HubFactory(name="Samverket"), since="2024-09-01", notes="Frukostmöten"
    )
    return {"suggested": suggested, "assessed": assessed}


def test_staff_publish_a_suggestion_and_assess_it_with_the_keyboard(page: Page, live, toolbox_data):
    suggested = toolbox_data["suggested"]
    log_in(page, live, "staff@example.org")

    # Moderation: rejecting without a note is refused, with an accessible error.
    page.goto(live + "/verktygslada/moderering/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator(f"#reject-{suggested.pk}").click()
    note = page.locator(f"#note-tool-{suggested.pk}")
    expect(note).to_have_attribute("aria-invalid", "true")
    assert page.locator(f"#{note.get_attribute('aria-describedby').split()[-1]}").count() == 1
    assert_accessible(page)
    suggested.refresh_from_db()
    assert suggested.status == Tool.Status.SUGGESTED

    # Publish with the keyboard: type a note, Tab to "Publish", Enter.
    note.focus()
    page.keyboard.type("Ser bra ut.")
    page.keyboard.press("Tab")
    publish = page.locator(f"#publish-{suggested.pk}")
    expect(publish).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#queue-empty")).to_be_visible()
    expect(page.locator(".message-success")).to_be_visible()
    suggested.refresh_from_db()
    assert suggested.status == Tool.Status.PUBLISHED
    assert suggested.moderation_note == "Ser bra ut."

    # The catalogue lists it, not yet assessed.
    page.goto(live + "/verktygslada/hantera/")
    row = page.locator(f"tr[data-tool='{suggested.slug}']")
    expect(row).to_have_attribute("data-status", "published")
    expect(row.locator("[data-tier]")).to_have_attribute("data-tier", "none")
    assert_accessible(page)

    # A first assessment: a wrong re-assessment date first, then fixed; keyboard only
    # for the choices and the buttons.
    row.locator("a[href$='/bedomning/']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hantera/delad-rityta/bedomning/$"))
    assert_accessible(page)
    page.locator("input[name=processes_personal_data]").focus()
    page.keyboard.press("Space")
    page.locator("textarea[name=data_categories]").fill("Namn på deltagare.")
    page.locator("select[name=storage]").select_option("eu")
    page.locator("select[name=legal_basis]").select_option("public_task")
    for risk in ("access", "change", "loss"):
        page.locator(f"select[name={risk}_likelihood]").select_option("1")
        page.locator(f"select[name={risk}_severity]").select_option("2")
    page.locator("textarea[name=need]").fill("Workshoppar på distans.")
    page.locator("textarea[name=benefit]").fill("Fler kan delta.")
    page.locator("input[name=assessed_on]").fill("2026-01-10")
    page.locator("input[name=assessed_by]").fill("Dataskyddsombud")
    page.locator("input[name=reassess_by]").fill("2025-12-31")
    page.locator("#assessment-save").focus()
    page.keyboard.press("Enter")
    reassess = page.locator("input[name=reassess_by]")
    expect(reassess).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#assessment-form-errors")).to_be_visible()
    assert_accessible(page)
    assert not PrivacyAssessment.objects.filter(tool=suggested).exists()

    # Preview the label, then save.
    reassess.fill("2027-01-10")
    page.locator("#assessment-preview").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#label-preview")).to_have_attribute("data-tier", "pass")
    assert_accessible(page)
    page.locator("#assessment-save").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/verktygslada/verktyg/delad-rityta/$"))
    suggested.refresh_from_db()
    assert suggested.current_assessment.version == 1
    assert suggested.current_assessment.processes_personal_data is True
    assert str(suggested.current_assessment.reassess_by) == "2027-01-10"


def test_axe_on_suggest_tool_form_decisions_and_adoptions(page: Page, live, toolbox_data):
    assessed = toolbox_data["assessed"]
    log_in(page, live, "staff@example.org")

    page.goto(live + "/verktygslada/foresla/")
    assert_accessible(page)
    page.locator("#suggest-submit").click()
    expect(page.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#suggest-form-errors")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=name]").fill("Kompetenskartan")
    page.locator("select[name=kind]").select_option("method")
    page.locator("input[name=summary]").fill("Hitta vem som kan vad.")
    page.locator("input[name=needs]").first.check()
    page.locator("#suggest-submit").click()
    expect(page.locator("#my-suggestions li[data-status=suggested]")).to_have_count(1)
    assert_accessible(page)

    page.goto(live + "/verktygslada/hantera/nytt/")
    assert_accessible(page)
    page.locator("#tool-save").click()
    expect(page.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.goto(f"{live}/verktygslada/hantera/{assessed.slug}/")
    expect(page.locator("input[name=name]")).to_have_value("Videomöten")
    assert_accessible(page)

    page.goto(f"{live}/verktygslada/hantera/{assessed.slug}/beslut/")
    assert_accessible(page)
    page.locator("#decision-save").click()
    expect(page.locator("#decision-form-errors")).to_be_visible()
    assert_accessible(page)
    page.locator("select[name=organisation]").select_option(label="Region Jämtland Härjedalen")
    page.locator("select[name=status]").select_option("under_review")
    page.locator("input[name=reviewer]").fill("Dataskyddsombud")
    page.locator("textarea[name=reasoning]").fill("Ny version av tjänsten.")
    page.locator("#decision-save").click()
    expect(page.locator("tr[data-status=under_review]")).to_have_count(1)
    assert OrganisationDecision.objects.get(tool=assessed).status == "under_review"

    page.goto(f"{live}/verktygslada/hantera/{assessed.slug}/anvandning/")
    assert_accessible(page)
    page.locator("#adoption-save").click()
    expect(page.locator("#adoption-form-errors")).to_be_visible()
    assert_accessible(page)
