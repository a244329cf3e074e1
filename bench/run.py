"""`make bench`: county-scale figures on a fresh database filled by the generator.

    python -m coworking_region.stack services python -m bench.run [--scale 1] [--seed 2026]

The launcher provides PostgreSQL and Redis (embedded, or DATABASE_URL /
REDIS_URL). This script creates two fresh databases on that server: one
filled by `manage.py generate_county`, one only migrated (the empty case).
It measures:

1. Roll-up: the floor (the bare GROUP BY of every indicator's facts per hub
   and month, straight from the source tables), the full roll-up in one
   process, the full roll-up split into parts on 1 and on 2 Celery workers,
   and an incremental roll-up after one activity changes.
2. Pages: SQL query count (Django test client, in process) and latency from
   8 concurrent clients against gunicorn on 127.0.0.1, for the main pages and
   API lists, on the generated and on the empty database.
3. Sign-up under load: locust with 50 users signing up and cancelling through
   the API for 60 s against gunicorn; afterwards no meeting may be overbooked.

It prints one Markdown table and writes every figure to bench/results.json.
Figures are timings on this machine: they belong in a benchmark, never in a
test. Each step prints what it does; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess  # the bench starts servers and tools  # nosec B404
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results.json"
WORK = ROOT / "var" / "bench"
BENCH_DB, EMPTY_DB = "coworking_bench", "coworking_bench_empty"
STAFF_EMAIL = "bench-staff@example.org"
CONCURRENCY = 8
GUNICORN_WORKERS = 4


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- Databases and processes --------------------------------------------------------


# The server's own database, as the launcher gave it (django_setup later points
# DATABASE_URL at the bench database).
SERVER_URL = os.environ.get("DATABASE_URL", "")


def database_url(name: str) -> str:
    parts = urllib.parse.urlsplit(SERVER_URL)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(SERVER_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def drop_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(SERVER_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database: str, port: int = 8000) -> dict[str, str]:
    """Production settings (DEBUG off) against a bench database, over plain HTTP
    on loopback, with the rate limits lifted: the load is one client."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(database),
        DEBUG="false",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-" + "k" * 60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        EMAIL_URL="smtp://127.0.0.1:1025",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        API_WRITE_RATE="1000000/minute",
        SIGNUP_RATE_LIMIT="1000000",
        PYTHONHASHSEED="0",
    )
    return env


