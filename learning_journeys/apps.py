from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningJourneysConfig(AppConfig):
    name = "learning_journeys"
    verbose_name = _("Learning journeys (Läranderesor)")

    def ready(self) -> None:
        from hubs.extensions import register_hub_section

        from .hub_section import upcoming_meetings_section

        # The hub page lists the hub's next learning meetings.
        register_hub_section(upcoming_meetings_section)
