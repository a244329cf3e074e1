"""The public toolbox in a real browser: search, htmx filters, compare, review,
keyboard use and axe on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    NeedFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    ToolFactory,
    UserFactory,
)
from toolbox.models import Review
from toolbox.services import decision_set, tool_index


@pytest.fixture
def toolbox(live):
    region = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    UserFactory(email="member@example.org", organisation=region)
    meetings = NeedFactory(name="Hålla hybridmöten", slug="hybridmoten")
    today = timezone.localdate()

    def tool(name, slug, summary, kind="digital_tool", status=None, **assessment):
        t = ToolFactory(name=name, slug=slug, summary=summary, kind=kind)
        t.needs.set([meetings])
        tool_index([t.pk])
        PrivacyAssessmentFactory(tool=t, **assessment)
        if status:
            decision_set(
                tool=t,
                organisation=region,
                status=status,
                decided_on=today - timedelta(days=20),
                reviewer="Dataskyddsombud",
                reasoning="Bedömd enligt riktlinjen.",
            )
        return t

    tool("Microsoft Teams", "teams", "Videomöten och chatt för varje möte.", status="approved")
    tool(
        "Microsoft Viva",
        "viva",
        "Närvaro och analys av möten.",
        status="rejected",
        processes_personal_data=True,
        monitors_individuals=True,
        legal_basis="legitimate_interests",
    )
    tool("Lärandeträff", "larandetraff", "Ett möte där man lär av varandra.", kind="method",
         status="approved")  # fmt: skip
    tool("Whiteboard", "whiteboard", "Rita tillsammans på ett möte.")
    return region


def results(page: Page):
    return page.locator("#tool-list > li")


def test_coworker_searches_filters_compares_and_reviews(page: Page, live, toolbox):
    log_in(page, live, "member@example.org")
    page.goto(live + "/verktygslada/")
    expect(results(page)).to_have_count(4)
    assert_accessible(page)

    # Search with htmx as you type: Swedish stemming finds "möte" for "möten".
    page.evaluate("window.__sameDocument = true")
    page.locator("#id_q").fill("möten")
    expect(page).to_have_url(re.compile(r"q=m%C3%B6ten|q=möten"))
    expect(results(page)).to_have_count(4)
    expect(page.locator("#tool-list mark").first).to_be_visible()

    # Filter by "approved for my organisation", with the keyboard: the update
    # comes from htmx (no navigation) and is announced in the live region.
    page.locator("#id_q").fill("")
    expect(page).not_to_have_url(re.compile(r"q=m"))
    approved = page.locator("#f-approval-approved")
    page.locator("#id_q").focus()
    for _ in range(30):  # Tab from the search box to the filter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-approval-approved":
            break
    expect(approved).to_be_focused()
    page.keyboard.press("Space")
    expect(approved).to_be_checked()
    expect(page).to_have_url(re.compile(r"approval=approved"))
    expect(results(page)).to_have_count(2)
    expect(page.locator('#tool-list > li[data-tool="viva"]')).to_have_count(0)
    expect(page.locator("#tool-results-status")).to_contain_text("2")
    expect(page.locator("#count-approval-approved")).to_have_attribute("data-count", "2")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert_accessible(page)

    # No results: a hint, still accessible.
    page.locator("#id_q").fill("xyzzyq")
    expect(page.locator("#tool-list-empty")).to_be_visible()
    assert page.evaluate("window.__sameDocument === true")
    assert_accessible(page)
    page.locator("#id_q").fill("")
    expect(results(page)).to_have_count(2)

    # Choose two tools with the keyboard and open the comparison.
    page.locator("#compare-larandetraff").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the next result's link, then its checkbox
    page.keyboard.press("Tab")
    expect(page.locator("#compare-teams")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#compare-teams")).to_be_checked()
    expect(page.locator("#compare-larandetraff")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#compare-submit")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/verktygslada/jamfor/\?tools=.*&tools="))
    expect(page.locator("#compare-table thead th[data-tool]")).to_have_count(2)
    expect(
        page.locator('#compare-table tr[data-row="my_status"] [data-status="approved"]')
    ).to_have_count(2)
    assert_accessible(page)

    # The tool page, then a review: first with an error, then correctly.
    page.locator('#compare-table a[href="/verktygslada/verktyg/teams/"]').click()
    expect(page.locator("#privacy-label")).to_have_attribute("data-tier", "pass")
    expect(page.locator("#my-decision")).to_have_attribute("data-status", "approved")
    assert_accessible(page)
    page.locator("textarea[name=tip]").fill("Bra för **hybridmöten**.")
    page.locator("#review-submit").click()
    expect(page).to_have_url(re.compile(r"/recension/$"))
    expect(page.locator("input[name=rating]").first).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert not Review.objects.exists()
    page.locator("input[name=rating][value='4']").check()
    page.locator("#review-submit").click()
    expect(page).to_have_url(re.compile(r"/verktygslada/verktyg/teams/"))
    expect(page.locator("#own-review")).to_be_visible()
    expect(page.locator("#own-review em, #own-review strong").first).to_have_text("hybridmöten")
    review = Review.objects.get()
    assert review.rating == 4

    # The label criteria page, linked from the label.
    page.locator("#label-criteria-link").click()
    expect(page.locator("#criteria > li")).to_have_count(8)
    assert_accessible(page)


def test_viva_page_shows_the_failed_label(page: Page, live, toolbox):
    page.goto(live + "/verktygslada/verktyg/viva/")
    expect(page.locator("#privacy-label")).to_have_attribute("data-tier", "fail")
    expect(page.locator('[data-criterion="no_monitoring"]')).to_have_attribute(
        "data-outcome", "fail"
    )
    assert_accessible(page)


def test_compare_with_one_tool_explains_and_is_accessible(page: Page, live, toolbox):
    page.goto(live + "/verktygslada/jamfor/?tools=teams")
    expect(page.locator("#compare-invalid")).to_be_visible()
    expect(page.locator("#compare-back")).to_be_visible()
    assert_accessible(page)


def test_catalogue_works_without_javascript(browser: Browser, live, toolbox):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live + "/verktygslada/")
        page.locator("#f-kind-method").check()
        page.locator("#tool-filter-submit").click()
        expect(page).to_have_url(re.compile(r"kind=method"))
        expect(results(page)).to_have_count(1)
        page.locator("#compare-larandetraff").check()
        page.locator("#compare-submit").click()
        expect(page.locator("#compare-invalid")).to_be_visible()
    finally:
        context.close()
