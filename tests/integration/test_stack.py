"""`make run`'s launcher: it serves the portal with a worker and beat, and one
Ctrl-C (SIGINT to the process group) stops every process it started."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from coworking_region.stack import Supervisor
from tests.integration.conftest import ROOT, _test_database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited but is not reaped yet; it counts as stopped.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def health(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status
    except OSError:
        return None


def test_run_serves_the_portal_and_ctrl_c_stops_everything(tmp_path):
    port = free_port()
    log = tmp_path / "run.log"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "PORT": str(port),
        "DEBUG": "true",
        "DEMO_PASSWORD": "launcher-test-password",
    }
    with log.open("w") as output:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "coworking_region.stack", "run"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while health(port) != 200:
            assert launcher.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
        text = log.read_text()
        assert "manager@demo.example" in text and "launcher-test-password" in text
        children = [int(pid) for pid in re.findall(r"\(pid (\d+)\)", text)]
        assert len(children) == 2  # worker with beat, web server
    finally:
        os.killpg(launcher.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        try:
            code = launcher.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            raise
    assert code == 0, log.read_text()[-3000:]
    assert [pid for pid in children if alive(pid)] == []
    assert health(port) is None
    assert "[stack] stopped" in log.read_text()


def test_supervisor_stops_the_others_when_one_child_dies():
    supervisor = Supervisor()
    supervisor.spawn("short", [sys.executable, "-c", "import sys; sys.exit(3)"])
    supervisor.spawn("long", [sys.executable, "-c", "import time; time.sleep(60)"])
    assert supervisor.wait() == 3
    supervisor.stop_all(timeout=10)
    assert supervisor.children["long"].returncode is not None
