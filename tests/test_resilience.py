"""Outages in-process (fast): the cache without Redis, the 503 page for a
database outage, /healthz naming the database. The same with real processes
that are stopped and killed: tests/integration/test_faults.py."""

import logging
import socket

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from coworking_region import cache as resilient
from coworking_region.lib.heartbeat import heartbeat_record
from coworking_region.lib.ratelimit import too_many
from tests.factories import TEST_PASSWORD, UserFactory


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture(autouse=True)
def _closed_circuit():
    resilient.circuit_close()
    yield
    resilient.circuit_close()


@pytest.fixture
def redis_down(settings):
    url = closed_port_url()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    return url


def test_the_cache_works_normally_with_redis():
    keys = ["resilience:probe", "resilience:count", "resilience:missing"]
    cache.delete_many(keys)
    cache.set("resilience:probe", {"n": 1}, 30)
    assert cache.get("resilience:probe") == {"n": 1}
    assert cache.add("resilience:probe", 2) is False
    assert cache.add("resilience:count", 1) is True
    assert cache.incr("resilience:count") == 2
    with pytest.raises(ValueError):
        cache.incr("resilience:missing")
    cache.delete_many(keys)


def test_without_redis_the_cache_is_a_dummy_cache_and_never_raises(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="coworking_region.cache"):
        assert cache.get("k", "default") == "default"
        assert cache.set("k", 1) is None
        assert cache.add("k", 1) is True
        assert cache.get_many(["k", "j"]) == {}
        assert cache.has_key("k") is False
        assert cache.delete("k") is False
        assert cache.touch("k") is False
        assert cache.set_many({"k": 1}) == []
        cache.delete_many(["k"])
        with pytest.raises(ValueError):
            cache.incr("k")
    warnings = [r for r in caplog.records if r.name == "coworking_region.cache"]
    assert len(warnings) == 1  # one per outage, not one per call
    assert "Redis unreachable" in warnings[0].getMessage()


def test_an_open_circuit_does_not_try_redis_until_closed(redis_down, monkeypatch):
    calls = []
    real_get = resilient.RedisCache.get

    def counting_get(self, *args, **kwargs):
        calls.append(1)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(resilient.RedisCache, "get", counting_get)
    for _ in range(5):
        assert cache.get("k") is None
    assert len(calls) == 1
    resilient.circuit_close(redis_down)
    assert cache.get("k") is None
    assert len(calls) == 2


def test_the_sign_up_rate_limit_lets_requests_through_without_redis(redis_down):
    assert not any(too_many("resilience-test", limit=1, period_seconds=60) for _ in range(5))


@pytest.mark.django_db
def test_login_works_without_redis_with_allauths_rate_limits_on(redis_down, settings, client):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    user = UserFactory()
    wrong = client.post("/konto/login/", {"login": user.email, "password": "wrong-password"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    right = client.post("/konto/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert right.status_code == 302
    assert client.get("/konto/profil/").status_code == 200


@pytest.mark.django_db
def test_a_database_outage_is_a_503_page_with_retry_after(monkeypatch):
    def unreachable():
        raise OperationalError("connection to server on socket failed")

    monkeypatch.setattr("coworking_region.views.retention_periods", unreachable)
    response = Client(raise_request_exception=False).get("/integritet/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "<h1>" in body and "OperationalError" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_any_other_error_is_still_the_500_page(monkeypatch):
    def broken():
        raise ValueError("a bug")

    monkeypatch.setattr("coworking_region.views.retention_periods", broken)
    response = Client(raise_request_exception=False).get("/integritet/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "a bug" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_is_down(client, monkeypatch):
    heartbeat_record()

    class DownConnection:
        def cursor(self):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("coworking_region.health.connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["database"]
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    assert body["checks"]["redis"]["ok"] is True and body["checks"]["celery"]["ok"] is True


@pytest.mark.django_db
def test_healthz_closes_the_cache_circuit_once_redis_answers(client, settings):
    """After an outage the heartbeat is read at once, not after the retry delay."""
    heartbeat_record()
    location = settings.CACHES["default"]["LOCATION"]
    resilient._open_until[location] = float("inf")  # as if Redis had just failed
    assert cache.get("celery:heartbeat") is None  # not even asked
    response = client.get("/healthz")
    assert response.status_code == 200
    assert location not in resilient._open_until
