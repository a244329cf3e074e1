import math
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounting.rollup import rollup_full
from coworking_region import generate


def _scale(value: object) -> float:
    try:
        scale = float(value)
    except (TypeError, ValueError):
        scale = math.nan
    if not (math.isfinite(scale) and 0 < scale <= generate.MAX_SCALE):
        raise CommandError(
            f"--scale must be a number greater than 0 and at most {generate.MAX_SCALE:g}, "
            f"not {value!r}."
        )
    return scale


def _whole(value: object, option: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise CommandError(f"{option} must be a whole number from {low} to {high}, not {value!r}.")
    return number


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with a generated county for load tests: by default 10 years "
        "of 60 hubs in the 8 municipalities of Jämtland (about 1.1 million occupancy and "
        "breakdown rows, 60 000 activities, 3 000 learning meetings, 100 000 registrations: "
        "about 1.5 million rows, some 3 minutes on a busy 2-core machine), then a full "
        "roll-up. Same --seed and --until give the same data. Refuses a database that already "
        "has hubs, learning journeys or tools (e.g. the demo data) and refuses with DEBUG off. "
        "Generated rows are loaded with COPY: they are not in the audit trail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", default=1, help="random seed, a whole number (default 1)")
        parser.add_argument(
            "--scale",
            default=1.0,
            help="multiply every volume, e.g. 0.01 for a quick test (default 1; at most "
            f"{generate.MAX_SCALE:g})",
        )
        parser.add_argument(
            "--years",
            default=generate.DEFAULT_YEARS,
            help=f"years of history (default {generate.DEFAULT_YEARS})",
        )
        parser.add_argument(
            "--hubs",
            default=generate.DEFAULT_HUBS,
            help=f"hubs at scale 1 (default {generate.DEFAULT_HUBS})",
        )
        parser.add_argument(
            "--until",
            help="the generated world's today, YYYY-MM-DD (default: today); history ends "
            "here and meetings after it are upcoming",
        )
        parser.add_argument(
            "--no-rollup", action="store_true", help="skip the full accounting roll-up at the end"
        )
        parser.add_argument(
            "--quiet", action="store_true", help="no progress or summary (same as -v 0)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Generated data is for development and load tests only: refusing with DEBUG off."
            )
        seed = _whole(options["seed"], "--seed", 0, 2**63 - 1)
        scale = _scale(options["scale"])
        years = _whole(options["years"], "--years", 1, generate.MAX_YEARS)
        hubs = _whole(options["hubs"], "--hubs", 1, generate.MAX_HUBS)
        until = timezone.localdate()
        if options["until"]:
            try:
                until = date.fromisoformat(options["until"])
            except ValueError as error:
                raise CommandError(
                    f"--until must be a date as YYYY-MM-DD, not {options['until']!r}."
                ) from error
        quiet = options["quiet"] or options["verbosity"] == 0
        # The raw stream: progress lines end in "\r" on a terminal, not in a newline.
        progress = generate.Progress(getattr(self.stderr, "_out", self.stderr), enabled=not quiet)
        started = time.monotonic()
        try:
            counts = generate.generate_county(
                seed=seed,
                until=until,
                scale=scale,
                years=years,
                hubs=hubs,
                progress=progress,
            )
        except generate.CountyNotEmpty as error:
            raise CommandError(
                f"The database already has {error}: generate_county fills only an empty "
                "database (reference data is fine). Create a new database, migrate it and "
                "run the command again."
            ) from error
        snapshots = None
        if not options["no_rollup"]:
            progress.start("roll-up", 1)
            snapshots = rollup_full(today=until)
            progress.finish()
        if quiet:
            return
        self.stdout.write(f"Generated county: seed {seed}, until {until}, scale {scale:g}")
        for table, rows in sorted(counts.items()):
            self.stdout.write(f"  {table:<48} {rows:>10,}")
        self.stdout.write(f"  {'total':<48} {sum(counts.values()):>10,}")
        if snapshots is not None:
            self.stdout.write(f"  {'snapshots (roll-up)':<48} {snapshots:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
