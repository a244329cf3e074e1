"""A community manager imports a spreadsheet: upload, preview, confirm (and axe on each page)."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from hubs.models import Activity
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import HubFactory, HubManagerFactory

FILES = Path(__file__).resolve().parents[1] / "hubs" / "files"


def test_manager_uploads_previews_and_confirms_a_csv(page: Page, live):
    hub = HubFactory(name="Samverket", slug="samverket")
    manager = HubManagerFactory(hub=hub).user
    log_in(page, live, manager.email)
    upload = f"{live}/hubbar/{hub.slug}/arbetsyta/import/"

    page.goto(upload)
    expect(page.locator("#import-upload-form")).to_be_visible()
    assert_accessible(page)

    # A file with a bad row: the preview lists the error and the confirm button is disabled.
    page.locator("#id_kind_0").check()
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "fel.csv",
                "mimeType": "text/csv",
                "buffer": b"datum,titel,typ,varaktighet_min,deltagare\n"
                b"2026-05-04,Lunch,lunch,60,11\n2026-05-32,Fel,lunch,60,11\n",
            }
        ],
    )
    page.locator("#import-preview-button").click()
    expect(page.locator('#import-error-table tr[data-row="3"]')).to_be_visible()
    expect(page.locator("#import-confirm-button")).to_be_disabled()
    assert_accessible(page)

    # A good file: preview, then confirm.
    page.goto(upload)
    page.locator("#id_kind_0").check()
    page.set_input_files("#id_file", str(FILES / "activities_bom.csv"))
    page.locator("#import-preview-button").click()
    expect(page.locator("#import-rows tbody tr")).to_have_count(2)
    expect(page.locator("#import-summary")).to_have_attribute("data-created", "2")
    expect(page.locator("#import-confirm-button")).to_be_enabled()
    assert_accessible(page)
    assert not Activity.objects.filter(hub=hub).exists()

    page.locator("#import-confirm-button").click()
    expect(page).to_have_url(re.compile(r"/arbetsyta/import/$"))
    expect(page.locator(".message-success")).to_be_visible()
    assert set(Activity.objects.filter(hub=hub).values_list("title", flat=True)) == {
        "Lunchträff",
        "Workshop om hållbarhet",
    }
    assert_accessible(page)
