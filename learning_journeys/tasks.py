from celery import shared_task

from . import services


@shared_task(name="learning_journeys.tasks.send_due_notifications", ignore_result=True)
def send_due_notifications() -> dict[str, int]:
    """Periodic: reminders 24 h before, released reservations, report reminders."""
    return services.send_due_notifications()


@shared_task(name="learning_journeys.tasks.anonymise_old_registrations", ignore_result=True)
def anonymise_old_registrations() -> int:
    """Daily: remove personal data of registrations a retention period after the meeting."""
    return services.anonymise_registrations()
