"""`manage.py backup` and `manage.py restore` against the real test database:
back up, wipe, restore, and every table holds exactly the same rows."""

import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from coworking_region import backup
from hubs.models import Hub
from tests.factories import (
    ActivityFactory,
    HubFactory,
    MeetingFactory,
    OccupancyFactory,
    RegistrationFactory,
    ToolFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return [row[0] for row in cursor.fetchall()]


# Written by the Celery worker in the background (roll-ups, email sending), which
# may still be busy with jobs from earlier tests while this one runs.
BACKGROUND_TABLES = ("accounting_rolluprun", "accounting_snapshot", "coworking_region_outboxemail")


@pytest.fixture(autouse=True)
def _no_background_jobs(monkeypatch):
    """This test's own changes queue no roll-ups."""
    monkeypatch.setattr("accounting.signals._dispatch", lambda *args: None)


def fingerprint() -> dict[str, tuple]:
    """Row count and md5 of the ordered rows of every table, and every sequence's state."""
    result: dict[str, tuple] = {}
    with connection.cursor() as cursor:
        for table in _tables():
            if table in BACKGROUND_TABLES:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "  # noqa: S608
                f"FROM {quoted} AS t"
            )
            result[table] = cursor.fetchone()
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        for name, last_value in cursor.fetchall():
            if not name.startswith(BACKGROUND_TABLES):
                result[f"sequence {name}"] = (last_value,)
    return result


def test_backup_wipe_restore_gives_the_same_data(tmp_path, capsys):
    # The commands must act on pytest-django's test database, never the dev one.
    assert connection.settings_dict["NAME"].startswith("test_")
    hub, other = HubFactory(name="Backupverket"), HubFactory()
    ActivityFactory(hub=hub)
    ActivityFactory(hub=other, title="Ünïcode, 'quotes' and\nnewlines")
    OccupancyFactory(hub=hub)
    meeting = MeetingFactory(hub=hub)
    for i in range(3):
        RegistrationFactory(meeting=meeting, user=UserFactory(email=f"backup{i}@example.org"))
    ToolFactory()
    before = fingerprint()
    assert before["hubs_hub"][0] == 2
    assert before["learning_journeys_registration"][0] == 3

    dump = tmp_path / "round-trip.dump"
    call_command("backup", output=str(dump))
    assert str(dump) in capsys.readouterr().out
    assert dump.read_bytes().startswith(b"PGDMP")
    assert dump.stat().st_mode & 0o077 == 0  # personal data: owner only

    with connection.cursor() as cursor:
        tables = ", ".join(connection.ops.quote_name(t) for t in _tables())
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")  # noqa: S608
    assert fingerprint() != before
    assert not Hub.objects.exists()

    call_command("restore", str(dump), yes=True)
    assert fingerprint() == before
    # Sequences came back too: a new row does not collide with restored ones.
    assert HubFactory().pk > max(hub.pk, other.pk)


def test_backup_writes_a_timestamped_file_in_the_backup_dir(tmp_path, settings, capsys):
    settings.BACKUP_DIR = tmp_path / "backups"
    media = tmp_path / "media"
    (media / "hubs").mkdir(parents=True)
    (media / "hubs" / "photo.jpg").write_bytes(b"\xff\xd8not really a jpeg")
    settings.MEDIA_ROOT = media
    call_command("backup", media=True)
    out = capsys.readouterr().out
    [dump] = (tmp_path / "backups").glob("*.dump")
    [archive] = (tmp_path / "backups").glob("*.media.tar.gz")
    assert str(dump) in out
    assert str(archive) in out
    assert dump.read_bytes().startswith(b"PGDMP")
    with tarfile.open(archive) as tar:
        assert tar.getnames() == ["hubs/photo.jpg"]


def test_backup_refuses_to_overwrite(tmp_path):
    existing = tmp_path / "old.dump"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError):
        call_command("backup", output=str(existing))
    assert existing.read_bytes() == b"keep me"


def test_restore_refuses_without_yes(tmp_path):
    HubFactory(name="Kvar")
    dump = tmp_path / "db.dump"
    call_command("backup", output=str(dump))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(dump))
    assert Hub.objects.filter(name="Kvar").exists()


def test_restore_refuses_missing_and_invalid_files(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.dump"), yes=True)
    invalid = tmp_path / "invalid.dump"
    invalid.write_text("DROP TABLE hubs_hub;")
    with pytest.raises(CommandError, match="custom-format"):
        call_command("restore", str(invalid), yes=True)
    with pytest.raises(CommandError, match="not a file"):
        call_command("restore", str(tmp_path), yes=True)


def test_a_corrupt_archive_changes_nothing(tmp_path):
    HubFactory(name="Orörd")
    corrupt = tmp_path / "corrupt.dump"
    corrupt.write_bytes(b"PGDMP" + b"\x00" * 64)
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore", str(corrupt), yes=True)
    assert Hub.objects.filter(name="Orörd").exists()


def test_client_tools_older_than_the_server_are_refused():
    # A server of major version 99 is newer than any installed pg_dump.
    with pytest.raises(backup.BackupError, match="PG_BIN_DIR"):
        backup.find_tool("pg_dump", 990000)
    server_major = backup.server_version_num() // 10000
    assert backup.find_tool("pg_dump", backup.server_version_num()).major >= server_major


def test_connection_comes_from_settings_and_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "inherited")
    monkeypatch.setenv("PGHOST", "elsewhere.example")
    env = backup.libpq_environment(
        {
            "NAME": "portal",
            "USER": "portal",
            "PASSWORD": "s3cret",
            "HOST": "/run/pg-socket",
            "PORT": "",
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert env["PGDATABASE"] == "portal"
    assert env["PGUSER"] == "portal"
    assert env["PGPASSWORD"] == "s3cret"
    assert env["PGHOST"] == "/run/pg-socket"
    assert env["PGSSLMODE"] == "require"
    assert "PGPORT" not in env
    env = backup.libpq_environment({"NAME": "portal", "HOST": "db", "PASSWORD": ""})
    assert "PGPASSWORD" not in env


def test_the_client_closest_to_the_server_version_wins(monkeypatch):
    versions = {"/bundled/pg_restore": 18, "/usr/bin/pg_restore": 15, "/old/pg_restore": 14}
    monkeypatch.setattr(backup, "_candidates", lambda name: [Path(p) for p in versions])
    monkeypatch.setattr(
        backup,
        "_tool_version",
        lambda path: backup.Tool(path=path, major=versions[str(path)], version=""),
    )
    assert backup.find_tool("pg_restore", 150020).path == Path("/usr/bin/pg_restore")
    assert backup.find_tool("pg_restore", 180001).path == Path("/bundled/pg_restore")
    assert backup.find_tool("pg_restore", 160004).path == Path("/bundled/pg_restore")
