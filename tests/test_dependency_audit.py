"""The dependency audit (.ci/audit_deps.py) against a fake PyPI JSON API on
127.0.0.1: it fails on a known vulnerability, never passes when it could not
audit, and lists what it could not audit instead of calling it clean."""

import importlib.util
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("audit_deps", ROOT / ".ci" / "audit_deps.py")
audit_deps = importlib.util.module_from_spec(spec)
sys.modules["audit_deps"] = audit_deps  # dataclasses look their module up there
spec.loader.exec_module(audit_deps)

# A few real installed packages keep each run short; main() audits this set.
INSTALLED = {
    name: version
    for name, version in audit_deps.installed_distributions({"coworking-region"}).items()
    if name in {"pip", "django", "celery", "nh3", "pillow"}
}
PIP = INSTALLED["pip"]


def advisory(id_, *aliases, fixed_in=("99.0",), withdrawn=None):
    return {
        "id": id_,
        "aliases": list(aliases),
        "fixed_in": list(fixed_in),
        "link": f"https://osv.dev/vulnerability/{id_}",
        "summary": f"summary of {id_}",
        "details": "",
        "withdrawn": withdrawn,
    }


class FakeIndex:
    """Answers /NAME/json like PyPI: the latest release is the installed one
    unless `latest` says otherwise; /NAME/VERSION/json only if `per_version`."""

    def __init__(self):
        self.per_version = False
        self.latest: dict[str, str] = {}
        self.releases: dict[str, list[str]] = {}
        self.vulnerabilities: dict[str, list[dict]] = {}
        self.status: dict[str, int] = {}
        self.paths: list[str] = []

    def answer(self, path: str) -> tuple[int, dict | None]:
        self.paths.append(path)
        parts = path.strip("/").split("/")
        name = parts[0]
        if name not in INSTALLED or name in self.status:
            return self.status.get(name, 404), None
        if len(parts) == 3:  # NAME/VERSION/json
            if not self.per_version:
                return 404, None
            return 200, {"info": {"version": parts[1]}, "vulnerabilities": self._vulns(name)}
        latest = self.latest.get(name, INSTALLED[name])
        releases = {
            v: [{"yanked": False}] for v in [INSTALLED[name], latest, *self.releases.get(name, [])]
        }
        return 200, {
            "info": {"version": latest},
            "releases": releases,
            "vulnerabilities": self._vulns(name),
        }

    def _vulns(self, name):
        return self.vulnerabilities.get(name, [])


@pytest.fixture
def index(monkeypatch):
    fake = FakeIndex()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = fake.answer(self.path)
            data = json.dumps(body).encode() if body is not None else b"{}"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(audit_deps, "installed_distributions", lambda skip: dict(INSTALLED))
    monkeypatch.setattr(audit_deps, "JSON_API", f"http://127.0.0.1:{server.server_port}")
    monkeypatch.setattr(audit_deps.time, "sleep", lambda seconds: None)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_all_latest_and_clean_passes(index, capsys):
    assert audit_deps.main([]) == 0
    out = capsys.readouterr().out
    assert "latest-release only" in out
    assert f"{len(INSTALLED)} audited, 0 known vulnerabilities" in out
    assert "NOT AUDITED" not in out


def test_a_known_vulnerability_fails_and_is_reported_once(index, capsys):
    index.vulnerabilities["pip"] = [
        advisory("PYSEC-2099-1", "GHSA-aaaa-bbbb-cccc", "CVE-2099-1"),
        advisory("GHSA-aaaa-bbbb-cccc", "PYSEC-2099-1", "CVE-2099-1"),
        advisory("PYSEC-2099-2", withdrawn="2099-01-02T00:00:00Z"),
    ]
    assert audit_deps.main([]) == 1
    out = capsys.readouterr().out
    assert out.count("VULNERABLE") == 1
    assert (
        f"VULNERABLE pip {PIP}: PYSEC-2099-1 (CVE-2099-1, GHSA-aaaa-bbbb-cccc); fixed in: 99.0"
        in out
    )
    assert "PYSEC-2099-2" not in out
    assert "1 known vulnerabilities" in out


