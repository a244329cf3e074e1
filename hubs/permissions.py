"""The one place that answers "who may do what" for roles.

Roles: the anonymous public; a coworker is any active signed-in user; a
community manager holds a HubManager membership for a specific hub; Region
staff have `is_region_staff`; admins are superusers. Later apps call these
helpers instead of reading the flags themselves.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from .models import Hub, HubManager

AnyUser = AbstractBaseUser | AnonymousUser


def is_coworker(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_admin(user: AnyUser) -> bool:
    return is_coworker(user) and bool(getattr(user, "is_superuser", False))


def is_region_staff(user: AnyUser) -> bool:
    """Region JH staff see every county dashboard and report (admins too)."""
    return is_coworker(user) and (bool(getattr(user, "is_region_staff", False)) or is_admin(user))


def can_manage_hub(user: AnyUser, hub: Hub) -> bool:
    """May this user manage this hub: a manager of that very hub, or an admin."""
    if not is_coworker(user):
        return False
    if is_admin(user):
        return True
    return HubManager.objects.filter(user_id=user.pk, hub_id=hub.pk).exists()


def hubs_managed_by(user: AnyUser) -> QuerySet[Hub]:
    """The hubs this user may manage (all of them for an admin)."""
    if not is_coworker(user):
        return Hub.objects.none()
    if is_admin(user):
        return Hub.objects.all()
    return Hub.objects.filter(manager_memberships__user_id=user.pk)


def can_view_hub_records(user: AnyUser, hub: Hub) -> bool:
    """May read this hub's activity and occupancy records (its workspace): the hub's
    managers and admins, and Region staff (read-only)."""
    return is_region_staff(user) or can_manage_hub(user, hub)


def can_view_any_hub_records(user: AnyUser) -> bool:
    """May read the records of at least one hub: Region staff, admins, any manager."""
    return is_region_staff(user) or hubs_managed_by(user).exists()
