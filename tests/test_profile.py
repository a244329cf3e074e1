"""The profile page: name and organisation (used by the toolbox's "approved for
my organisation")."""

import pytest

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/konto/profil/"


def test_profile_needs_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    response = client.post(PROFILE, {"name": "X"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_profile_form_lists_organisations_by_name(client, coworker):
    OrganisationFactory(name="Östersunds kommun", kind="municipality")
    OrganisationFactory(name="Försäkringskassan")
    OrganisationFactory(name="Bolagsverket")
    client.force_login(coworker)
    response = client.get(PROFILE)
    assert response.status_code == 200
    form = response.context["form"]
    assert [o.name for o in form.fields["organisation"].queryset] == [
        "Bolagsverket",
        "Försäkringskassan",
        "Östersunds kommun",
    ]
    body = response.content.decode()
    assert 'id="profile-form"' in body and 'name="organisation"' in body
    assert 'aria-describedby="id_organisation_helptext"' in body
    assert not form.fields["organisation"].required


def test_set_and_clear_name_and_organisation(client, coworker):
    region = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    client.force_login(coworker)
    response = client.post(PROFILE, {"name": "Anna Berg", "organisation": region.pk}, follow=True)
    assert response.redirect_chain == [(PROFILE, 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    coworker.refresh_from_db()
    assert (coworker.name, coworker.organisation) == ("Anna Berg", region)
    # The form shows the stored values.
    assert response.context["form"].initial["organisation"] == region.pk
    response = client.post(PROFILE, {"name": "", "organisation": ""})
    assert response.status_code == 302
    coworker.refresh_from_db()
    assert (coworker.name, coworker.organisation) == ("", None)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Anna", "organisation": "999999"}, "organisation"),
        ({"name": "Anna", "organisation": "region"}, "organisation"),
        ({"name": "x" * 151, "organisation": ""}, "name"),
    ],
)
def test_invalid_input_re_renders_with_errors_and_changes_nothing(client, data, field):
    region = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    user = UserFactory(name="Före", organisation=region)
    client.force_login(user)
    response = client.post(PROFILE, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert 'id="profile-form-errors"' in body and 'aria-invalid="true"' in body
    user.refresh_from_db()
    assert (user.name, user.organisation) == ("Före", region)


def test_profile_changes_only_the_signed_in_user(client, coworker):
    other = UserFactory(name="Annan")
    region = OrganisationFactory()
    client.force_login(coworker)
    client.post(PROFILE, {"name": "Jag", "organisation": region.pk, "email": other.email})
    other.refresh_from_db()
    coworker.refresh_from_db()
    assert other.name == "Annan" and other.organisation is None
    assert coworker.email == "coworker@example.org"


def test_profile_query_count_does_not_grow_with_organisations(
    client, coworker, django_assert_num_queries
):
    for _n in range(15):
        OrganisationFactory()
    client.force_login(coworker)
    # session, user, managed hubs, the organisations of the select
    with django_assert_num_queries(4):
        assert client.get(PROFILE).status_code == 200
