"""The audit trail: who changed which record, when, and from what to what.

Every save and delete of the models in AUDITED (hubs, activities, occupancy,
meetings, learning journeys, indicators, targets, manual values, challenges
and their updates, tools, privacy assessments and organisation decisions) is
written to coworking_region.AuditEntry in the same transaction as the change,
so a rolled-back change leaves no entry.

How "before" is known without an extra query: `post_init` keeps a copy of the
field values an instance was loaded with; `pre_save` compares them with the
values about to be written (fields that were deferred are read from the
database). Who: coworking_region.middleware_audit puts the request's user in a
context variable; code outside a request (commands, Celery tasks, tests) may
name the actor with `acting_as(user)`, otherwise the entry has no user.

Limits (by design of Django's signals): `QuerySet.update()`, `bulk_create()`
and `bulk_update()` send no signals and are not recorded. Queryset `.delete()`
is recorded (Django sends post_delete per row once a receiver is connected).
Many-to-many changes made from the audited side (`activity.organisations.set()`,
`tool.needs.add()`) are recorded as {"field": {"added"|"removed": [ids]}}.

Never recorded: NOISE_FIELDS (timestamps that change on every save, search
vectors) and any field whose name looks like a secret (password, token, secret).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save

AUDITED = (
    "hubs.Hub",
    "hubs.Activity",
    "hubs.Occupancy",
    "learning_journeys.LearningJourney",
    "learning_journeys.Meeting",
    "accounting.Indicator",
    "accounting.Target",
    "accounting.ManualValue",
    "accounting.Challenge",
    "accounting.ChallengeUpdate",
    "toolbox.Tool",
    "toolbox.PrivacyAssessment",
    "toolbox.OrganisationDecision",
)
NOISE_FIELDS = frozenset({"updated_at", "search_vector"})
SECRET_MARKERS = ("password", "token", "secret")

_SNAPSHOT = "_audit_snapshot"
_PENDING = "_audit_pending"
_current_user: ContextVar[Any] = ContextVar("audit_current_user", default=None)
_connected = False


# --- Who ---------------------------------------------------------------------------


def set_current_user(user: Any) -> Any:
    """Set the acting user (a user, a lazy request.user or None); returns a token for
    `reset_current_user`."""
    return _current_user.set(user)


def reset_current_user(token: Any) -> None:
    _current_user.reset(token)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record changes made inside this block as made by `user`."""
    token = set_current_user(user)
    try:
        yield
    finally:
        reset_current_user(token)


def _current_user_id() -> int | None:
    user = _current_user.get()
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


# --- What --------------------------------------------------------------------------


def audited_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in AUDITED]


def model_label(model: type[models.Model]) -> str:
    return model._meta.label


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in SECRET_MARKERS)


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields recorded for a model (primary key included once)."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in NOISE_FIELDS and not _is_secret(field.name)
    ]


def _serialise(value: Any) -> Any:
    if isinstance(value, models.fields.files.FieldFile):
        value = value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _normalise(field: models.Field, value: Any) -> Any:
    """The value as the database would give it back (a date assigned as a string
    is a date), so that equal values do not show up as changes."""
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, models.expressions.BaseExpression | models.expressions.Combinable):
        return value  # F() and friends: the new value is only known after the save
    try:
        return field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return value


def _values(instance: models.Model, *, only_loaded: bool = False) -> dict[str, Any]:
    deferred = instance.get_deferred_fields() if only_loaded else set()
    return {
        field.attname: _normalise(field, getattr(instance, field.attname))
        for field in tracked_fields(type(instance))
        if field.attname not in deferred
    }


def _snapshot(sender, instance: models.Model, **kwargs) -> None:
    if instance.pk is not None:
        setattr(instance, _SNAPSHOT, copy.deepcopy(_values(instance, only_loaded=True)))


def _before_values(instance: models.Model) -> dict[str, Any] | None:
    """The stored values of an existing row: the post_init copy, completed from
    the database for fields that were deferred (None for a new row)."""
    model = type(instance)
    snapshot = dict(getattr(instance, _SNAPSHOT, None) or {})
    wanted = {field.attname for field in tracked_fields(model)}
    missing = wanted - set(snapshot)
    if missing:
        row = model._base_manager.filter(pk=instance.pk).values(*missing).first()
        if row is None:
            return None
        fields = {field.attname: field for field in tracked_fields(model)}
        snapshot.update({name: _normalise(fields[name], value) for name, value in row.items()})
    return snapshot


