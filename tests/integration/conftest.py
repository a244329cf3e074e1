"""A real Celery worker (with embedded beat) as a separate process.

It talks to the same Redis as the tests and to the test database that
pytest-django created, so tests that use it need committed data
(`transactional_db`).
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HEARTBEAT_SECONDS = 1.0


def _test_database_url() -> str:
    """DATABASE_URL with the database name swapped for pytest-django's test database."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


class WorkerProcess:
    def __init__(self, tmp: Path, mail_dir: Path | None = None) -> None:
        self.mail_dir = mail_dir or tmp / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "HEARTBEAT_INTERVAL_SECONDS": str(HEARTBEAT_SECONDS),
            # Beat runs the email jobs every second here; emails land in files.
            "OUTBOX_SWEEP_SECONDS": "1",
            "OUTBOX_SWEEP_GRACE_SECONDS": "1",
            "LEARNING_NOTIFY_SECONDS": "1",
            # django-environ drops one leading slash of the path.
            "EMAIL_URL": f"filemail:///{self.mail_dir.resolve()}",
            "PYTHONUNBUFFERED": "1",
        }
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [
                sys.executable,
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
                "--schedule",
                str(tmp / "celerybeat-schedule"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if " ready." in line:
                self.ready.set()

    def wait_ready(self, timeout: float = 60) -> None:
        if not self.ready.wait(timeout):
            self.stop()
            pytest.fail("Celery worker did not start:\n" + "".join(self.lines[-40:]))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.reader.join(5)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def log(self) -> str:
        return "".join(self.lines)

    def emails_to(self, address: str) -> list[str]:
        """The messages this worker's file email backend wrote to `address`."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for message in path.read_text(errors="replace").split("-" * 79):
                if f"To: {address}" in message:
                    messages.append(message)
        return messages


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory):
    # CI shares one Redis between runs: tasks a killed earlier run left queued
    # would name rows of another database (ids are reused). Start empty.
    from coworking_region.celery import app as celery_app

    celery_app.control.purge()
    worker = WorkerProcess(tmp_path_factory.mktemp("celery"))
    worker.wait_ready()
    yield worker
    worker.stop()


def wait_for(predicate, timeout: float = 20, interval: float = 0.1):
    """Poll until predicate() is truthy; return its value or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")
