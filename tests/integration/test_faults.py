"""Faults, with real services: the portal (gunicorn, DEBUG off), a Celery
worker with beat, PostgreSQL and Redis all run as separate processes, which
these tests stop, kill and restart.

- Redis stopped: pages render, a login and a meeting sign-up succeed, and the
  sign-up's email goes out exactly once after Redis is back.
- PostgreSQL restarted: requests during the outage get a 503 page quickly (not
  a hang, not a traceback); afterwards the same processes serve normally.
- A worker SIGKILLed in the middle of a full accounting roll-up: nothing
  partial is visible, and a rerun gives exactly the snapshots of a clean run.
- /healthz names what is down in each case, with 503; 200 when all is well.

All servers are the tests' own (faults_helpers): the machine's shared
PostgreSQL and Redis are never touched, whatever DATABASE_URL and REDIS_URL
say. Recovery times are printed (run with -s to see them).
"""

import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.factories import TEST_PASSWORD
from tests.integration import faults_helpers as fh

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
GUEST_FORM = "/laranderesor/traffar/{pk}/gast/"
# Upper bounds, generous for a busy CI machine; the measured times are printed.
FAST_SECONDS = 8.0
MEASURED: dict[str, float] = {}


@dataclass
class Portal:
    pg: fh.OwnPostgres
    redis: fh.OwnRedis
    env: dict[str, str]
    port: int
    directory: Path
    mail_dir: Path
    web: fh.Service
    worker: fh.Service
    data: dict = field(default_factory=dict)
    workers_started: int = 1

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, session: requests.Session | None = None) -> requests.Response:
        return (session or requests).get(self.base + path, timeout=20, allow_redirects=False)

    def post(self, path: str, data: dict, session: requests.Session) -> requests.Response:
        token = session.cookies.get("csrftoken")
        assert token, "no CSRF cookie: GET the form first"
        return session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **data},
            timeout=20,
            allow_redirects=False,
        )

    def health(self) -> tuple[int, dict]:
        response = self.get("/healthz")
        return response.status_code, response.json()

    def wait_healthy(self, timeout: float = 60) -> None:
        try:
            fh.wait_until(lambda: self.health()[0] == 200, timeout=timeout, interval=0.3)
        except AssertionError:
            raise AssertionError(
                f"portal not healthy: {self.health()}\n{self.worker.log()[-3000:]}"
            ) from None

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        connection = self.pg.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def execute(self, sql: str) -> None:
        connection = self.pg.connect()
        try:
            with connection, connection.cursor() as cursor:  # commits
                cursor.execute(sql)
        finally:
            connection.close()

    def new_worker(self) -> fh.Service:
        self.workers_started += 1
        self.worker = fh.start_worker(self.env, self.directory, f"worker{self.workers_started}")
        fh.wait_worker_ready(self.worker)
        return self.worker


def measured(name: str, seconds: float) -> float:
    MEASURED[name] = round(seconds, 2)
    return seconds


@pytest.fixture(scope="module")
def portal() -> Iterator[Portal]:
    started = time.monotonic()
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix="faults-", dir=var))
    mail_dir = directory / "mail"
    mail_dir.mkdir()
    pg = fh.OwnPostgres(Path(tempfile.mkdtemp(prefix="test-pg-faults-", dir=var)))
    redis = fh.OwnRedis(directory / "redis")
    services: list[fh.Service] = []
    try:
        pg.start_first()
        redis.start()
        port = fh.free_port()
        env = fh.portal_env(database_url=pg.url, redis_url=redis.url, mail_dir=mail_dir, port=port)
        # The processes boot while the database is migrated and the data created
        # (they touch the database only when asked to).
        web = fh.start_web(env, directory, port)
        services.append(web)
        worker = fh.start_worker(env, directory, "worker1")
        services.append(worker)
        data = fh.migrate_and_seed(env)
        portal = Portal(pg, redis, env, port, directory, mail_dir, web, worker, data)
        fh.wait_worker_ready(worker)
        portal.wait_healthy(timeout=90)
        measured(
            "stack start-up (own PostgreSQL, Redis, migrate, seed, web, worker)",
            time.monotonic() - started,
        )
        yield portal
        services.append(portal.worker)
    finally:
        for service in services:
            service.stop()
        if redis.ping():
            redis.stop()
        pg.close()
        shutil.rmtree(directory, ignore_errors=True)
        for name, seconds in MEASURED.items():
            print(f"[faults] {name}: {seconds} s")


