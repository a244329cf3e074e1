"""Signing up for a learning meeting in a real browser: one click with the
keyboard, the confirmation email's cancel link opened without logging in,
the guest double opt-in, feedback; axe on every page."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coworking_region.models import OutboxEmail
from learning_journeys.models import Feedback, Registration
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    HubFactory,
    LearningJourneyFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

COWORKER = "coworker@example.org"


@pytest.fixture
def meeting(live):
    hub = HubFactory(name="Samverket", slug="samverket")
    journey = LearningJourneyFactory(title="Hybrid work in Jämtland", description="Why we travel.")
    OrganisationFactory(name="Länsstyrelsen Jämtlands län")
    UserFactory(email=COWORKER)
    # Another meeting that is already full, so the list shows both states.
    full = MeetingFactory(journey=journey, hub=hub, capacity=1, title="Study visit Trondheim")
    RegistrationFactory(meeting=full)
    return MeetingFactory(journey=journey, hub=hub, capacity=3, title="Lärandeträff 7")


def local_path(url: str) -> str:
    """An emailed absolute URL (SITE_URL) as a path for the live server."""
    return urlsplit(url).path


def emailed_link(to: str, path_part: str) -> str:
    bodies = OutboxEmail.objects.filter(to=to).values_list("body", flat=True)
    for body in bodies:
        match = re.search(rf"https?://\S+/{path_part}/\S+/", body)
        if match:
            return local_path(match.group(0))
    raise AssertionError(f"no /{path_part}/ link emailed to {to}")


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element has focus: proves it is keyboard reachable."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} was not reached with Tab")


def test_coworker_signs_up_with_keyboard_and_cancels_from_the_email(
    page: Page, browser, live, meeting
):
    page.goto(live + "/laranderesor/")
    expect(page.locator(f'[data-meeting="{meeting.pk}"]')).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lärandeträff 7").click()
    expect(page.locator("#guest-signup-link")).to_be_visible()
    assert_accessible(page)
    journey_url = page.locator(
        "#meeting-facts a", has_text="Hybrid work in Jämtland"
    ).get_attribute("href")

    log_in(page, live, COWORKER, next_path=meeting.get_absolute_url())
    expect(page).to_have_url(re.compile(rf"/laranderesor/traffar/{meeting.pk}/$"))
    assert_accessible(page)

    # One click, with the keyboard: Tab to the button and press Enter.
    page.locator("body").focus()
    tab_to(page, "#signup-button")
    page.keyboard.press("Enter")
    expect(page.locator("#my-registration")).to_have_attribute("data-status", "confirmed")
    assert_accessible(page)
    registration = Registration.objects.get(meeting=meeting, user__email=COWORKER)
    assert registration.status == Registration.Status.CONFIRMED

    page.goto(live + "/laranderesor/mina/")
    expect(page.locator(f'[data-registration="{registration.pk}"]')).to_have_attribute(
        "data-status", "confirmed"
    )
    assert_accessible(page)

    page.goto(live + journey_url)
    assert_accessible(page)

    # The confirmation email carries a cancel link that works without logging in.
    cancel_path = emailed_link(COWORKER, "avboka")
    context = browser.new_context(bypass_csp=True)  # axe is injected inline
    try:
        anonymous = context.new_page()
        anonymous.goto(live + cancel_path)
        expect(anonymous.locator("#registration-status")).to_have_attribute(
            "data-status", "confirmed"
        )
        assert_accessible(anonymous)
        anonymous.locator("#link-cancel-button").click()
        expect(anonymous.locator("#cancel-done")).to_be_visible()
        expect(anonymous.locator("#registration-status")).to_have_attribute(
            "data-status", "cancelled"
        )
        assert_accessible(anonymous)
    finally:
        context.close()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_full_meeting_offers_the_waitlist(page: Page, live, meeting):
    full = MeetingFactory(hub=meeting.hub, journey=meeting.journey, capacity=1, title="Full house")
    RegistrationFactory(meeting=full)
    log_in(page, live, COWORKER, next_path=full.get_absolute_url())
    waitlist = page.locator("#waitlist-button")
    expect(waitlist).to_be_visible()
    waitlist.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#my-registration")).to_have_attribute("data-position", "1")
    assert_accessible(page)
    assert Registration.objects.get(meeting=full, user__email=COWORKER).status == "waitlisted"


def test_guest_signs_up_and_confirms_through_the_email(page: Page, live, meeting):
    page.goto(live + meeting.get_absolute_url())
    page.locator("#guest-signup-link").click()
    expect(page.locator("#guest-form")).to_be_visible()
    assert_accessible(page)

    # First without consent and with a broken address: errors, nothing saved.
    page.locator("input[name=name]").fill("Greta Gäst")
    page.locator("input[name=email]").fill("greta-at-example")
    page.locator("#guest-submit").click()
    expect(page.locator("#guest-form-errors")).to_be_visible()
    email = page.locator("input[name=email]")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=consent]")).to_have_attribute("aria-invalid", "true")
    for described in email.get_attribute("aria-describedby").split():
        assert page.locator(f"#{described}").count() == 1
    assert_accessible(page)
    assert not Registration.objects.filter(user=None).exists()

    email.fill("greta@myndighet.example")
    page.locator("select[name=organisation]").select_option(label="Länsstyrelsen Jämtlands län")
    page.locator("input[name=consent]").check()
    page.locator("#guest-submit").click()
    expect(page.locator("#guest-check-email")).to_be_visible()
    assert_accessible(page)
    guest = Registration.objects.get(email="greta@myndighet.example")
    assert guest.status == Registration.Status.PENDING

    page.goto(live + emailed_link("greta@myndighet.example", "bekrafta"))
    expect(page.locator("#confirm-button")).to_be_visible()
    assert_accessible(page)
    guest.refresh_from_db()
    assert guest.status == Registration.Status.PENDING  # opening the link confirms nothing
    page.locator("#confirm-button").click()
    expect(page.locator("#registration-status")).to_have_attribute("data-status", "confirmed")
    assert_accessible(page)
    guest.refresh_from_db()
    assert guest.status == Registration.Status.CONFIRMED

    page.goto(live + "/laranderesor/bekrafta/not-a-real-link/")
    expect(page.locator("#link-invalid")).to_be_visible()
    assert_accessible(page)


def test_participant_gives_feedback(page: Page, live, meeting):
    start = timezone.now() - timedelta(days=2)
    held = MeetingFactory(
        hub=meeting.hub,
        journey=meeting.journey,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    registration = RegistrationFactory(
        meeting=held, user=UserFactory(email="participant@example.org")
    )
    log_in(page, live, "participant@example.org", next_path="/laranderesor/mina/")
    page.locator(f'[data-feedback="{held.pk}"]').click()
    expect(page.locator("#feedback-form")).to_be_visible()
    assert_accessible(page)

    page.locator("#feedback-submit").click()
    expect(page.locator("#feedback-form-errors")).to_be_visible()
    assert_accessible(page)

    page.locator("input[name=rating][value='4']").check()
    page.locator("textarea[name=will_do_differently]").fill("Work from the hub on Fridays")
    page.locator("#feedback-submit").click()
    expect(page).to_have_url(re.compile(r"/laranderesor/mina/$"))
    feedback = Feedback.objects.get()
    assert (feedback.registration_id, feedback.rating) == (registration.pk, 4)
