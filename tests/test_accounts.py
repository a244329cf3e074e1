"""Sign-up with email verification, login, logout, password reset, email change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def link_from(message) -> str:
    return LINK.search(message.body).group(1)


def test_email_is_the_login_and_is_unique_ignoring_case():
    User = get_user_model()
    user = User.objects.create_user(email="Anna.Berg@Example.org", password=TEST_PASSWORD)
    assert user.email == "anna.berg@example.org"
    assert user.USERNAME_FIELD == "email"
    # Even written past the manager, a differently-cased copy is refused.
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANNA.BERG@example.org")


def test_signup_requires_email_verification_before_login(client):
    response = client.post(
        "/konto/signup/",
        {"email": "ny@example.org", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny@example.org"]
    # Not logged in yet: the account page sends us to the login.
    client.logout()
    response = client.post("/konto/login/", {"login": "ny@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/konto/confirm-email/"
    assert client.get("/konto/profil/").status_code == 302

    confirm_url = link_from(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="ny@example.org").verified
    response = client.post("/konto/login/", {"login": "ny@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/konto/profil/").status_code == 200


def test_signup_with_bad_input_shows_errors_in_swedish_and_creates_nothing(client):
    response = client.post(
        "/konto/signup/", {"email": "inte-en-adress", "password1": "kort", "password2": "annan"}
    )
    assert response.status_code == 200
    assert "Ange en giltig mejladress." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert get_user_model().objects.count() == 0
    assert mail.outbox == []


def test_login_and_logout(client, coworker):
    response = client.post(
        "/konto/login/", {"login": "COWORKER@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/konto/profil/").status_code == 200
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert client.get("/konto/profil/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, coworker):
    response = client.post("/konto/login/", {"login": coworker.email, "password": "fel-lösenord"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, coworker):
    client.post("/konto/password/reset/", {"email": coworker.email})
    assert len(mail.outbox) == 1
    reset_url = link_from(mail.outbox[0])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    new_password = "a-brand-new-passphrase-7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    coworker.refresh_from_db()
    assert coworker.check_password(new_password)


def test_email_change_needs_verification_of_the_new_address(client, coworker):
    client.force_login(coworker)
    response = client.post("/konto/email/", {"action_add": "", "email": "nytt@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    new = EmailAddress.objects.get(email="nytt@example.org")
    assert not new.verified
    client.post(link_from(mail.outbox[0]))
    new.refresh_from_db()
    assert new.verified
    coworker.refresh_from_db()
    # With ACCOUNT_CHANGE_EMAIL the verified new address replaces the old one.
    assert coworker.email == "nytt@example.org"
    assert list(EmailAddress.objects.filter(user=coworker).values_list("email", flat=True)) == [
        "nytt@example.org"
    ]


def test_profile_lists_the_roles(client, manager, hub):
    client.force_login(manager)
    body = client.get("/konto/profil/").content.decode()
    assert "Samverket" in body


def test_user_factory_users_are_verified():
    user = UserFactory()
    assert EmailAddress.objects.filter(user=user, verified=True).exists()
