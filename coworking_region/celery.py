"""The Celery app. Configuration lives in settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coworking_region.settings")

app = Celery("coworking_region")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["coworking_region"])


@beat_init.connect
def _first_heartbeat(sender: object, **kwargs: object) -> None:
    """Send one heartbeat as soon as beat starts, so /healthz need not wait an interval."""
    app.send_task("coworking_region.tasks.heartbeat")
