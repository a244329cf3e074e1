"""Who may do what in the toolbox: anyone reads published tools; signed-in
users review and suggest; Region staff (and admins) edit the catalogue,
assessments and decisions, and moderate."""

from hubs.permissions import AnyUser, is_coworker, is_region_staff


def can_review(user: AnyUser) -> bool:
    return is_coworker(user)


def can_suggest(user: AnyUser) -> bool:
    return is_coworker(user)


def can_edit_catalogue(user: AnyUser) -> bool:
    return is_region_staff(user)


def can_moderate(user: AnyUser) -> bool:
    return is_region_staff(user)
