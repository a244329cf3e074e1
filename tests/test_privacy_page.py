"""The privacy notice (/integritet/): public, Swedish by default, linked from
every page's footer and from the about page, with retention periods read from
the settings in force."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/integritet/"


def retention_text(body: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</dd>', body, re.S)
    assert match, element_id
    return " ".join(match.group(1).split())


def test_the_notice_is_public_and_swedish_by_default(client):
    assert reverse("privacy") == URL
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert "Region Jämtland Härjedalen" in body
    # The user's rights lead to the pages that carry them out.
    for url in ("/konto/mina-uppgifter/", "/konto/radera/", "/konto/profil/"):
        assert f'href="{url}"' in body
    # Complaints go to the supervisory authority.
    assert 'href="https://www.imy.se"' in body and "Integritetsskyddsmyndigheten" in body
    # The small-count rule, as the rest of the portal applies it.
    assert "“<5”" in body


def test_every_kind_of_personal_data_is_covered(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(URL).content.decode()
    assert '<html lang="en">' in body
    for heading in (
        "Your account",
        "Registrations for learning meetings",
        "Feedback on meetings",
        "Reviews in the toolbox",
        "Audit trail",
        "Failed logins",
        "Emails we send",
        "Cookies",
    ):
        assert f"<h3>{heading}</h3>" in body
    assert body.count("<dt>Legal basis</dt>") == 7


def test_retention_periods_are_the_settings_in_force(client, settings):
    body = client.get(URL).content.decode()
    assert "365" in retention_text(body, "retention-learning")
    assert retention_text(body, "retention-failed-logins").startswith("30 ")
    assert retention_text(body, "retention-audit").startswith("730 ")
    assert retention_text(body, "retention-outbox").startswith("30 ")

    settings.LEARNING_RETENTION_DAYS = 400
    settings.FAILED_LOGIN_RETENTION_DAYS = 45
    settings.AUDIT_RETENTION_DAYS = 1000
    settings.OUTBOX_RETENTION_DAYS = 12
    body = client.get(URL).content.decode()
    assert "400" in retention_text(body, "retention-learning")
    assert "365" not in retention_text(body, "retention-learning")
    assert retention_text(body, "retention-failed-logins").startswith("45 ")
    assert retention_text(body, "retention-audit").startswith("1000 ")
    assert retention_text(body, "retention-outbox").startswith("12 ")


def test_one_day_is_singular(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.FAILED_LOGIN_RETENTION_DAYS = 1
    body = client.get(URL).content.decode()
    assert retention_text(body, "retention-failed-logins") == "1 day, then deleted."


def test_contact_is_the_configured_address_or_the_regions_website(client, settings):
    body = client.get(URL).content.decode()
    assert 'href="https://www.regionjh.se"' in body and "mailto:" not in body
    settings.PRIVACY_CONTACT_EMAIL = "dataskydd@example.org"
    body = client.get(URL).content.decode()
    assert 'href="mailto:dataskydd@example.org"' in body


@pytest.mark.parametrize("path", ["/", "/om/", "/tillganglighet/"])
def test_the_footer_links_to_the_notice_next_to_the_accessibility_statement(client, path):
    body = client.get(path).content.decode()
    footer = body[body.index('<footer class="site-footer">') :]
    assert footer.index(f'href="{URL}"') < footer.index('href="/tillganglighet/"')


def test_the_about_page_links_to_the_notice_instead_of_repeating_it(client):
    body = client.get("/om/").content.decode()
    main = body[body.index('<main id="main"') : body.index("</main>")]
    assert f'href="{URL}"' in main
    assert "tracking cookies" not in main and "spårningskakor" not in main


def test_the_notice_costs_few_queries(client, coworker, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get(URL).status_code == 200
    client.force_login(coworker)
    # session, user
    with django_assert_max_num_queries(2):
        assert client.get(URL).status_code == 200
