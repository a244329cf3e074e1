"""Audit the installed Python packages against PyPI's vulnerability data.

Run it with the interpreter of the environment to audit:

    .venv/bin/python .ci/audit_deps.py [--strict]

Why not plain `pip-audit`: pip-audit asks PyPI for each installed version
(/pypi/NAME/VERSION/json) or asks api.osv.dev. Where only the package index is
reachable (this project's machines and CI), the per-version endpoint answers
404 and OSV does not resolve, so pip-audit skips every package, and without
--strict it still prints "No known vulnerabilities found". This script uses
the same data source, PyPI's JSON API (advisories from the PyPA advisory
database and GitHub, the data pip-audit's default service reads):

- if the per-version endpoint answers, every installed version is audited
  exactly as pip-audit would do it;
- otherwise it reads the project endpoint (/pypi/NAME/json), whose
  "vulnerabilities" are those of the project's latest release. A package
  installed at its latest release is then fully audited; one that is not
  cannot be audited from this source and is listed as NOT AUDITED, with a
  warning when a newer release of the same major.minor line exists (usually
  a security or bug fix we are missing).

Exit status: 0 when no known vulnerability was found in what could be
audited; 1 when one was found; 2 when the service could not be reached or
failed for any package ("could not audit"), and, with --strict, also when a
package could not be audited (not the latest release, or not on the index).

A vulnerability that cannot be fixed yet may be accepted in IGNORED below,
with its id, the package and the reason; review each entry at every release.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import tomllib
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
JSON_API = os.environ.get("PYPI_JSON_URL", "https://pypi.org/pypi").rstrip("/")
TIMEOUT = 30
WORKERS = 8

# Accepted vulnerabilities: id (or any alias) -> "package: reason". Keep empty
# unless a fix does not exist yet and the risk has been reviewed.
IGNORED: dict[str, str] = {}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Vulnerability:
    id: str
    aliases: set[str]
    fixed_in: list[str]
    link: str
    summary: str


@dataclass
class Result:
    name: str
    version: str
    audited: bool = False
    latest: str | None = None
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    error: str | None = None
    missing: bool = False  # not on the index at all (a local package)
    same_line_newer: str | None = None


class Unavailable(Exception):
    """The endpoint does not exist (HTTP 404)."""


def fetch(url: str) -> dict:
    # S310/B310 (file:// and other schemes): the URL is JSON_API, https unless
    # the operator overrides it, plus a package name and version.
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    for attempt in range(3):
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310  # nosec B310
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise Unavailable(url) from error
            if error.code < 500 or attempt == 2:
                raise
        except (urllib.error.URLError, TimeoutError):
            if attempt == 2:
                raise
        time.sleep(1 + attempt)
    raise AssertionError("unreachable")


def parse_vulnerabilities(entries: list[dict]) -> list[Vulnerability]:
    """The entries that are not withdrawn, one per advisory: PyPI lists the
    same advisory under each of its ids (PYSEC-…, GHSA-…), linked by aliases."""
    found: list[Vulnerability] = []
    for entry in entries:
        if entry.get("withdrawn"):
            continue
        ids = {entry["id"], *(entry.get("aliases") or [])}
        if any(ids & ({v.id} | v.aliases) for v in found):
            continue
        found.append(
            Vulnerability(
                id=entry["id"],
                aliases=set(entry.get("aliases") or []),
                fixed_in=list(entry.get("fixed_in") or []),
                link=entry.get("link") or "",
                summary=(entry.get("summary") or entry.get("details") or "").strip(),
            )
        )
    return found


def same_line_newer(installed: Version, releases: dict) -> str | None:
    """The newest final release of the installed major.minor line, if newer."""
    best = None
    for raw, files in releases.items():
        try:
            version = Version(raw)
        except InvalidVersion:
            continue
        yanked = files and all(f.get("yanked") for f in files)
        if version.is_prerelease or yanked or version.release[:2] != installed.release[:2]:
            continue
        if version > installed and (best is None or version > best):
            best = version
    return str(best) if best else None


def audit(name: str, version: str, per_version: bool) -> Result:
    result = Result(name, version)
    try:
        if per_version:
            data = fetch(f"{JSON_API}/{name}/{version}/json")
            result.audited = True
        else:
            data = fetch(f"{JSON_API}/{name}/json")
            result.latest = data["info"]["version"]
            installed = Version(version)
            result.audited = installed == Version(result.latest)
            if not result.audited:
                result.same_line_newer = same_line_newer(installed, data.get("releases", {}))
        if result.audited:
            result.vulnerabilities = parse_vulnerabilities(data.get("vulnerabilities") or [])
    except Unavailable:
        result.error = "not found on the package index"
        result.missing = True
    except (OSError, ValueError, KeyError, InvalidVersion) as error:
        result.error = f"{type(error).__name__}: {error}"
    return result


def installed_distributions(skip: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = canonical(dist.metadata["Name"] or "")
        if name and name not in skip:
            found.setdefault(name, dist.version)
    return dict(sorted(found.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--strict", action="store_true", help="also fail when a package could not be audited"
    )
    options = parser.parse_args(argv)
    started = time.monotonic()

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    packages = installed_distributions({canonical(project)})
    if not packages:
        print("could not audit: no installed packages found", file=sys.stderr)
        return 2

    # Does the index serve the per-version endpoint (a complete audit)? Probe
    # with pip, which is installed from the index in every environment.
    probe = "pip" if "pip" in packages else next(iter(packages))
    try:
        fetch(f"{JSON_API}/{probe}/{packages[probe]}/json")
        per_version = True
    except Unavailable:
        per_version = False
    except OSError as error:
        print(f"could not audit: service unreachable ({JSON_API}: {error})", file=sys.stderr)
        return 2
    mode = "per-version" if per_version else "latest-release only"
    print(f"Auditing {len(packages)} packages against {JSON_API} ({mode} vulnerability data)")

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda item: audit(*item, per_version), packages.items()))

    vulnerable, accepted = [], []
    for result in results:
        for vuln in result.vulnerabilities:
            reason = next((IGNORED[i] for i in (vuln.id, *vuln.aliases) if i in IGNORED), None)
            (accepted if reason else vulnerable).append((result, vuln, reason))
    errors = [r for r in results if r.error]
    not_audited = [r for r in results if not r.audited and not r.error]
    audited = [r for r in results if r.audited]

    for result, vuln, _reason in vulnerable:
        fixed = ", ".join(vuln.fixed_in) or "no fix released"
        aliases = ", ".join(sorted(vuln.aliases))
        print(
            f"VULNERABLE {result.name} {result.version}: {vuln.id} ({aliases}); fixed in: {fixed}"
        )
        print(f"    {vuln.summary[:200]} {vuln.link}")
    for result, vuln, reason in accepted:
        print(f"accepted   {result.name} {result.version}: {vuln.id} - {reason}")
    if not_audited:
        print(f"\nNOT AUDITED ({len(not_audited)}): not the latest release, and this index has no")
        print("per-version vulnerability data:")
        for result in not_audited:
            line = ".".join(result.version.split(".")[:2])
            note = (
                f"; WARNING: {result.same_line_newer} exists"
                if result.same_line_newer
                else f"; newest {line}.x release"
            )
            print(f"    {result.name} {result.version} (latest {result.latest}{note})")
    if errors:
        print(f"\nCOULD NOT AUDIT ({len(errors)}):")
        for result in errors:
            print(f"    {result.name} {result.version}: {result.error}")

    seconds = time.monotonic() - started
    print(
        f"\n{len(audited)} audited, {len(vulnerable)} known vulnerabilities"
        f" ({len(accepted)} accepted), {len(not_audited)} not audited, {len(errors)} errors"
        f" in {seconds:.1f} s"
    )
    if vulnerable:
        return 1
    if any(not r.missing for r in errors):
        print("could not audit: the vulnerability service failed", file=sys.stderr)
        return 2
    if options.strict and (errors or not_audited):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
