from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningJourneysConfig(AppConfig):
    name = "learning_journeys"
    verbose_name = _("Learning journeys (Läranderesor)")
