from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from coworking_region import backup


def _size(num_bytes: int) -> str:
    size = float(num_bytes)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{num_bytes} B"


class Command(BaseCommand):
    help = (
        "Back up the database with pg_dump (custom format, no owners or privileges) to "
        "var/backups/<timestamp>.dump or --output. Media files (MEDIA_ROOT) are not in the "
        "dump: add --media or back them up separately."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="file to write (default: var/backups/<timestamp>.dump)"
        )
        parser.add_argument(
            "--media",
            action="store_true",
            help="also write MEDIA_ROOT as <dump name>.media.tar.gz next to the dump",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, **options):
        if options["output"]:
            output = Path(options["output"]).expanduser().resolve()
        else:
            directory = Path(getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))
            output = backup.default_backup_path(directory)
        try:
            tool = backup.dump(output, alias=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{output} ({_size(output.stat().st_size)}, {tool.version})")
        if options["media"]:
            media = output.with_name(output.name.removesuffix(".dump") + ".media.tar.gz")
            try:
                count = backup.archive_media(Path(settings.MEDIA_ROOT), media)
            except FileExistsError as error:
                raise CommandError(f"{media} already exists.") from error
            self.stdout.write(f"{media} ({_size(media.stat().st_size)}, {count} media files)")
