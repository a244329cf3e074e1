"""Challenges and the self-assessment in a real browser: Region staff create a
challenge and add a progress update with the keyboard; a community manager
fills in the hub's self-assessment (with an error first); axe on the list,
the challenge page, the forms (also with errors) and the self-assessment."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounting.models import Challenge, ChallengeUpdate, SelfAssessment, SubResult
from learning_journeys.models import Insight
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    ChallengeFactory,
    HubFactory,
    HubManagerFactory,
    LearningJourneyFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.fixture
def data(live):
    UserFactory(email="staff@example.org", name="Stina Staff", is_region_staff=True)
    hub = HubFactory(name="Samverket", slug="samverket")
    HubManagerFactory(hub=hub, user__email="manager@example.org")
    OrganisationFactory(name="Region Jämtland Härjedalen")
    journey = LearningJourneyFactory(title="Samverket 2.0", slug="samverket-2")
    insight = Insight.objects.create(journey=journey, kind="works", text="Hybrid meetings work")
    existing = ChallengeFactory(title="Effektivare lokalutnyttjande", slug="lokaler", stage="test")
    existing.hubs.set([hub])
    existing.insights.set([insight])
    SubResult.objects.create(challenge=existing, title="Desk booking", weight=2, progress=60)
    SubResult.objects.create(challenge=existing, title="Shared rooms", weight=1, progress=30)
    return {"hub": hub, "existing": existing}


def test_staff_create_a_challenge_and_add_an_update_with_the_keyboard(page: Page, live, data):
    # The public list and page first.
    page.goto(live + "/redovisning/utmaningar/")
    expect(page.locator("li[data-challenge='lokaler']")).to_be_visible()
    assert_accessible(page)
    page.goto(live + "/redovisning/utmaningar/lokaler/")
    expect(page.locator("#rollup-method")).to_have_attribute("data-method", "weighted")
    expect(page.locator("li[data-kind='insight']")).to_have_count(1)
    assert_accessible(page)

    log_in(page, live, "staff@example.org")
    page.goto(live + "/redovisning/utmaningar/")
    page.locator("#challenge-new").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/utmaningar/ny/$"))
    assert_accessible(page)

    # Saving without a title or description re-renders with accessible errors.
    page.locator("#challenge-save").focus()
    page.keyboard.press("Enter")
    title = page.locator("input[name=title]")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#challenge-form-errors")).to_be_visible()
    assert_accessible(page)
    assert Challenge.objects.count() == 1

    title.focus()
    page.keyboard.type("Mindre pendling")
    page.locator("textarea[name=description]").focus()
    page.keyboard.type("Hur kan hubbarna minska pendlingen i länet?")
    page.locator("input[name=nature][value=complex]").focus()
    page.keyboard.press("Space")
    page.get_by_label("Region Jämtland Härjedalen").focus()
    page.keyboard.press("Space")
    page.get_by_label("Samverket", exact=True).focus()
    page.keyboard.press("Space")
    page.locator("#challenge-save").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/utmaningar/mindre-pendling/$"))
    challenge = Challenge.objects.get(slug="mindre-pendling")
    assert challenge.nature == "complex"
    assert [o.name for o in challenge.owners.all()] == ["Region Jämtland Härjedalen"]
    assert_accessible(page)

    # A progress update: first with a missing reason, then complete.
    page.locator("#challenge-add-update").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/mindre-pendling/uppdatering/$"))
    assert_accessible(page)
    page.locator("input[name=stage][value=co_create]").focus()
    page.keyboard.press("Space")
    page.locator("input[name=progress]").fill("30")
    page.locator("#update-save").focus()
    page.keyboard.press("Enter")
    reason = page.locator("textarea[name=progress_reason]")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#update-form-errors")).to_be_visible()
    assert_accessible(page)
    assert not ChallengeUpdate.objects.exists()

    reason.focus()
    page.keyboard.type("Tre workshoppar med myndigheterna.")
    page.locator("textarea[name=evidence]").focus()
    page.keyboard.type("Enkät: 40 % färre bilresor.")
    page.locator("#update-save").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/utmaningar/mindre-pendling/#timeline$"))
    event = page.locator("li[data-kind='update']")
    expect(event).to_have_attribute("data-stage-change", "understand→co_create")
    expect(event.locator("[data-author]")).to_contain_text("Stina Staff")
    expect(page.locator("[data-answer='evidence']")).to_contain_text("40 %")
    assert_accessible(page)
    challenge.refresh_from_db()
    assert (challenge.stage, challenge.progress) == ("co_create", 30)

    # Sub-results page (with an error) and the staff list.
    page.goto(live + "/redovisning/utmaningar/lokaler/delresultat/")
    assert_accessible(page)
    page.locator("input[name='parts-0-weight']").fill("0")
    page.locator("#sub-results-save").click()
    expect(page.locator("input[name='parts-0-weight']")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.goto(live + "/redovisning/utmaningar/lokaler/redigera/")
    assert_accessible(page)


def test_manager_fills_in_the_self_assessment(page: Page, live, data):
    log_in(page, live, "manager@example.org")
    page.goto(live + "/redovisning/hubb/samverket/sjalvvardering/?year=2025")
    expect(page.locator("#nothing-saved")).to_be_visible()
    assert_accessible(page)

    def fill(capital: str, row: int, name: str, score: str) -> None:
        prefix = f"factors-{capital}-{row}"
        page.locator(f"input[name='{prefix}-name']").fill(name)
        for part in ("quantity", "quality", "systematics"):
            page.locator(f"select[name='{prefix}-{part}']").select_option(score)

    page.locator("textarea[name=summary]").fill("Ett år med fler nätverk.")
    fill("human", 0, "Kompetens", "80")  # only one human factor: an error
    fill("relational", 0, "Nätverk", "100")
    fill("relational", 1, "Förtroende", "90")
    fill("structural", 0, "Bokningssystem", "60")
    fill("structural", 1, "Rutiner", "40")
    page.locator("textarea[name='factors-structural-0-evidence']").fill("inte en länk")
    page.locator("#self-assessment-save").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#self-assessment-form-errors")).to_be_visible()
    expect(page.locator("#errors-human")).to_be_visible()
    evidence = page.locator("textarea[name='factors-structural-0-evidence']")
    expect(evidence).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert not SelfAssessment.objects.exists()

    fill("human", 1, "Erfarenhet", "70")
    evidence.fill("https://example.org/rapport")
    page.locator("#self-assessment-save").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("#saved-human tr[data-factor='Kompetens']")).to_be_visible()
    assert_accessible(page)
    assessment = SelfAssessment.objects.get(hub=data["hub"], year=2025)
    assert assessment.factors.count() == 6
    assert assessment.factors.get(name="Bokningssystem").evidence == "https://example.org/rapport"
