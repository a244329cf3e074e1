from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountingConfig(AppConfig):
    name = "accounting"
    verbose_name = _("Accounting (Redovisning 2.0)")

    def ready(self) -> None:
        from . import signals

        signals.connect()
