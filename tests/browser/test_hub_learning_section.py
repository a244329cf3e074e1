"""The hub page's learning-meetings section (registered by learning_journeys
through hubs.extensions) in a real browser, checked with axe."""

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.factories import HubFactory, MeetingFactory, RegistrationFactory


def test_hub_page_lists_upcoming_learning_meetings_accessibly(page: Page, live):
    hub = HubFactory(name="Alfa", slug="alfa")
    meeting = MeetingFactory(hub=hub, title="Lärandeträff om hybridarbete", capacity=4)
    RegistrationFactory(meeting=meeting)
    MeetingFactory(hub=hub, status="draft", title="Utkast")

    page.goto(live + hub.get_absolute_url())
    section = page.locator("#hub-learning-meetings")
    expect(section.get_by_role("heading", level=2)).to_be_visible()
    expect(section.locator(f'[data-meeting="{meeting.pk}"]')).to_be_visible()
    expect(section.locator('[data-seats-left="3"]')).to_be_visible()
    expect(section.get_by_text("Utkast")).to_have_count(0)
    link = section.locator("#hub-learning-meetings-all")
    expect(link).to_have_attribute("href", "/laranderesor/?hub=alfa")
    assert_accessible(page)
