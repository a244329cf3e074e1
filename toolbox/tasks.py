from celery import shared_task

from . import services


@shared_task(name="toolbox.tasks.reassessment_reminders", ignore_result=True)
def reassessment_reminders() -> int:
    """Daily: remind Region staff of privacy assessments that expire."""
    return services.reassessment_reminders()
