"""Retention (coworking_region/retention.py): the daily job deletes login
records, audit entries and sessions past their periods, keeps the recent
ones, takes each period from settings and is in the beat schedule."""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session

from coworking_region import tasks
from coworking_region.models import AuditEntry
from coworking_region.retention import purge_expired_data

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 4, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
TASK = "coworking_region.tasks.purge_expired_data"


def at(moment: datetime, make):
    with time_machine.travel(moment, tick=False):
        return make()


def login_records(label: str) -> None:
    common = {"username": f"{label}@example.org", "ip_address": "198.51.100.7"}
    common |= {"user_agent": "test", "http_accept": "*/*", "path_info": "/konto/login/"}
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**common, locked_out=False)
    AccessLog.objects.create(**common, session_hash="x")


def audit_entry(label: str) -> AuditEntry:
    return AuditEntry.objects.create(model="hubs.Hub", object_pk=label, action="create")


def session(key: str, expires: datetime) -> None:
    Session.objects.create(session_key=key, session_data="", expire_date=expires)


@pytest.fixture
def world(settings):
    settings.FAILED_LOGIN_RETENTION_DAYS = 30
    settings.AUDIT_RETENTION_DAYS = 730
    at(NOW - timedelta(days=30, minutes=1), lambda: login_records("old"))
    at(NOW - timedelta(days=29, hours=23), lambda: login_records("recent"))
    at(NOW - timedelta(days=730, minutes=1), lambda: audit_entry("old"))
    at(NOW - timedelta(days=729), lambda: audit_entry("recent"))
    session("expired", NOW - timedelta(seconds=1))
    session("current", NOW + timedelta(days=1))


def usernames(model) -> set[str]:
    return set(model.objects.values_list("username", flat=True))


def test_old_rows_go_and_recent_rows_stay(world, caplog):
    with (
        caplog.at_level(logging.INFO, logger="coworking_region.retention"),
        time_machine.travel(NOW, tick=False),
    ):
        counts = tasks.purge_expired_data()
    assert counts == {
        "AccessAttempt": 1,
        "AccessFailureLog": 1,
        "AccessLog": 1,
        "AuditEntry": 1,
        "Session": 1,
    }
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert usernames(model) == {"recent@example.org"}
    assert list(AuditEntry.objects.values_list("object_pk", flat=True)) == ["recent"]
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]
    assert "AccessAttempt=1" in caplog.text and "AuditEntry=1" in caplog.text

    # A second run finds nothing more to delete.
    with time_machine.travel(NOW, tick=False):
        assert set(purge_expired_data().values()) == {0}


def test_each_period_comes_from_settings(world, settings):
    settings.FAILED_LOGIN_RETENTION_DAYS = 7
    settings.AUDIT_RETENTION_DAYS = 3000
    counts = purge_expired_data(now=NOW)
    assert counts["AccessAttempt"] == 2 and counts["AccessFailureLog"] == 2
    assert not AccessLog.objects.exists()
    assert AuditEntry.objects.count() == 2


def test_audit_entries_are_still_refused_one_by_one(world):
    entry = AuditEntry.objects.get(object_pk="old")
    with pytest.raises(PermissionError):
        entry.delete()
    assert purge_expired_data(now=NOW)["AuditEntry"] == 1


def test_the_task_is_registered_and_scheduled_daily():
    from coworking_region.celery import app

    app.loader.import_default_modules()
    assert TASK in app.tasks
    entries = [e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == TASK]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert isinstance(schedule, crontab)
    # Once a day, every day, at night.
    assert (schedule.hour, schedule.minute) == ({3}, {5})
    assert schedule.day_of_week == set(range(7))
    assert schedule.day_of_month == set(range(1, 32))
    assert schedule.month_of_year == set(range(1, 13))


def test_defaults_are_documented_values():
    assert django_settings.FAILED_LOGIN_RETENTION_DAYS == 30
    assert django_settings.AUDIT_RETENTION_DAYS == 730
