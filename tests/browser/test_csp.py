"""The strict Content-Security-Policy holds in a real browser: the pages,
their scripts (map, htmx, API docs) work and the browser reports no
violations. These pages are opened WITHOUT the CSP bypass the other
browser tests use for injecting axe."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.helpers import log_in
from tests.factories import (
    HubFactory,
    MeetingFactory,
    PrivacyAssessmentFactory,
    ToolFactory,
    UserFactory,
)


@pytest.fixture
def strict_page(browser: Browser):
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    yield page, violations
    context.close()


def test_pages_run_under_the_strict_policy(live, strict_page):
    page, violations = strict_page
    hub = HubFactory(name="Samverket", slug="samverket")
    MeetingFactory(hub=hub)
    PrivacyAssessmentFactory(tool=ToolFactory(name="Jitsi Meet", summary="Videomöten"))
    UserFactory(email="staff@example.org", is_region_staff=True)

    response = page.goto(live + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for path in (
        "/hubbar/",
        f"/hubbar/{hub.slug}/",
        "/laranderesor/",
        "/verktygslada/",
        "/redovisning/",
    ):
        page.goto(live + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    # htmx still works: the catalogue filters without a page load.
    page.goto(live + "/verktygslada/")
    page.locator("input[name=q]").fill("videomöten")
    expect(page.locator("[data-tool]").first).to_be_visible()
    # The API docs page runs its nonce'd set-up script.
    page.goto(live + "/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible(timeout=15000)
    log_in(page, live, "staff@example.org")
    page.goto(live + "/redovisning/lan/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations == []
