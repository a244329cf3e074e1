from django.core.management.base import BaseCommand

from hubs.reference import reference_load


class Command(BaseCommand):
    help = "Load or update the county's municipalities, agencies and events (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        reference_load()
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
