"""The email outbox: enqueue in the caller's transaction, send after commit.

- `outbox_enqueue` writes an OutboxEmail row in the current transaction and asks
  Celery to send it once that transaction commits. If the broker is down the
  row simply waits: `outbox_sweep` (Celery beat, every minute) sends it later.
- `outbox_send` locks the row, sends, and marks it sent in one transaction, so
  a task and the sweep racing for the same row send it once.
- A `dedupe_key` makes an email unique for ever ("the reminder for
  registration 17"): enqueueing it again is a no-op.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboxEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def outbox_enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
    dedupe_key: str | None = None,
) -> OutboxEmail | None:
    """Queue one email; returns None when `dedupe_key` was already used."""
    fields = {
        "to": to,
        "subject": " ".join(subject.split())[:300],
        "body": body,
        "attachments": [
            {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
            for a in attachments
        ],
        "dedupe_key": dedupe_key,
    }
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(**fields)
    except IntegrityError:
        if dedupe_key and OutboxEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(partial(_dispatch, email.pk), robust=True)
    return email


def _dispatch(pk: int) -> None:
    """Hand the row to Celery; never raises (the sweep covers a broker outage)."""
    from coworking_region.tasks import send_outbox_email

    try:
        send_outbox_email.apply_async((pk,), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure leaves the row to the sweep
        logger.warning(
            "outbox: could not queue email %s, the sweep will send it", pk, exc_info=True
        )


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def outbox_send(pk: int) -> bool:
    """Send one pending email exactly once; True if this call sent it."""
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutboxEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        message = EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        for attachment in email.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - SMTP errors come in many classes
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboxEmail.Status.FAILED
                logger.error("outbox: giving up on email %s after %s attempts", pk, email.attempts)
            else:
                email.next_attempt_at = timezone.now() + _backoff(email.attempts)
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        email.status = OutboxEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return True


def outbox_sweep(*, now=None, limit: int = 200) -> int:
    """Send due emails a lost task left behind, and forget old sent ones.

    Returns how many were sent. Sent rows are deleted after
    OUTBOX_RETENTION_DAYS: they hold email addresses and have no further purpose.
    """
    now = now or timezone.now()
    due = list(
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.PENDING,
            next_attempt_at__lte=now - timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS),
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(1 for pk in due if outbox_send(pk))
    OutboxEmail.objects.filter(
        status__in=[OutboxEmail.Status.SENT, OutboxEmail.Status.FAILED],
        created_at__lt=now - timedelta(days=settings.OUTBOX_RETENTION_DAYS),
    ).delete()
    return sent