def log_in(portal: Portal) -> tuple[requests.Session, float]:
    session = requests.Session()
    assert portal.get("/konto/login/", session).status_code == 200
    started = time.monotonic()
    response = portal.post(
        "/konto/login/", {"login": fh.USER_EMAIL, "password": TEST_PASSWORD}, session
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.text[:2000]
    assert "/konto/login" not in response.headers["Location"]
    return session, elapsed


def guest_sign_up(portal: Portal, email: str) -> tuple[requests.Response, float]:
    session = requests.Session()
    path = GUEST_FORM.format(pk=portal.data["meeting"])
    assert portal.get(path, session).status_code == 200
    started = time.monotonic()
    response = portal.post(
        path, {"name": "Gäst Gästsson", "email": email, "consent": "on"}, session
    )
    return response, time.monotonic() - started


def outbox_rows(portal: Portal, email: str) -> list[tuple]:
    return portal.query(
        'SELECT status, attempts FROM coworking_region_outboxemail WHERE "to" = %s', (email,)
    )


# --- Redis ------------------------------------------------------------------------------------


def test_redis_down_pages_and_sign_ups_work_and_the_email_goes_out_once_after(portal):
    portal.wait_healthy()
    meeting = portal.data["meeting"]
    guest = "guest-redis-outage@example.org"

    portal.redis.stop()
    try:
        status, body = portal.health()
        assert status == 503
        assert body["down"] == ["redis", "celery"]
        assert body["checks"]["database"]["ok"] is True

        for path in ("/", "/hubbar/", "/laranderesor/", f"/laranderesor/traffar/{meeting}/"):
            started = time.monotonic()
            response = portal.get(path)
            elapsed = time.monotonic() - started
            assert response.status_code == 200, (path, response.status_code)
            assert elapsed < FAST_SECONDS, (path, elapsed)

        # Login: allauth's rate limits live in the cache; the lockout (axes) in the database.
        session, elapsed = log_in(portal)
        measured("login POST while Redis is down", elapsed)
        assert elapsed < FAST_SECONDS
        assert portal.get("/konto/profil/", session).status_code == 200

        # A guest sign-up: saved with its email in the outbox; publishing fails fast.
        response, elapsed = guest_sign_up(portal, guest)
        measured("guest sign-up POST while Redis is down", elapsed)
        assert response.status_code == 200
        assert 'id="guest-check-email"' in response.text
        assert elapsed < FAST_SECONDS
        assert outbox_rows(portal, guest) == [("pending", 0)]
        time.sleep(2)  # the worker cannot have it: nothing sent
        assert fh.emails_to(portal.mail_dir, guest) == []
    finally:
        portal.redis.start()
    back = time.monotonic()

    fh.wait_until(lambda: fh.emails_to(portal.mail_dir, guest), timeout=60, interval=0.2)
    measured("Redis back -> the outage's email sent", time.monotonic() - back)
    portal.wait_healthy()
    measured("Redis back -> /healthz 200", time.monotonic() - back)
    time.sleep(3)  # several more sweeps
    messages = fh.emails_to(portal.mail_dir, guest)
    assert len(messages) == 1, messages
    assert "/laranderesor/bekrafta/" in messages[0]
    assert outbox_rows(portal, guest) == [("sent", 1)]

    # The web process publishes again: a user's sign-up now is confirmed by email.
    assert portal.get(f"/laranderesor/traffar/{meeting}/", session).status_code == 200
    signed_up = time.monotonic()
    response = portal.post(f"/laranderesor/traffar/{meeting}/anmal/", {}, session)
    assert response.status_code == 302
    fh.wait_until(lambda: fh.emails_to(portal.mail_dir, fh.USER_EMAIL), timeout=30)
    measured("sign-up after recovery -> email", time.monotonic() - signed_up)
    time.sleep(2)
    assert len(fh.emails_to(portal.mail_dir, fh.USER_EMAIL)) == 1


# --- PostgreSQL -------------------------------------------------------------------------


def assert_unavailable_page(response: requests.Response) -> None:
    assert response.status_code == 503, (response.url, response.status_code)
    assert response.headers["Retry-After"].isdigit()
    assert "text/html" in response.headers["Content-Type"]
    assert re.search(r"<h1>[^<]+</h1>", response.text)
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_database_restart_gives_503_pages_and_the_portal_recovers_by_itself(portal):
    portal.wait_healthy()
    meeting = portal.data["meeting"]
    session, _elapsed = log_in(portal)
    guest_page = requests.Session()
    assert portal.get(GUEST_FORM.format(pk=meeting), guest_page).status_code == 200
    web_pids = portal.web.process.pid, portal.worker.process.pid

    portal.pg.stop()
    stopped = time.monotonic()
    try:
        status, body = portal.health()
        assert status == 503
        assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
        assert body["checks"]["redis"]["ok"] is True
        assert "database" in body["down"] and "redis" not in body["down"]

        slowest = 0.0
        for path, who in (
            ("/hubbar/", None),
            ("/laranderesor/", None),
            (f"/laranderesor/traffar/{meeting}/", None),
            ("/konto/profil/", session),  # the session is in the database
        ):
            started = time.monotonic()
            response = portal.get(path, who)
            slowest = max(slowest, time.monotonic() - started)
            assert_unavailable_page(response)
        started = time.monotonic()
        response = portal.post(
            GUEST_FORM.format(pk=meeting),
            {"name": "Gäst", "email": "guest-db-outage@example.org", "consent": "on"},
            guest_page,
        )
        slowest = max(slowest, time.monotonic() - started)
        assert_unavailable_page(response)
        measured("slowest request while PostgreSQL is down", slowest)
        assert slowest < FAST_SECONDS
    finally:
        portal.pg.start()
    restarted = time.monotonic()
    measured("PostgreSQL down (stop -> start)", restarted - stopped)

    fh.wait_until(lambda: portal.get("/hubbar/").status_code == 200, timeout=30, interval=0.1)
    measured("PostgreSQL back -> first page 200", time.monotonic() - restarted)
    for path in ("/", "/laranderesor/", f"/laranderesor/traffar/{meeting}/"):
        assert portal.get(path).status_code == 200
    assert portal.get("/konto/profil/", session).status_code == 200  # still logged in
    portal.wait_healthy()
    measured("PostgreSQL back -> /healthz 200", time.monotonic() - restarted)

    # The worker reconnects too: a sign-up's email goes out.
    guest = "guest-after-db-restart@example.org"
    response, _elapsed = guest_sign_up(portal, guest)
    assert response.status_code == 200
    fh.wait_until(lambda: fh.emails_to(portal.mail_dir, guest), timeout=30)
    measured("PostgreSQL back -> worker sends an email", time.monotonic() - restarted)
    # Nothing was restarted.
    assert (portal.web.process.pid, portal.worker.process.pid) == web_pids
    assert portal.web.alive() and portal.worker.alive()


# --- Celery worker killed mid roll-up ---------------------------------------------------


SNAPSHOTS = """
    SELECT i.code, s.scope_type, s.scope_key, s.hub_id, s.municipality_id, s.area_class,
           s.period_type, s.period_start, s.value, s.numerator, s.denominator, s.people
    FROM accounting_snapshot s JOIN accounting_indicator i ON i.id = s.indicator_id
    ORDER BY 1, 3, 7, 8"""
PARTIALS = """
    SELECT indicator_id, hub_id, month, dkey, first_day, num, den, people
    FROM accounting_hubmonthfact ORDER BY 1, 2, 3, 4"""


def last_full_run(portal: Portal) -> tuple:
    rows = portal.query(
        "SELECT id, status, parts, parts_done FROM accounting_rolluprun"
        " WHERE kind = 'full' ORDER BY id DESC LIMIT 1"
    )
    return rows[0] if rows else (0, "", 0, [])


def full_rollup(portal: Portal, timeout: float = 60) -> tuple:
    before = last_full_run(portal)[0]
    fh.send_task(portal.redis.url, "accounting.tasks.rollup_full", parts=3)
    return fh.wait_until(
        lambda: (run := last_full_run(portal))[0] > before and run[1] == "succeeded" and run,
        timeout=timeout,
        interval=0.2,
    )


def test_a_worker_killed_in_a_full_rollup_and_a_rerun_gives_the_clean_snapshots(portal):
    portal.wait_healthy()
    clean_run = full_rollup(portal)
    assert clean_run[2] == 3 and clean_run[3] == [0, 1, 2]
    clean, clean_partials = portal.query(SNAPSHOTS), portal.query(PARTIALS)
    assert len(clean) > 50 and {row[1] for row in clean} >= {"hub", "municipality", "county"}

    # Stale intermediate and final state, as a run on older data would leave:
    # the rerun must not build on any of it.
    portal.execute("UPDATE accounting_hubmonthfact SET num = num + 1000")
    portal.execute("DELETE FROM accounting_snapshot WHERE period_type = 'month'")
    portal.execute("UPDATE accounting_snapshot SET value = value + 1")
    stale = portal.query(SNAPSHOTS)
    assert stale != clean

    # Hold a lock that lets the split run's parts rewrite their partials, but
    # stops the last part where it replaces the snapshots: the worker is then
    # surely inside that transaction when it is killed.
    blocker = portal.pg.connect()
    try:
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE accounting_snapshot IN SHARE MODE")
        before = last_full_run(portal)[0]
        fh.send_task(portal.redis.url, "accounting.tasks.rollup_full", parts=3)
        fh.wait_until(
            lambda: (run := last_full_run(portal))[0] > before and len(run[3]) == 2,
            timeout=60,
            interval=0.1,
        )
        fh.wait_until(
            lambda: portal.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                " AND wait_event_type = 'Lock' AND query ILIKE %s",
                (fh.DB_NAME, "%accounting_snapshot%"),
            )[0][0],
            timeout=30,
            interval=0.1,
        )
        portal.worker.kill()
        killed_at = time.monotonic()
    finally:
        blocker.rollback()
        blocker.close()

    # Never partial: the killed part's transaction was rolled back, the parts
    # that finished before it only rewrote their own partials.
    assert portal.query(SNAPSHOTS) == stale
    killed = last_full_run(portal)
    assert killed[1] == "running" and len(killed[3]) == 2
    partials = portal.query(PARTIALS)
    assert partials != clean_partials
    assert set(partials) & set(clean_partials)  # the two finished parts

    # /healthz notices the dead worker (its heartbeat goes stale) and names only it.
    fh.wait_until(lambda: portal.health()[1]["down"] == ["celery"], timeout=30, interval=0.3)
    measured("worker killed -> /healthz names celery", time.monotonic() - killed_at)
    assert portal.health()[0] == 503

    portal.new_worker()
    portal.wait_healthy()
    measured("new worker -> /healthz 200", time.monotonic() - killed_at)
    rerun = full_rollup(portal)
    measured("worker killed -> rerun finished", time.monotonic() - killed_at)
    assert rerun[0] > killed[0] and rerun[3] == [0, 1, 2]
    assert portal.query(SNAPSHOTS) == clean
    assert portal.query(PARTIALS) == clean_partials
