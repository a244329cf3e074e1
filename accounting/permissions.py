"""Who sees and changes what in accounting: Region staff see the county
dashboard and edit indicators, targets, manual values and challenges; a hub's
community managers see their own hub's report and fill in its
self-assessment; public challenges are open to everyone."""

from hubs.models import Hub
from hubs.permissions import AnyUser, can_manage_hub, is_region_staff


def can_view_county(user: AnyUser) -> bool:
    return is_region_staff(user)


def can_view_hub_report(user: AnyUser, hub: Hub) -> bool:
    return is_region_staff(user) or can_manage_hub(user, hub)


def can_edit_catalogue(user: AnyUser) -> bool:
    return is_region_staff(user)


def can_edit_challenges(user: AnyUser) -> bool:
    return is_region_staff(user)


def can_self_assess(user: AnyUser, hub: Hub) -> bool:
    return can_manage_hub(user, hub) or is_region_staff(user)