def _record(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    from coworking_region.models import AuditEntry

    AuditEntry.objects.create(
        model=model_label(type(instance)),
        object_pk=str(instance.pk),
        action=action,
        changes=changes,
        user_id=_current_user_id(),
    )


def _pre_save(sender, instance: models.Model, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    adding = instance._state.adding or instance.pk is None
    setattr(instance, _PENDING, None if adding else _before_values(instance))


def _post_save(sender, instance: models.Model, created: bool, raw: bool = False, **kwargs):
    if raw:
        return
    before = getattr(instance, _PENDING, None)
    after = _values(instance)
    if created or before is None:
        _record(instance, "create", {name: _serialise(value) for name, value in after.items()})
    else:
        update_fields = kwargs.get("update_fields")
        changes = {
            name: [_serialise(before.get(name)), _serialise(value)]
            for name, value in after.items()
            if (update_fields is None or name in _attnames(sender, update_fields))
            and not isinstance(value, models.expressions.Combinable)
            and before.get(name) != value
        }
        if changes:
            _record(instance, "update", changes)
    setattr(instance, _PENDING, None)
    setattr(instance, _SNAPSHOT, copy.deepcopy(after))


def _attnames(model: type[models.Model], names) -> set[str]:
    result = set()
    for name in names:
        try:
            result.add(model._meta.get_field(name).attname)
        except Exception:  # noqa: BLE001 - an attname was given
            result.add(name)
    return result


def _post_delete(sender, instance: models.Model, **kwargs) -> None:
    before = getattr(instance, _SNAPSHOT, None) or _values(instance, only_loaded=True)
    _record(instance, "delete", {name: _serialise(value) for name, value in before.items()})


def _m2m_changed(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs):
    """Record membership changes made from the audited side of a many-to-many."""
    if reverse or not isinstance(instance, tuple(audited_models())):
        return
    field_name = _m2m_field_name(type(instance), sender)
    if field_name is None:
        return
    if action == "pre_clear":
        manager = getattr(instance, field_name)
        instance._audit_cleared = sorted(manager.values_list("pk", flat=True))
        return
    if action == "post_clear":
        ids = getattr(instance, "_audit_cleared", [])
        if ids:
            _record(instance, "update", {field_name: {"removed": _serialise(ids)}})
        return
    if action in ("post_add", "post_remove") and pk_set:
        key = "added" if action == "post_add" else "removed"
        _record(instance, "update", {field_name: {key: _serialise(sorted(pk_set))}})


def _m2m_field_name(model: type[models.Model], through: type[models.Model]) -> str | None:
    for field in model._meta.many_to_many:
        if field.remote_field.through is through and not _is_secret(field.name):
            return field.name
    return None


def connect() -> None:
    """Connect the receivers (called once from CoworkingRegionConfig.ready)."""
    global _connected
    if _connected:
        return
    for model in audited_models():
        uid = f"audit:{model_label(model)}"
        post_init.connect(_snapshot, sender=model, dispatch_uid=f"{uid}:init")
        pre_save.connect(_pre_save, sender=model, dispatch_uid=f"{uid}:pre_save")
        post_save.connect(_post_save, sender=model, dispatch_uid=f"{uid}:post_save")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=f"{uid}:post_delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                m2m_changed.connect(
                    _m2m_changed, sender=through, dispatch_uid=f"{uid}:m2m:{field.name}"
                )
    _connected = True


# --- Retention ---------------------------------------------------------------------


def purge_before(cutoff) -> int:
    """Delete the entries written before `cutoff` (the daily retention job,
    AUDIT_RETENTION_DAYS; coworking_region.retention). Returns how many.

    The only code that deletes entries: `AuditEntry.delete()` refuses and the
    admin and the portal offer no deletion. A queryset delete is one SQL DELETE
    that never calls the instance method, so it is kept to this function."""
    from coworking_region.models import AuditEntry

    _total, per_model = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
    return per_model.get(AuditEntry._meta.label, 0)


# --- GDPR ----------------------------------------------------------------------------


def _user_fields(model: type[models.Model]) -> list[str]:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    return [
        field.attname
        for field in tracked_fields(model)
        if field.is_relation and field.related_model is user_model
    ]


def forget_user(user_pk: int) -> int:
    """Remove a person from the trail (for account deletion): entries they made
    lose their user, and their id is blanked wherever a changed field pointed at
    them (created_by_id, recorded_by_id, author_id, ...). The entries stay.
    Returns the number of entries touched. The only code that rewrites entries."""
    from coworking_region.models import AuditEntry

    touched = AuditEntry.objects.filter(user_id=user_pk).update(user=None)
    for model in audited_models():
        names = _user_fields(model)
        if not names:
            continue
        condition = models.Q()
        for name in names:
            condition |= models.Q(**{f"changes__{name}": user_pk})
            condition |= models.Q(**{f"changes__{name}__contains": [user_pk]})
        for entry in AuditEntry.objects.filter(condition, model=model_label(model)):
            changes = dict(entry.changes)
            for name in names:
                value = changes.get(name)
                if value == user_pk:
                    changes[name] = None
                elif isinstance(value, list):
                    changes[name] = [None if item == user_pk else item for item in value]
            AuditEntry.objects.filter(pk=entry.pk).update(changes=changes)
            touched += 1
    return touched
