from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingRegionConfig(AppConfig):
    name = "coworking_region"
    verbose_name = _("Coworking Jämtland")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit, lockout  # noqa: F401 - lockout connects its password-reset receiver

        audit.connect()
