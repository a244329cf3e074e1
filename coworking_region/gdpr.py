"""GDPR rights of a signed-in user: a copy of everything the portal holds about
them (right of access, art. 15/20) and deleting their account (right to
erasure, art. 17).

What is personal is found by looking at the models, not from a hand-kept list:
every foreign key and many-to-many field pointing at the user model, plus the
places that hold a person's email address or name without a key
(registrations by a guest with the same address, outgoing emails, the audit
trail, admin log entries, login-attempt logs).

Deletion keeps the aggregates: a registration keeps its meeting, status and
organisation but loses user, name, email and token; a review keeps its rating
and tip but loses its author; records the user created or changed (activities,
occupancy, challenges, ...) lose only the "by whom". Memberships, calendar
feed, email addresses, sessions and the emails addressed to them are deleted.
Finally their email address is removed from every text column of every table,
and their name from the free-text logs (audit trail, outgoing emails, admin
log, privacy assessments' "assessed by").
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast
from django.utils import timezone

REMOVED = "[removed]"
# Never written to the export: credentials are not "data about" the person and
# a downloaded file must not become a way to take over the account.
SECRET_MARKERS = ("password", "token", "secret", "session_key")
# (model label, field names) where a person's name may be written as free text
# by the portal itself; the name is replaced there on deletion.
NAME_FIELDS = (
    ("coworking_region.AuditEntry", ("object_repr", "changes")),
    ("coworking_region.OutboxEmail", ("subject", "body")),
    ("admin.LogEntry", ("object_repr", "change_message")),
    ("toolbox.PrivacyAssessment", ("assessed_by",)),
)
# Login-attempt logs (django-axes, if installed) keyed by the typed username.
LOGIN_LOG_MODELS = ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog")


class DeletionRefused(Exception):
    """The account may not be deleted (e.g. the last active administrator)."""


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _user_links() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) that is a foreign key / one-to-one to the user model."""
    user_model = get_user_model()
    links = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                links.append((model, field))
    return links


def _user_m2m() -> list[tuple[type[models.Model], models.Field]]:
    user_model = get_user_model()
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.related_model is user_model
    ]


def _is_secret(name: str) -> bool:
    return any(marker in name.lower() for marker in SECRET_MARKERS)


