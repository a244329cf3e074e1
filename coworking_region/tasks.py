from celery import shared_task

from coworking_region.lib.heartbeat import heartbeat_record


@shared_task(name="coworking_region.tasks.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Periodic proof of life for /healthz; safe to run any number of times."""
    return heartbeat_record().isoformat()
