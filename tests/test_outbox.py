"""The email outbox: written in the caller's transaction, sent once, retried,
swept, and forgotten after the retention period."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coworking_region import outbox
from coworking_region.models import OutboxEmail
from tests.broker import broker_unreachable

pytestmark = pytest.mark.django_db
LATER = timedelta(minutes=10)


def enqueue(**kwargs):
    fields = {"to": "ann@example.org", "subject": "Hello", "body": "Body text", **kwargs}
    return outbox.outbox_enqueue(**fields)


def test_enqueue_writes_a_row_and_send_delivers_it_once():
    email = enqueue(attachments=[outbox.Attachment("a.ics", "BEGIN:VCALENDAR", "text/calendar")])
    assert outbox.outbox_send(email.pk) is True
    assert outbox.outbox_send(email.pk) is False
    (message,) = mail.outbox
    assert message.to == ["ann@example.org"]
    assert message.attachments[0][0] == "a.ics"
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT and email.attempts == 1


def test_a_dedupe_key_is_used_once_for_ever():
    assert enqueue(dedupe_key="reminder:1") is not None
    assert enqueue(dedupe_key="reminder:1") is None
    assert OutboxEmail.objects.count() == 1


def test_rolled_back_transaction_leaves_no_email():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue()
        raise RuntimeError("the registration failed")
    assert not OutboxEmail.objects.exists()


def test_failed_send_is_retried_later_and_given_up_after_max_attempts(settings, monkeypatch):
    def broken(self, *args, **kwargs):
        raise SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    email = enqueue()
    assert outbox.outbox_send(email.pk) is False
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.next_attempt_at > timezone.now()
    assert "connection lost" in email.last_error
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        outbox.outbox_send(email.pk)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.attempts == outbox.MAX_ATTEMPTS


def test_sweep_sends_what_is_due_and_deletes_old_sent_rows(settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    fresh = enqueue(subject="fresh")
    # Just written: left to the task queued after commit.
    assert outbox.outbox_sweep() == 0
    assert outbox.outbox_sweep(now=timezone.now() + LATER) == 1
    fresh.refresh_from_db()
    assert fresh.status == OutboxEmail.Status.SENT
    OutboxEmail.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - timedelta(days=31))
    pending_old = enqueue(subject="old but unsent")
    OutboxEmail.objects.filter(pk=pending_old.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    outbox.outbox_sweep(now=timezone.now() + LATER)
    assert not OutboxEmail.objects.filter(pk=fresh.pk).exists()
    # Old unsent mail is sent before it is forgotten, never silently dropped.
    assert [m.subject for m in mail.outbox] == ["fresh", "old but unsent"]


def test_broker_down_after_commit_does_not_fail_the_caller(django_capture_on_commit_callbacks):
    """With Redis unreachable the after-commit dispatch logs and the row waits."""
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = enqueue()
    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert outbox.outbox_sweep(now=timezone.now() + LATER) == 1
