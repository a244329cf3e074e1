import pytest
from django.core.cache import cache

from coworking_region.lib.heartbeat import CACHE_KEY, heartbeat_last
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_beat_schedules_the_heartbeat_and_the_worker_runs_it(celery_worker_process):
    cache.delete(CACHE_KEY)
    # Beat runs the task every second in this fixture; it lands in Redis.
    first = wait_for(heartbeat_last)
    second = wait_for(lambda: (last := heartbeat_last()) and last > first and last)
    assert second > first
    assert "coworking_region.tasks.heartbeat" in celery_worker_process.log()


def test_healthz_is_ok_when_database_redis_and_worker_are_up(client, celery_worker_process):
    cache.delete(CACHE_KEY)
    wait_for(heartbeat_last)
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert set(body["checks"]) == {"database", "redis", "celery"}
