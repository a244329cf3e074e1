"""Login brute-force protection (django-axes, coworking_region/lockout.py):
failures through allauth's form and the admin's count together per username
and address, the lock is a translated 429 page saying until when, it ends
after the cool-off or a password reset, and allauth's own limits still apply."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
ADMIN_LOGIN = "/admin/login/"
HOME_IP = "198.51.100.7"
ATTACKER_IP = "203.0.113.66"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=STOCKHOLM)
WRONG_PASSWORD = "wrong-password-1"


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    cache.clear()
    yield
    cache.clear()


def login(client, email, password=WRONG_PASSWORD, ip=HOME_IP, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip, **extra)


def admin_login(client, email, password=WRONG_PASSWORD, ip=HOME_IP):
    return client.post(
        ADMIN_LOGIN, {"username": email, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock(client, email, ip=HOME_IP):
    statuses = [login(client, email, ip=ip).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_allauth_failures_are_counted_and_the_fifth_locks(client, coworker):
    for expected in range(1, 5):
        response = login(client, coworker.email)
        assert response.status_code == 200
        assert 'class="form-errors"' in response.content.decode()
        attempt = AccessAttempt.objects.get()
        assert (attempt.username, attempt.ip_address) == (coworker.email, HOME_IP)
        assert attempt.failures_since_start == expected
        assert "wrong-password" not in attempt.post_data

    response = login(client, coworker.email)
    assert response.status_code == 429
    assert "account/lockout.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert 'name="password"' not in body  # the lockout page, not the login form
    assert '<html lang="sv">' in body and 'href="#main"' in body  # the portal layout
    assert f'href="{reverse("account_reset_password")}"' in body
    assert 900 - 5 <= int(response["Retry-After"]) <= 900
    assert "no-store" in response["Cache-Control"]

    # Locked: even the right password does not log in.
    response = login(client, coworker.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_address_is_compared_ignoring_case_and_spaces(client, coworker):
    variants = ["Coworker@Example.org", " COWORKER@example.org ", coworker.email]
    statuses = [login(client, variants[n % 3]).status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_a_lock_holds_only_for_that_username_from_that_address(client, coworker):
    other = UserFactory(email="other@example.org")
    lock(client, coworker.email, ip=ATTACKER_IP)

    # The real user at home is not locked out by the attacker ...
    response = login(client, coworker.email, TEST_PASSWORD, ip=HOME_IP)
    assert response.status_code == 302 and logged_in(client)
    client.logout()
    # ... and the attacker's address may still log in to another account.
    response = login(client, other.email, TEST_PASSWORD, ip=ATTACKER_IP)
    assert response.status_code == 302 and logged_in(client)


def test_admin_login_failures_count_with_the_portal_login(client, admin):
    for _ in range(3):
        assert admin_login(client, admin.email).status_code == 200
    assert login(client, admin.email).status_code == 200
    response = admin_login(client, admin.email.upper())
    assert response.status_code == 429
    assert "account/lockout.html" in [t.name for t in response.templates]
    assert admin_login(client, admin.email, TEST_PASSWORD).status_code == 429
    assert not logged_in(client)
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_a_successful_login_resets_the_count(client, coworker):
    for _ in range(4):
        login(client, coworker.email)
    assert login(client, coworker.email, TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    for _ in range(4):
        assert login(client, coworker.email).status_code == 200


def test_the_page_says_until_when_and_the_lock_ends_after_the_cool_off(client, coworker):
    with time_machine.travel(T0, tick=False) as traveller:
        lock(client, coworker.email)
        traveller.shift(timedelta(minutes=10))
        # Attempts while locked are refused but do not push the end further.
        response = login(client, coworker.email, TEST_PASSWORD)
        assert response.status_code == 429
        assert int(response["Retry-After"]) == 5 * 60
        body = response.content.decode()
        assert re.search(r'id="lockout-retry".*10:15', body, re.S)
        assert AccessAttempt.objects.get().failures_since_start == 5

        traveller.shift(timedelta(minutes=5, seconds=1))
        response = login(client, coworker.email, TEST_PASSWORD)
        assert response.status_code == 302 and logged_in(client)


def test_the_lockout_page_follows_the_chosen_language(client, coworker, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(T0, tick=False):
        lock(client, coworker.email)
        body = login(client, coworker.email).content.decode()
    assert '<html lang="en">' in body
    assert "Too many failed login attempts" in body
    assert "You can log in again at 10:15 (in about 15 minutes)." in body


def test_a_password_reset_lifts_the_lock(client, coworker):
    lock(client, coworker.email)
    client.post(reverse("account_reset_password"), {"email": coworker.email})
    reset_url = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    new_password = "a-brand-new-passphrase-7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=coworker.email).exists()
    assert login(client, coworker.email, new_password).status_code == 302


def test_failures_are_logged_one_by_one_and_successful_logins_are_not(client, coworker):
    login(client, coworker.email)
    login(client, coworker.email)
    assert AccessFailureLog.objects.filter(username=coworker.email).count() == 2
    assert login(client, coworker.email, TEST_PASSWORD).status_code == 302
    assert not AccessLog.objects.exists()


def test_behind_a_proxy_each_client_address_counts_apart(client, coworker, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_ORDER = "right-most"
    proxy = "10.0.0.2"
    # The attacker forges a left-most entry; the proxy appends the real address.
    for _ in range(5):
        response = login(
            client,
            coworker.email,
            ip=proxy,
            HTTP_X_FORWARDED_FOR=f"{HOME_IP}, {ATTACKER_IP}",
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == ATTACKER_IP
    # The real user's requests come through the same proxy, from their own address.
    response = login(client, coworker.email, TEST_PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=HOME_IP)
    assert response.status_code == 302 and logged_in(client)


def test_allauths_own_limit_still_stops_spraying_many_usernames(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    statuses = [
        login(client, f"guess{n}@example.org", ip=ATTACKER_IP).status_code for n in range(10)
    ]
    assert statuses == [200] * 10
    # Each guessed username failed once, below the lock, but allauth's per-address
    # limit refuses the eleventh attempt without trying the password.
    response = login(client, "guess10@example.org", ip=ATTACKER_IP)
    assert response.status_code == 200
    assert "guess10@example.org" not in set(
        AccessAttempt.objects.values_list("username", flat=True)
    )
    assert "form-errors" in response.content.decode()


def test_a_locked_login_costs_a_bounded_number_of_queries(
    client, coworker, django_assert_max_num_queries
):
    lock(client, coworker.email)
    # Measured 4 queries; bounded whatever the number of earlier failures.
    with django_assert_max_num_queries(5):
        assert login(client, coworker.email, TEST_PASSWORD).status_code == 429


def test_with_allauths_limits_on_a_locked_login_is_still_refused(client, coworker, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    lock(client, coworker.email)
    # allauth's per-address limit (5 in 5 minutes) now answers first with its own
    # message; either way the right password does not log in.
    response = login(client, coworker.email, TEST_PASSWORD)
    assert response.status_code in (200, 429)
    assert not logged_in(client)
