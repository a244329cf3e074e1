"""Signed links in emails: confirm a guest sign-up, cancel without logging in,
give feedback. Each carries the registration's random token signed with
SECRET_KEY; anonymising a registration removes the token, so old links die."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Registration

CONFIRM_SALT = "learning_journeys.confirm"
CANCEL_SALT = "learning_journeys.cancel"
FEEDBACK_SALT = "learning_journeys.feedback"
# A guest has a week to confirm; cancel and feedback links live as long as the registration.
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def sign(registration: Registration, salt: str) -> str:
    return signing.dumps(registration.token, salt=salt, compress=True)


def confirm_url(registration: Registration) -> str:
    return _absolute(
        reverse(
            "learning_journeys:guest-confirm", kwargs={"signed": sign(registration, CONFIRM_SALT)}
        )
    )


def cancel_url(registration: Registration) -> str:
    return _absolute(
        reverse("learning_journeys:link-cancel", kwargs={"signed": sign(registration, CANCEL_SALT)})
    )


def feedback_url(registration: Registration) -> str:
    return _absolute(
        reverse(
            "learning_journeys:link-feedback", kwargs={"signed": sign(registration, FEEDBACK_SALT)}
        )
    )


def resolve(signed: str, salt: str, *, max_age: int | None = None) -> Registration | None:
    """The registration a signed link points to, or None if forged, expired or anonymised."""
    try:
        token = signing.loads(signed, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(token, str):
        return None
    return (
        Registration.objects.select_related("meeting", "meeting__hub", "meeting__journey")
        .filter(token=token)
        .first()
    )
