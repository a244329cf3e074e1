"""The public hub pages in a real browser: Leaflet map, filters, hub page, axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from hubs.models import Amenity
from tests.browser.axe import assert_accessible
from tests.factories import (
    ActivityFactory,
    CountyEventFactory,
    HubFactory,
    MunicipalityFactory,
    OccupancyFactory,
)


@pytest.fixture
def hubs(live):
    ostersund = MunicipalityFactory()
    harjedalen = MunicipalityFactory(
        code="2361",
        name="Härjedalen",
        population=10000,
        land_area_km2="11000.00",
        area_class="rural",
    )
    alfa = HubFactory(
        name="Alfa",
        slug="alfa",
        municipality=ostersund,
        amenities=[Amenity.WIFI, Amenity.KITCHEN],
        niche="Myndighetssamverkan",
        description="Ett hus för myndigheter.",
        contact_email="hej@alfa.example",
    )
    HubFactory(
        name="Beta",
        slug="beta",
        municipality=harjedalen,
        latitude="62.034",
        longitude="14.360",
        amenities=[Amenity.WIFI],
    )
    HubFactory(
        name="Gamma",
        slug="gamma",
        municipality=harjedalen,
        latitude="62.530",
        longitude="13.850",
        is_example=True,
    )
    HubFactory(name="Delta", slug="delta", municipality=harjedalen, latitude=None, longitude=None)
    HubFactory(name="Stängd", slug="stangd", municipality=ostersund, is_active=False)
    now = timezone.now()
    ActivityFactory(hub=alfa, starts_at=now + timedelta(days=3), title="Frukost framåt")
    ActivityFactory(hub=alfa, starts_at=now - timedelta(days=10), participants=3)
    OccupancyFactory(hub=alfa, date=timezone.localdate() - timedelta(days=2), desk_days=8)
    return {"alfa": alfa}


def markers(page: Page):
    return page.locator("#hub-map .leaflet-marker-icon")


def test_directory_map_filter_and_hub_page(page: Page, live, hubs):
    page.goto(live + "/hubbar/")
    expect(page.locator("#hub-map.leaflet-container")).to_be_visible()
    expect(markers(page)).to_have_count(3)  # Delta has no coordinates
    expect(page.locator("#hub-map")).to_have_attribute("data-boundaries-loaded", "true")
    expect(page.locator("#hub-map path.leaflet-interactive, #hub-map path")).to_have_count(8)
    expect(page.locator("#hub-list > li")).to_have_count(4)
    expect(page.locator('#hub-list > li[data-hub="gamma"] [data-example-badge]')).to_be_visible()
    assert_accessible(page)

    # The example hub's popup carries the badge and links to the hub page.
    page.locator('#hub-map .leaflet-marker-icon[title^="Gamma"]').click()
    popup = page.locator("#hub-map .leaflet-popup")
    expect(popup.locator('a[href="/hubbar/gamma/"]')).to_be_visible()
    expect(popup.locator("[data-example-badge]")).to_be_visible()

    # Filter by municipality: list and markers follow, the URL can be shared.
    page.locator("#id_municipality").select_option("2361")
    page.locator("#hub-filter-submit").click()
    expect(page).to_have_url(re.compile(r"municipality=2361"))
    expect(page.locator("#hub-list > li")).to_have_count(3)
    expect(markers(page)).to_have_count(2)
    expect(page.locator('#hub-list > li[data-hub="alfa"]')).to_have_count(0)
    expect(page.locator("#hub-results-status")).not_to_be_empty()
    expect(popup).to_have_count(0)  # the open popup went with its marker

    # Both filters together.
    page.locator("#id_amenity").select_option("wifi")
    page.locator("#hub-filter-submit").click()
    expect(page.locator("#hub-list > li")).to_have_count(1)
    expect(markers(page)).to_have_count(1)
    assert_accessible(page)

    # Back to all hubs, then open a hub page from the list.
    page.locator("#hub-filter-reset").click()
    expect(page.locator("#hub-list > li")).to_have_count(4)
    page.locator('#hub-list > li[data-hub="alfa"] h3 a').click()
    expect(page).to_have_url(live + "/hubbar/alfa/")
    expect(page.locator("#hub-map.leaflet-container")).to_be_visible()
    expect(markers(page)).to_have_count(1)
    expect(page.locator("#upcoming-activities tbody tr")).to_have_count(1)
    expect(page.locator('[data-summary="participants"]')).to_have_text("<5")
    assert_accessible(page)


def test_filters_work_without_javascript(browser: Browser, live, hubs):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live + "/hubbar/")
        expect(page.locator("#hub-map")).to_be_hidden()  # no empty map box
        page.locator("#id_amenity").select_option("kitchen")
        page.locator("#hub-filter-submit").click()
        expect(page).to_have_url(re.compile(r"amenity=kitchen"))
        expect(page.locator("#hub-list > li")).to_have_count(1)
        expect(page.locator('#hub-list > li[data-hub="alfa"]')).to_have_count(1)
    finally:
        context.close()


def test_example_hub_page_and_event_calendar_are_accessible(page: Page, live, hubs):
    page.goto(live + "/hubbar/gamma/")
    expect(page.locator("#example-notice")).to_be_visible()
    expect(markers(page)).to_have_count(1)
    assert_accessible(page)

    yran = CountyEventFactory(name="Storsjöyran", slug="storsjoyran", months=[6, 7])
    CountyEventFactory(name="Okänt", slug="okant", months=[])
    ActivityFactory(hub=hubs["alfa"], county_event=yran)
    page.goto(live + "/hubbar/evenemang/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator('tr[data-event="storsjoyran"]')).to_have_count(2)
    expect(page.locator('[data-month="unknown"] tr[data-event="okant"]')).to_have_count(1)
    assert_accessible(page)