def test_an_accepted_vulnerability_is_listed_and_passes(index, capsys, monkeypatch):
    index.vulnerabilities["pip"] = [advisory("PYSEC-2099-1", "GHSA-aaaa-bbbb-cccc")]
    monkeypatch.setattr(audit_deps, "IGNORED", {"GHSA-aaaa-bbbb-cccc": "pip: reviewed, no fix"})
    assert audit_deps.main([]) == 0
    out = capsys.readouterr().out
    assert f"accepted   pip {PIP}: PYSEC-2099-1 - pip: reviewed, no fix" in out
    assert "VULNERABLE" not in out


def test_an_older_release_is_not_audited_and_says_so(index, capsys):
    major, minor = PIP.split(".")[:2]
    index.latest["pip"] = "999.0"
    index.releases["pip"] = [f"{major}.{minor}.999"]
    # The latest release's advisories are not the installed version's.
    index.vulnerabilities["pip"] = [advisory("PYSEC-2099-3")]
    assert audit_deps.main([]) == 0
    out = capsys.readouterr().out
    assert f"pip {PIP} (latest 999.0; WARNING: {major}.{minor}.999 exists)" in out
    assert f"{len(INSTALLED) - 1} audited, 0 known vulnerabilities" in out
    assert "1 not audited" in out
    assert audit_deps.main(["--strict"]) == 2


def test_an_older_release_that_is_the_newest_of_its_line_says_so(index, capsys):
    major, minor = PIP.split(".")[:2]
    index.latest["pip"] = "999.0"
    assert audit_deps.main([]) == 0
    assert f"pip {PIP} (latest 999.0; newest {major}.{minor}.x release)" in capsys.readouterr().out


def test_the_per_version_endpoint_is_used_when_the_index_serves_it(index, capsys):
    index.per_version = True
    index.latest["pip"] = "999.0"
    index.vulnerabilities["pip"] = [advisory("PYSEC-2099-4")]
    assert audit_deps.main([]) == 1
    out = capsys.readouterr().out
    assert "(per-version vulnerability data)" in out
    assert f"VULNERABLE pip {PIP}: PYSEC-2099-4" in out
    assert all(path.count("/") == 3 for path in index.paths)  # never /NAME/json


def test_a_failing_service_is_never_a_pass(index, capsys):
    name = next(n for n in INSTALLED if n != "pip")
    index.status[name] = 503
    assert audit_deps.main([]) == 2
    captured = capsys.readouterr()
    assert f"COULD NOT AUDIT (1):\n    {name} {INSTALLED[name]}: HTTPError" in captured.out
    assert "could not audit" in captured.err


def test_a_package_missing_from_the_index_is_listed(index, capsys):
    name = next(n for n in INSTALLED if n != "pip")
    index.status[name] = 404
    assert audit_deps.main([]) == 0
    assert f"{name} {INSTALLED[name]}: not found on the package index" in capsys.readouterr().out
    assert audit_deps.main(["--strict"]) == 2


def test_the_project_itself_is_skipped_and_real_packages_are_found():
    found = audit_deps.installed_distributions({"coworking-region"})
    assert "coworking-region" not in found
    assert len(INSTALLED) == 5
    assert found["django"] == INSTALLED["django"]


def test_an_unreachable_service_is_never_a_pass(capsys, monkeypatch):
    monkeypatch.setattr(audit_deps, "JSON_API", "http://127.0.0.1:9")  # discard port: refused
    monkeypatch.setattr(audit_deps.time, "sleep", lambda seconds: None)
    assert audit_deps.main([]) == 2
    assert "could not audit: service unreachable" in capsys.readouterr().err
