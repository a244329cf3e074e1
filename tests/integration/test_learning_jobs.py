"""Learning-journey emails through the real Celery worker and beat: reminders
go out exactly once however often the job runs (two workers, one restarted),
and a sign-up made while Redis is unreachable still gets its email, once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from coworking_region.models import OutboxEmail
from learning_journeys import services
from tests.broker import broker_unreachable
from tests.factories import HubFactory, MeetingFactory, RegistrationFactory, UserFactory
from tests.integration.conftest import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_reminders_are_sent_exactly_once_with_two_workers_and_a_restart(
    celery_worker_process, tmp_path
):
    soon = timezone.now() + timedelta(hours=20)
    meeting = MeetingFactory(
        hub=HubFactory(), starts_at=soon, ends_at=soon + timedelta(hours=2), title="Reminder test"
    )
    registrations = [
        RegistrationFactory(meeting=meeting, user=UserFactory(email=f"remind{i}@example.org"))
        for i in range(3)
    ]
    # A second worker with its own beat: the job now runs twice a second.
    second = WorkerProcess(tmp_path, mail_dir=celery_worker_process.mail_dir)
    second.wait_ready()
    try:
        wait_for(
            lambda: (
                OutboxEmail.objects.filter(
                    dedupe_key__startswith="lj:reminder:", status="sent", to__startswith="remind"
                ).count()
                == 3
            ),
            timeout=40,
        )
    finally:
        second.stop()  # the "restart": the other worker goes on alone
    time.sleep(3)  # several more runs of the job
    for registration in registrations:
        messages = celery_worker_process.emails_to(registration.email)
        assert len(messages) == 1, messages
        assert "Reminder test" in messages[0]
        row = OutboxEmail.objects.get(dedupe_key=f"lj:reminder:{registration.pk}")
        assert row.attempts == 1


def test_sign_up_while_redis_is_down_succeeds_and_the_email_goes_out_once(celery_worker_process):
    meeting = MeetingFactory(hub=HubFactory(), title="Broker outage test")
    user = UserFactory(email="outage@example.org")

    with broker_unreachable():
        registration = services.register_user(meeting=meeting, user=user)

    assert registration.status == "confirmed"
    email = OutboxEmail.objects.get(dedupe_key=f"lj:confirmed:{registration.pk}")
    # The worker's periodic sweep picks it up once the grace period has passed.
    wait_for(lambda: celery_worker_process.emails_to(user.email), timeout=30)
    time.sleep(3)
    assert len(celery_worker_process.emails_to(user.email)) == 1
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 1
    assert "Content-Type: text/calendar" in celery_worker_process.emails_to(user.email)[0]