def _row(obj: models.Model, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A row as plain values: concrete fields (foreign keys as ids), no secrets."""
    data: dict[str, Any] = {"_record": str(obj)}
    for field in obj._meta.concrete_fields:
        if field.name in skip or _is_secret(field.name):
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""
        data[field.name] = value
    return data


def _registrations(user) -> models.QuerySet:
    Registration = apps.get_model("learning_journeys", "Registration")
    condition = Q(user=user)
    if user.email:
        condition |= Q(email__iexact=user.email)
    return Registration.objects.filter(condition)


def user_data_export(user) -> dict[str, Any]:
    """Everything the portal holds about `user`, as JSON-ready data.

    Only rows that are theirs: their account, their registrations (also those
    made as a guest with the same address) with their own feedback, the emails
    addressed to them, and every record that names them through a foreign key
    or many-to-many field (grouped by "app.Model.field").
    """
    user = get_user_model().objects.select_related("organisation").get(pk=user.pk)
    account = _row(user, skip=("last_login",))
    account["last_login"] = user.last_login
    account["organisation_name"] = user.organisation.name if user.organisation_id else ""
    account.pop("_record")

    registrations = []
    for registration in _registrations(user).select_related("meeting"):
        data = _row(registration)
        data["meeting_title"] = registration.meeting.title
        data["meeting_starts_at"] = registration.meeting.starts_at
        feedback = getattr(registration, "feedback", None)
        data["feedback"] = _row(feedback, skip=("registration",)) if feedback else None
        registrations.append(data)

    OutboxEmail = apps.get_model("coworking_region", "OutboxEmail")
    emails = (
        [_row(email) for email in OutboxEmail.objects.filter(to__iexact=user.email)]
        if user.email
        else []
    )

    records: dict[str, list[dict[str, Any]]] = {}
    for model, field in _user_links():
        if model is apps.get_model("learning_journeys", "Registration"):
            continue  # above, with the guest sign-ups and feedback
        rows = [_row(obj) for obj in model._default_manager.filter(**{field.name: user})]
        if rows:
            records[f"{_label(model)}.{field.name}"] = rows
    for model, field in _user_m2m():
        rows = [_row(obj) for obj in model._default_manager.filter(**{field.name: user})]
        if rows:
            records[f"{_label(model)}.{field.name}"] = rows

    data = {
        "generated_at": timezone.now(),
        "account": account,
        "registrations": registrations,
        "emails_to_you": emails,
        "records": records,
    }
    # Round-trip through the encoder: dates, decimals and UUIDs become strings.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _scrub_text(value: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(REMOVED, value)


def _scrub_json(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, pattern)
    if isinstance(value, list):
        return [_scrub_json(item, pattern) for item in value]
    if isinstance(value, dict):
        return {
            _scrub_text(key, pattern): _scrub_json(item, pattern) for key, item in value.items()
        }
    return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.primary_key
    ]


def _scrub(model: type[models.Model], field: models.Field, needle: str, pattern) -> int:
    """Replace `pattern` in `field` of every row of `model` that contains `needle`.

    Rows are written with queryset.update(): no signals, no save() guards (the
    audit trail refuses save(), yet erasure must reach it too).
    """
    manager = model._base_manager
    if isinstance(field, models.JSONField):
        rows = manager.annotate(_gdpr_text=Cast(field.name, models.TextField())).filter(
            _gdpr_text__icontains=needle
        )
    else:
        rows = manager.filter(**{f"{field.name}__icontains": needle})
    changed = 0
    for pk, value in rows.values_list("pk", field.attname):
        if isinstance(field, models.JSONField):
            new = _scrub_json(value, pattern)
        elif value.strip().lower() == needle.lower() and (field.blank or field.null):
            # A field holding just their address (or name) is emptied.
            new = None if field.null else ""
        else:
            new = _scrub_text(value, pattern)
            if field.max_length and len(new) > field.max_length:
                new = new[: field.max_length]
        if new != value:
            manager.filter(pk=pk).update(**{field.attname: new})
            changed += 1
    return changed


def _scrub_everywhere(email: str, name: str) -> None:
    if email:
        # Not inside a longer address: deleting anna@x.se leaves joanna@x.se alone.
        pattern = re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)", re.IGNORECASE)
        for model in apps.get_models():
            for field in _text_fields(model):
                _scrub(model, field, email, pattern)
    name = name.strip()
    if name:
        # Whole words only: "Li" must not eat "Lisa".
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        for label, names in NAME_FIELDS:
            model = _model(label)
            if model is None:
                continue
            for field_name in names:
                try:
                    field = model._meta.get_field(field_name)
                except FieldDoesNotExist:
                    continue
                _scrub(model, field, name, pattern)


def _delete_sessions(user) -> None:
    from django.contrib.sessions.models import Session

    user_key = str(user.pk)
    stale = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        try:
            data = session.get_decoded()
        except Exception:  # noqa: BLE001 - an undecodable session names no one we can check
            data = {}
        if str(data.get("_auth_user_id", "")) == user_key:
            stale.append(session.session_key)
    Session.objects.filter(session_key__in=stale).delete()


def can_delete(user) -> bool:
    """False for the last active superuser: the portal must keep an administrator."""
    if not (user.is_superuser and user.is_active):
        return True
    return (
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


def account_delete(user) -> None:
    """Delete `user`'s account in one transaction, anonymising what the
    aggregates need. Raises DeletionRefused for the last active superuser."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not can_delete(user):
            raise DeletionRefused("The last active administrator cannot be deleted.")
        email, name, now = user.email, user.name, timezone.now()

        _registrations(user).update(user=None, name="", email="", token=None, anonymised_at=now)
        Review = _model("toolbox.Review")
        if Review is not None:
            Review.objects.filter(user=user).update(user=None)
        if email:
            apps.get_model("coworking_region", "OutboxEmail").objects.filter(
                to__iexact=email
            ).delete()
            for label in LOGIN_LOG_MODELS:
                model = _model(label)
                if model is not None:
                    model._base_manager.filter(username__iexact=email).delete()
        LogEntry = _model("admin.LogEntry")
        if LogEntry is not None:
            from django.contrib.contenttypes.models import ContentType

            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
            ).delete()
        _delete_sessions(user)

        # Authorship (SET_NULL) is cleared by queryset updates, without signals,
        # so nothing new is audited; memberships, calendar feed, email addresses
        # and admin log entries by them go with the user (CASCADE).
        for model, field in _user_links():
            if field.null:
                model._base_manager.filter(**{field.name: user}).update(**{field.name: None})
        user.delete()
        _scrub_everywhere(email, name)
