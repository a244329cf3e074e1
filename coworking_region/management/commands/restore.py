from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from coworking_region import backup


class Command(BaseCommand):
    help = (
        "Restore a dump made by `manage.py backup` with pg_restore --clean --if-exists "
        "--no-owner --single-transaction: the database's tables are replaced by the dump's, "
        "all or nothing. Needs --yes. Media files are restored separately (see README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .dump file made by `manage.py backup`")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="confirm that the current data may be replaced",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, **options):
        path = Path(options["path"]).expanduser()
        target = backup.describe(connections[options["database"]].settings_dict)
        try:
            backup.check_archive(path)
            if not options["yes"]:
                raise CommandError(
                    f"Restoring replaces the data in {target} with {path}. "
                    "Run again with --yes to go ahead."
                )
            tool = backup.restore(path, alias=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {path} into {target} ({tool.version})."))
