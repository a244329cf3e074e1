from celery import shared_task

from coworking_region.lib.heartbeat import heartbeat_record


@shared_task(name="coworking_region.tasks.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Periodic proof of life for /healthz; safe to run any number of times."""
    return heartbeat_record().isoformat()


@shared_task(name="coworking_region.tasks.send_outbox_email", ignore_result=True)
def send_outbox_email(pk: int) -> bool:
    """Send one outbox email after the transaction that wrote it committed."""
    from coworking_region.outbox import outbox_send

    return outbox_send(pk)


@shared_task(name="coworking_region.tasks.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Periodic: send what a lost task or a broker outage left in the outbox."""
    from coworking_region.outbox import outbox_sweep

    return outbox_sweep()


@shared_task(name="coworking_region.tasks.purge_expired_data", ignore_result=True)
def purge_expired_data() -> dict[str, int]:
    """Daily: delete login records, audit entries and sessions past their retention."""
    from coworking_region.retention import purge_expired_data as purge

    return purge()
