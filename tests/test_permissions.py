import pytest
from django.contrib.auth.models import AnonymousUser

from hubs.permissions import (
    can_manage_hub,
    hubs_managed_by,
    is_admin,
    is_coworker,
    is_region_staff,
)

pytestmark = pytest.mark.django_db


def test_anonymous_has_no_role(hub):
    anonymous = AnonymousUser()
    assert not is_coworker(anonymous)
    assert not is_region_staff(anonymous)
    assert not is_admin(anonymous)
    assert not can_manage_hub(anonymous, hub)
    assert list(hubs_managed_by(anonymous)) == []


def test_coworker_manages_nothing(coworker, hub):
    assert is_coworker(coworker)
    assert not is_region_staff(coworker)
    assert not can_manage_hub(coworker, hub)


def test_manager_manages_only_their_own_hub(manager, hub, other_hub):
    assert can_manage_hub(manager, hub)
    assert not can_manage_hub(manager, other_hub)
    assert list(hubs_managed_by(manager)) == [hub]
    assert not is_region_staff(manager)


def test_manager_of_several_hubs(manager, hub, other_hub):
    from tests.factories import HubManagerFactory

    HubManagerFactory(hub=other_hub, user=manager)
    assert can_manage_hub(manager, other_hub)
    assert set(hubs_managed_by(manager)) == {hub, other_hub}


def test_region_staff_see_county_but_do_not_manage_hubs(staff, hub):
    assert is_region_staff(staff)
    assert not can_manage_hub(staff, hub)


def test_admin_is_region_staff_and_may_manage_every_hub(admin, hub, other_hub):
    assert is_admin(admin)
    assert is_region_staff(admin)
    assert can_manage_hub(admin, hub) and can_manage_hub(admin, other_hub)
    assert set(hubs_managed_by(admin)) == {hub, other_hub}


def test_deactivated_users_lose_every_role(manager, hub, staff):
    manager.is_active = False
    staff.is_active = False
    assert not can_manage_hub(manager, hub)
    assert not is_region_staff(staff)
    assert not is_coworker(manager)


def test_hub_records_are_seen_by_its_managers_region_staff_and_admins(
    manager, other_manager, staff, admin, coworker, hub
):
    from hubs.permissions import can_view_any_hub_records, can_view_hub_records

    assert can_view_hub_records(manager, hub)
    assert can_view_hub_records(staff, hub)
    assert can_view_hub_records(admin, hub)
    assert not can_view_hub_records(other_manager, hub)
    assert not can_view_hub_records(coworker, hub)
    assert not can_view_hub_records(AnonymousUser(), hub)
    assert can_view_any_hub_records(other_manager) and can_view_any_hub_records(staff)
    assert not can_view_any_hub_records(coworker)
    assert not can_view_any_hub_records(AnonymousUser())
