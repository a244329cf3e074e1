"""The public pages, navigation, language switch and the login wall."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "home",
    "about",
    "accessibility",
    "hubs:index",
    "learning_journeys:index",
    "accounting:index",
    "toolbox:index",
    "account_login",
    "account_signup",
    "account_reset_password",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_render_for_anonymous_visitors_in_swedish(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert 'href="#main"' in body  # skip link
    for label in ("Hubbar", "Läranderesor", "Redovisning", "Verktygslådan"):
        assert label in body


def test_navigation_marks_the_current_section(client):
    body = client.get(reverse("toolbox:index")).content.decode()
    assert 'href="/verktygslada/" aria-current="page"' in body
    assert 'href="/hubbar/" aria-current' not in body


def test_language_switch_sets_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/hubbar/"})
    assert response.status_code == 302 and response["Location"] == "/hubbar/"
    body = client.get("/hubbar/").content.decode()
    assert '<html lang="en">' in body
    assert "Learning journeys" in body and "Läranderesor" not in body
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_pages_need_login_unless_marked_public(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_hub_landing_lists_hubs_with_a_fixed_number_of_queries(
    client, django_assert_num_queries, hub, other_hub
):
    from tests.factories import HubFactory

    HubFactory(name="House be", slug="house-be")
    # municipality choices of the filter, the hub list (anonymous: no managed hubs)
    with django_assert_num_queries(2):
        body = client.get(reverse("hubs:index")).content.decode()
    assert body.index("House be") < body.index("Kollektivet") < body.index("Samverket")


def test_hub_landing_shows_a_manager_their_hubs(client, django_assert_num_queries, manager):
    client.force_login(manager)
    # session, user, municipality choices, hub list, managed hubs
    with django_assert_num_queries(5):
        body = client.get(reverse("hubs:index")).content.decode()
    assert "Hubbar du förvaltar" in body


def test_profile_queries_are_bounded(client, django_assert_num_queries, admin):
    client.force_login(admin)
    # session, user, memberships (admins hold none, they reach every hub anyway),
    # the organisations of the profile form's select
    with django_assert_num_queries(4):
        body = client.get(reverse("profile")).content.decode()
    assert "Administratör" in body


def test_swedish_is_the_default_whatever_the_browser_prefers(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="sv">' in body


def test_an_unknown_language_cookie_falls_back_to_swedish(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_error_pages_use_the_portal_layout(client, coworker):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert 'href="#main"' in response.content.decode()
    client.force_login(coworker)
    from tests.factories import HubFactory

    hub = HubFactory()
    response = client.get(f"/hubbar/{hub.slug}/arbetsyta/")
    assert response.status_code == 403
    assert 'href="#main"' in response.content.decode()
