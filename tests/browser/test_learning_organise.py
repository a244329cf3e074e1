"""The organiser's pages in a real browser: check-in on a phone-sized screen
(390 x 844), with the keyboard and by tapping, and axe on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from learning_journeys.models import Feedback, Meeting, Registration
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import (
    HubFactory,
    HubManagerFactory,
    LearningJourneyFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

RS = Registration.Status
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def organiser_setup(live):
    hub = HubFactory(name="Samverket", slug="samverket")
    HubManagerFactory(hub=hub, user=UserFactory(email="cm@example.org", name="Cecilia Manager"))
    journey = LearningJourneyFactory(hub=hub, title="Hybrid work in Jämtland")
    agency = OrganisationFactory(name="Försäkringskassan")
    OrganisationFactory(name="Trafikverket")
    # Started an hour ago: check-in time, and the report form is open.
    start = timezone.now() - timedelta(hours=1)
    meeting = MeetingFactory(
        journey=journey,
        hub=hub,
        title="Lärandeträff 7: Att leda på distans",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=12,
    )
    people = [
        RegistrationFactory(
            meeting=meeting,
            name=name,
            organisation=agency if i % 2 else None,
            organisation_name="" if i % 2 else "Ett mycket långt organisationsnamn AB i Östersund",
        )
        for i, name in enumerate(
            ["Anna Andersson", "Bertil Bengtsson", "Cecilia Carlsson-Åkerström", "David Dahl"]
        )
    ]
    RegistrationFactory(meeting=meeting, name="Erik Ek", status=RS.WAITLISTED)
    for rating in (5, 4, 4, 3, 5):
        Feedback.objects.create(
            meeting=meeting,
            registration=RegistrationFactory(meeting=meeting, status=RS.ATTENDED),
            rating=rating,
            comment="Bra träff",
        )
    return {"hub": hub, "journey": journey, "meeting": meeting, "people": people}


def assert_no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_community_manager_checks_people_in_on_a_phone(new_context, live, organiser_setup):
    meeting = organiser_setup["meeting"]
    anna, bertil, cecilia, _david = organiser_setup["people"]
    base = f"{live}/laranderesor/arrangera/"
    # A touch screen, so taps are real touch events.
    page = new_context(has_touch=True, is_mobile=True).new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live, "cm@example.org")

    page.goto(base)
    expect(page.locator(f'[data-meeting="{meeting.pk}"]')).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.goto(f"{base}traffar/{meeting.pk}/deltagare/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # Keyboard: focus Anna's "Here" button and press Enter (htmx swaps the row).
    anna_row = page.locator(f"#registration-{anna.pk}")
    anna_here = page.locator(f"#attended-{anna.pk}")
    anna_here.focus()
    page.keyboard.press("Enter")
    expect(anna_row).to_have_attribute("data-status", "attended")
    expect(anna_here).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#attendance-status")).not_to_be_empty()
    # Focus stays on the same button after the swap, so the next Tab goes on.
    expect(anna_here).to_be_focused()

    # Touch: tap Bertil's "Here"; mark Cecilia as not come, then undo it.
    page.locator(f"#attended-{bertil.pk}").tap()
    expect(page.locator(f"#registration-{bertil.pk}")).to_have_attribute("data-status", "attended")
    page.locator(f"#no-show-{cecilia.pk}").tap()
    expect(page.locator(f"#registration-{cecilia.pk}")).to_have_attribute("data-status", "no_show")
    page.locator(f"#no-show-{cecilia.pk}").tap()
    expect(page.locator(f"#registration-{cecilia.pk}")).to_have_attribute(
        "data-status", "confirmed"
    )

    statuses = dict(
        Registration.objects.filter(pk__in=[anna.pk, bertil.pk, cecilia.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {anna.pk: RS.ATTENDED, bertil.pk: RS.ATTENDED, cecilia.pk: RS.CONFIRMED}
    assert Registration.objects.get(pk=anna.pk).checked_in_at is not None
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # The check-in buttons are big enough to hit with a thumb.
    box = page.locator(f"#attended-{anna.pk}").bounding_box()
    assert box["height"] >= 44


def test_organiser_pages_are_accessible(page: Page, live, organiser_setup):
    meeting = organiser_setup["meeting"]
    base = f"{live}/laranderesor/arrangera/"
    page.set_viewport_size(PHONE)
    log_in(page, live, "cm@example.org")

    # The meeting form, blank and then with errors.
    page.goto(base + "traffar/ny/")
    expect(page.locator("#meeting-form")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=title]").fill("Workshop")
    page.locator("input[name=starts_at]").fill("2030-05-14T10:00")
    page.locator("input[name=ends_at]").fill("2030-05-14T09:00")
    page.locator("select[name=hub]").select_option("")
    page.locator("#meeting-save").click()
    expect(page.locator("[data-testid=form-errors]")).to_be_visible()
    ends_at = page.locator("input[name=ends_at]")
    expect(ends_at).to_have_attribute("aria-invalid", "true")
    error_id = ends_at.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").count() == 1
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    assert not Meeting.objects.filter(title="Workshop").exists()

    # The journey form.
    page.goto(base + "resor/ny/")
    expect(page.locator("#journey-form")).to_be_visible()
    assert_accessible(page)

    for path, marker in [
        (f"traffar/{meeting.pk}/redigera/", "#meeting-form"),
        (f"traffar/{meeting.pk}/rapport/", "#report-form"),
        (f"traffar/{meeting.pk}/aterkoppling/", "#feedback-distribution"),
        (f"traffar/{meeting.pk}/reserverade-platser/", "#reservations-form"),
        (f"traffar/{meeting.pk}/meddelande/", "#message-form"),
        (f"traffar/{meeting.pk}/stall-in/", "#meeting-cancel-form"),
    ]:
        page.goto(base + path)
        expect(page.locator(marker)).to_be_visible()
        assert_no_horizontal_scroll(page)
        assert_accessible(page)

    # Add an insight with the keyboard-reachable form.
    page.goto(base + f"traffar/{meeting.pk}/rapport/")
    page.locator("input[name=kind][value=next_step]").check()
    page.locator("textarea[name=text]").fill("Bjud in fler myndigheter nästa gång.")
    page.locator("#insight-add").click()
    expect(page.locator("[data-kind=next_step]")).to_be_visible()
    assert_accessible(page)
