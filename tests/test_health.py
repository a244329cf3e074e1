from datetime import timedelta

import pytest
from django.utils import timezone

from coworking_region.lib.heartbeat import heartbeat_record

pytestmark = pytest.mark.django_db


def closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_healthz_names_celery_when_the_heartbeat_is_stale(client, settings):
    heartbeat_record(
        now=timezone.now() - timedelta(seconds=settings.HEARTBEAT_INTERVAL_SECONDS * 4)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["celery"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True


def test_healthz_is_ok_with_a_fresh_heartbeat(client):
    heartbeat_record()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_names_redis_and_celery_when_redis_is_down(client, settings):
    url = closed_port_url()
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": url},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["redis", "celery"]


def test_healthz_is_public_and_never_cached(client):
    heartbeat_record()
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
