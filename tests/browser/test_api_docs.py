from playwright.sync_api import Page

from tests.browser.axe import WCAG_ONLY, assert_accessible


def test_api_docs_render_from_local_assets_and_meet_wcag(page: Page, live):
    external = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith(live) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(live + "/api/docs/")
    page.wait_for_selector(".opblock")
    assert external == []
    # Swagger UI's own heading order and header region are axe best-practice
    # findings in third-party markup; the WCAG 2.1 A/AA rules must pass.
    assert_accessible(page, WCAG_ONLY)
