"""Rate limits: meeting sign-ups through the pages and API writes, with a
clear message when hit (allauth limits login, sign-up and password reset)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from coworking_region.throttling import WriteRateThrottle
from learning_journeys.models import Registration
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache.clear()
    settings.SIGNUP_RATE_LIMIT = 2
    settings.SIGNUP_RATE_PERIOD_SECONDS = 60
    yield
    cache.clear()


def test_guest_sign_ups_from_one_address_are_limited(client, hub):
    meetings = MeetingFactory.create_batch(3, hub=hub)
    for i, meeting in enumerate(meetings[:2]):
        url = reverse("learning_journeys:guest-register", kwargs={"pk": meeting.pk})
        data = {"name": "Ann", "email": f"ann{i}@example.org", "consent": "on"}
        assert client.post(url, data).status_code == 200
    url = reverse("learning_journeys:guest-register", kwargs={"pk": meetings[2].pk})
    response = client.post(url, {"name": "Ann", "email": "ann3@example.org", "consent": "on"})
    assert response.status_code == 429
    assert 'class="form-errors"' in response.content.decode()
    assert not Registration.objects.filter(email="ann3@example.org").exists()


def test_signed_in_sign_ups_are_limited_per_user(client, coworker, hub):
    client.force_login(coworker)
    meetings = MeetingFactory.create_batch(3, hub=hub)
    for meeting in meetings:
        client.post(reverse("learning_journeys:meeting-register", kwargs={"pk": meeting.pk}))
    assert Registration.objects.filter(user=coworker).count() == 2


def test_api_writes_are_throttled_reads_are_not(client, coworker, hub, monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "THROTTLE_RATES", {"write": "2/minute"})
    client.force_login(coworker)
    meetings = MeetingFactory.create_batch(3, hub=hub)
    statuses = [
        client.post(
            f"/api/meetings/{m.pk}/registration/", {}, content_type="application/json"
        ).status_code
        for m in meetings
    ]
    assert statuses[:2] == [201, 201] and statuses[2] == 429
    assert Registration.objects.filter(user=coworker).count() == 2
    for _ in range(5):
        assert client.get("/api/meetings/").status_code == 200
