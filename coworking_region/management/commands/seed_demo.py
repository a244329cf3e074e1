from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coworking_region.demo import demo_seed


class Command(BaseCommand):
    help = "Load demo data and one login per role (development only; idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: refusing with DEBUG off.")
        logins = demo_seed(password=settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins:"))
        for login in logins:
            self.stdout.write(f"  {login.email:<24} {login.role}")
        self.stdout.write(f"  password for all of them: {settings.DEMO_PASSWORD}")
        self.stdout.write("  (set DEMO_PASSWORD to choose another)")