def manage(database: str, *args: str, debug: bool = False) -> None:
    env = server_env(database) | ({"DEBUG": "true"} if debug else {})
    subprocess.run(  # this interpreter and manage.py, fixed arguments  # nosec B603
        [PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True
    )


@contextmanager
def gunicorn(database: str):
    port = free_port()
    log_file = open(WORK / f"gunicorn-{database}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # fixed arguments  # nosec B603
        [
            PY, "-m", "gunicorn", "coworking_region.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(GUNICORN_WORKERS),
            "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        env=server_env(database, port), cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request(port, "/healthz")
                if status in (200, 503):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"gunicorn did not start; see {log_file.name}")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        log_file.close()


@contextmanager
def celery_workers(database: str, count: int, queue: str):
    processes = []
    for n in range(count):
        log_file = open(WORK / f"worker-{n}.log", "w")  # noqa: SIM115 - closed below
        argv = [
            PY, "-m", "celery", "-A", "coworking_region", "worker",
            "--concurrency", "1", "--pool", "prefork", "--queues", queue,
            "--hostname", f"bench{n}@%h", "--loglevel", "INFO", "--without-gossip",
            "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        process = subprocess.Popen(  # fixed arguments  # nosec B603
            argv, env=server_env(database), cwd=ROOT, stdout=log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        processes.append((process, log_file))
    try:
        deadline = time.monotonic() + 60
        for _process, log_file in processes:
            while " ready." not in Path(log_file.name).read_text():
                if time.monotonic() > deadline:
                    raise RuntimeError(f"a Celery worker did not start; see {log_file.name}")
                time.sleep(0.3)
        yield
    finally:
        for process, log_file in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
            log_file.close()


def request(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Host": "127.0.0.1", "Accept-Language": "sv"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


# --- In-process Django (the bench database) --------------------------------------------


def django_setup(database: str) -> None:
    os.environ.update(server_env(database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "coworking_region.settings"
    import django

    django.setup()


def staff_session() -> str:
    """A session cookie of a Region staff member (created if missing)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        email=STAFF_EMAIL, defaults={"name": "Bench Staff", "is_region_staff": True}
    )
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def pages() -> list[dict]:
    """The measured pages: (label, path, as staff?), resolved on this database."""
    from django.urls import reverse

    from hubs.models import Hub
    from learning_journeys.models import Meeting

    hub = Hub.objects.order_by("-desks", "pk").first()
    meeting = (
        Meeting.objects.filter(status="published", journey__status="published")
        .order_by("-starts_at")
        .first()
    )
    listed = [
        ("County dashboard (staff)", reverse("accounting:dashboard"), True),
        ("Hub directory", reverse("hubs:index"), False),
        ("Hub page", reverse("hubs:hub-detail", args=[hub.slug]) if hub else None, False),
        ("Meeting list", reverse("learning_journeys:index"), False),
        ("Meeting page", reverse("learning_journeys:meeting-detail", args=[meeting.pk])
         if meeting else None, False),
        ("Toolbox search", reverse("toolbox:index") + "?q=digital", False),
        ("API hubs", reverse("api-hub-list"), False),
        ("API activities (staff)", reverse("api-activity-list"), True),
        ("API occupancy (staff)", reverse("api-occupancy-list"), True),
        ("API meetings", reverse("api-meeting-list"), False),
        ("API tools", reverse("api-tool-list"), False),
        ("API snapshots", reverse("api-snapshot-list"), False),
    ]  # fmt: skip
    return [{"label": label, "path": path, "staff": staff} for label, path, staff in listed]


def query_counts(page_list: list[dict]) -> dict[str, int | None]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    staff = get_user_model().objects.get(email=STAFF_EMAIL)
    counts: dict[str, int | None] = {}
    for page in page_list:
        if page["path"] is None:
            counts[page["label"]] = None
            continue
        client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="sv")
        if page["staff"]:
            client.force_login(staff)
        client.get(page["path"])  # warm caches, as a live server would be
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"])
        if response.status_code != 200:
            raise RuntimeError(f"{page['label']} {page['path']}: HTTP {response.status_code}")
        counts[page["label"]] = len(queries)
    return counts


def timings(port: int, page_list: list[dict], cookie: str, requests_per_client: int) -> dict:
    """Latency of each page from CONCURRENCY clients (each its own connection)."""
    figures = {}
    for page in page_list:
        if page["path"] is None:
            continue
        page_cookie = f"sessionid={cookie}" if page["staff"] else ""
        request(port, page["path"], page_cookie)  # warm-up
        latencies: list[float] = []
        errors: list[int] = []
        lock = threading.Lock()

        def client(path: str, page_cookie: str, latencies: list, errors: list, lock) -> None:
            for _ in range(requests_per_client):
                started = time.perf_counter()
                status, _body = request(port, path, page_cookie)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        errors.append(status)

        arguments = (page["path"], page_cookie, latencies, errors, lock)
        threads = [threading.Thread(target=client, args=arguments) for _ in range(CONCURRENCY)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        figures[page["label"]] = {
            "median_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1),
            "requests_per_s": round(len(latencies) / wall, 1),
            "errors": len(errors),
        }
        log(f"  {page['label']}: p50 {figures[page['label']]['median_ms']} ms, "
            f"p95 {figures[page['label']]['p95_ms']} ms")  # fmt: skip
    return figures


# --- 1. Roll-up ------------------------------------------------------------------------


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def rollup_floor(today) -> None:
    from django.db import connection

    from accounting.indicators import COMPUTED
    from accounting.rollup import grouped_facts_sql

    with connection.cursor() as cursor:
        for computed in COMPUTED:
            sql = grouped_facts_sql(computed, hubs=False, month=False)
            cursor.execute(f"SELECT count(*) FROM ({sql}) g", {"today": today})  # nosec B608
            cursor.fetchone()


def split_rollup(parts: int, workers: int) -> float:
    """A full roll-up split into `parts` tasks on `workers` worker processes:
    seconds from queueing to the last part's commit."""
    from accounting import tasks
    from accounting.models import RollupRun

    queue = f"bench-rollup-{workers}"
    with celery_workers(BENCH_DB, workers, queue):
        durations = []
        for _ in range(2):
            before = RollupRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            started = time.perf_counter()
            tasks.rollup_full.apply_async(kwargs={"parts": parts}, queue=queue)
            while True:
                run = RollupRun.objects.filter(pk__gt=before, kind="full").first()
                if run is not None and run.status != "running":
                    break
                if time.perf_counter() - started > 1800:
                    raise RuntimeError("the split roll-up did not finish in 30 minutes")
                time.sleep(0.05)
            if run.status != "succeeded":
                raise RuntimeError(f"split roll-up failed: {run.error}")
            durations.append(time.perf_counter() - started)
    return min(durations)


def rollup_figures() -> dict:
    from django.db import connection
    from django.db.models import F
    from django.utils import timezone

    from accounting import rollup
    from accounting.models import HubMonthFact, Snapshot
    from hubs.models import Activity

    today = timezone.localdate()
    log("roll-up: warm-up run")
    rollup.rollup_full(today=today)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, after the bulk load
    floors, fulls = [], []
    for n in range(3):
        floors.append(timed(rollup_floor, today))
        fulls.append(timed(rollup.rollup_full, today=today))
        log(f"roll-up round {n + 1}: floor {floors[-1]:.2f} s, full {fulls[-1]:.2f} s")
    # Incremental: one activity changes (its participants), then its hub-month is redone.
    incrementals = []
    activities = list(
        Activity.objects.filter(starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .values_list("pk", "hub_id", "starts_at")[:25:5]
    )
    for pk, hub_id, starts_at in activities:
        Activity.objects.filter(pk=pk).update(participants=F("participants") + 1)
        month = timezone.localtime(starts_at).date().replace(day=1)
        incrementals.append(timed(rollup.rollup_incremental, hub_id=hub_id, month=month))
    log("roll-up: split into 4 parts on 1 and 2 workers")
    split_1 = split_rollup(4, 1)
    split_2 = split_rollup(4, 2)
    floor, full = statistics.median(floors), statistics.median(fulls)
    incremental = statistics.median(incrementals) if incrementals else None
    return {
        "floor_s": round(floor, 3),
        "full_s": round(full, 3),
        "full_over_floor": round(full / floor, 2) if floor else None,
        "incremental_s": round(incremental, 4) if incremental is not None else None,
        "incremental_share_of_full_pct": round(100 * incremental / full, 2)
        if incremental is not None and full
        else None,
        "split_1_worker_s": round(split_1, 3),
        "split_2_workers_s": round(split_2, 3),
        "snapshots": Snapshot.objects.count(),
        "partials": HubMonthFact.objects.count(),
    }


# --- 3. Sign-up under load ------------------------------------------------------------------


def prepare_load(users: int, meetings: int) -> dict:
    """Users with sessions and CSRF tokens, and future meetings with few seats."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from hubs.models import Hub
    from learning_journeys.models import LearningJourney, Meeting

    hubs = list(Hub.objects.order_by("pk")[:meetings])
    journey = LearningJourney.objects.create(
        title="Bench: sign-up under load", slug=f"bench-{secrets.token_hex(4)}", status="published"
    )
    start = timezone.now() + timedelta(days=30)
    meeting_ids = []
    for n, hub in enumerate(hubs):
        meeting = Meeting.objects.create(
            journey=journey,
            title=f"Bench meeting {n + 1}",
            hub=hub,
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=2),
            capacity=10,
            status="published",
        )
        meeting_ids.append(meeting.pk)
    accounts = []
    for n in range(users):
        user, _ = get_user_model().objects.get_or_create(
            email=f"bench-user-{n}@example.org", defaults={"name": f"Bench User {n}"}
        )
        client = Client()
        client.force_login(user)
        accounts.append(
            {"session": client.cookies["sessionid"].value, "csrf": secrets.token_hex(16)}
        )
    return {"accounts": accounts, "meetings": meeting_ids}


def overbooked(meeting_ids: list[int]) -> int:
    from django.db.models import Count, F, Q

    from learning_journeys.models import Meeting

    return (
        Meeting.objects.filter(pk__in=meeting_ids)
        .annotate(
            taken=Count(
                "registrations", filter=Q(registrations__status__in=["confirmed", "attended"])
            )
        )
        .filter(taken__gt=F("capacity"))
        .count()
    )


def signup_load(users: int, seconds: int) -> dict:
    setup = prepare_load(users, meetings=10)
    load_file = WORK / "load.json"
    load_file.write_text(json.dumps(setup))
    csv_prefix = WORK / "locust"
    with gunicorn(BENCH_DB) as port:
        env = dict(os.environ, BENCH_LOAD_FILE=str(load_file))
        subprocess.run(  # fixed arguments  # nosec B603
            [
                PY, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
                "--host", f"http://127.0.0.1:{port}", "--csv", str(csv_prefix),
                "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
            ],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
    import csv

    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    server_errors = int(Path(f"{load_file}.5xx").read_text() or 0)
    return {
        "users": users,
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "failures": int(total["Failure Count"]),
        "server_errors_5xx": server_errors,
        "overbooked_meetings": overbooked(setup["meetings"]),
    }


# --- The run ---------------------------------------------------------------------------------


def machine() -> dict:
    import psycopg2

    connection = psycopg2.connect(SERVER_URL)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "postgresql": version,
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "gunicorn_workers": GUNICORN_WORKERS,
        "concurrent_clients": CONCURRENCY,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def row_counts() -> dict[str, int]:
    from hubs.models import Activity, Hub, Occupancy, OccupancyBreakdown
    from learning_journeys.models import Meeting, Registration

    return {
        "hubs": Hub.objects.count(),
        "activities": Activity.objects.count(),
        "occupancy_days": Occupancy.objects.count(),
        "occupancy_breakdowns": OccupancyBreakdown.objects.count(),
        "meetings": Meeting.objects.count(),
        "registrations": Registration.objects.count(),
    }


def empty_database_figures(requests_per_client: int) -> dict:
    """Query counts and timings on the empty database, in a child process (one
    Django process talks to one database)."""
    out = WORK / "empty.json"
    subprocess.run(  # this interpreter and module  # nosec B603
        [PY, "-m", "bench.run", "--empty-only", "--requests", str(requests_per_client),
         "--out", str(out)],
        env=os.environ, cwd=ROOT, check=True,
    )  # fmt: skip
    return json.loads(out.read_text())


def run_empty_only(requests_per_client: int, out: Path) -> None:
    django_setup(EMPTY_DB)
    session = staff_session()
    page_list = pages()
    counts = query_counts(page_list)
    with gunicorn(EMPTY_DB) as port:
        times = timings(port, page_list, session, requests_per_client)
    out.write_text(json.dumps({"queries": counts, "timings": times}))


def markdown(results: dict) -> str:
    r, load = results["rollup"], results.get("signup_load")
    lines = [
        f"Machine: {results['machine']['cores']} cores ({results['machine']['cpu']}), "
        f"PostgreSQL {results['machine']['postgresql']}, Python {results['machine']['python']}, "
        f"load average {results['machine']['load_average_at_start'][0]} at the start; "
        f"data: {results['data']}; generated in {results['generate_s']} s.",
        "",
        "| Figure | Value | Target |",
        "|---|---|---|",
        f"| Roll-up floor (GROUP BY per hub-month) | {r['floor_s']} s | |",
        f"| Full roll-up, one process | {r['full_s']} s ({r['full_over_floor']}× floor) "
        "| ≤ 1.5× floor |",
        f"| Incremental roll-up (one activity) | {r['incremental_s']} s "
        f"({r['incremental_share_of_full_pct']} % of full) | ≤ 1 % of full |",
        f"| Full roll-up in 4 parts, 1 worker | {r['split_1_worker_s']} s | |",
        f"| Full roll-up in 4 parts, 2 workers | {r['split_2_workers_s']} s | |",
    ]
    pages_generated = results["pages"]["generated"]
    pages_empty = results["pages"]["empty"]
    for label, figures in pages_generated["timings"].items():
        queries = pages_generated["queries"].get(label)
        empty_queries = pages_empty["queries"].get(label)
        empty = pages_empty["timings"].get(label, {})
        target = "≤ 100 ms, ≤ 6 queries" if label.startswith("County dashboard") else "≤ 250 ms"
        lines.append(
            f"| {label}: p50 / p95, queries (empty DB: p95, queries) | "
            f"{figures['median_ms']} / {figures['p95_ms']} ms, {queries} q "
            f"({empty.get('p95_ms')} ms, {empty_queries} q) | p95 {target} |"
        )
    if load:
        lines += [
            f"| Sign-up load: {load['users']} users, {load['seconds']} s | "
            f"{load['requests_per_s']} req/s, p50 {load['median_ms']} ms, "
            f"p95 {load['p95_ms']} ms | "
            "≥ 200 req/s, p95 ≤ 250 ms |",
            f"| Sign-up load: 5xx / failed checks / overbooked meetings | "
            f"{load['server_errors_5xx']} / {load['failures']} / {load['overbooked_meetings']} "
            "| 0 / 0 / 0 |",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="County-scale benchmark (make bench)")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 20)),
                        help="requests per client and page (8 clients)")  # fmt: skip
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-users", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    parser.add_argument("--empty-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    if options.empty_only:
        run_empty_only(options.requests, options.out)
        return 0

    started = time.monotonic()
    log("collectstatic (production settings serve hashed static files)")
    manage(BENCH_DB, "collectstatic", "--noinput", "--verbosity", "0")
    for name in (BENCH_DB, EMPTY_DB):
        recreate_database(name)
        log(f"migrate {name}")
        manage(name, "migrate", "--verbosity", "0")
    log(f"generate_county --seed {options.seed} --scale {options.scale}")
    generate_started = time.monotonic()
    # The generator refuses production settings (it is for development and load tests).
    manage(
        BENCH_DB, "generate_county", "--seed", str(options.seed), "--scale", str(options.scale),
        debug=True,
    )  # fmt: skip
    generate_s = round(time.monotonic() - generate_started, 1)

    django_setup(BENCH_DB)
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": options.seed,
        "scale": options.scale,
        "data": row_counts(),
        "generate_s": generate_s,
    }
    results["rollup"] = rollup_figures()
    log("pages: query counts and latency, generated data")
    session = staff_session()
    page_list = pages()
    generated = {"queries": query_counts(page_list)}
    with gunicorn(BENCH_DB) as port:
        generated["timings"] = timings(port, page_list, session, options.requests)
    log("pages: empty database")
    results["pages"] = {"generated": generated, "empty": empty_database_figures(options.requests)}
    if options.load_seconds > 0:
        log(f"sign-up under load: {options.load_users} users for {options.load_seconds} s")
        results["signup_load"] = signup_load(options.load_users, options.load_seconds)
    results["total_s"] = round(time.monotonic() - started, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    table = markdown(results)
    results["markdown"] = table
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table)
    print(f"\n(bench/results.json written; the whole run took {results['total_s']} s)")
    if not options.keep:
        from django.db import connections

        connections.close_all()
        for name in (BENCH_DB, EMPTY_DB):
            drop_database(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
