"""Who may organise journeys and meetings, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from learning_journeys import permissions
from tests.factories import LearningJourneyFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(hub):
    return LearningJourneyFactory(hub=hub)


@pytest.fixture
def meeting(journey, hub):
    return MeetingFactory(journey=journey, hub=hub)


@pytest.fixture
def elsewhere(other_hub):
    """A meeting at another hub in a journey without a lead hub."""
    return MeetingFactory(hub=other_hub, journey=LearningJourneyFactory(hub=None))


def test_anonymous_and_coworkers_organise_nothing(journey, meeting, coworker):
    for user in (AnonymousUser(), coworker):
        assert not permissions.can_organise(user)
        assert not permissions.can_manage_journey(user, journey)
        assert not permissions.can_organise_meeting(user, meeting)
        assert not permissions.meetings_organised_by(user).exists()
        assert not permissions.hubs_for_organiser(user).exists()


def test_venue_manager_organises_meetings_at_their_hub_only(
    journey, meeting, elsewhere, manager, hub
):
    assert permissions.can_organise(manager)
    assert permissions.can_manage_journey(manager, journey)
    assert permissions.can_organise_meeting(manager, meeting)
    assert not permissions.can_organise_meeting(manager, elsewhere)
    assert not permissions.can_manage_journey(manager, elsewhere.journey)
    assert list(permissions.meetings_organised_by(manager)) == [meeting]
    assert list(permissions.hubs_for_organiser(manager)) == [hub]


def test_other_hub_manager_cannot_organise_our_meeting(journey, meeting, other_manager):
    assert permissions.can_organise(other_manager)
    assert not permissions.can_organise_meeting(other_manager, meeting)
    assert not permissions.can_manage_journey(other_manager, journey)


def test_named_organiser_organises_that_meeting(meeting, elsewhere, coworker):
    elsewhere.organisers.add(coworker)
    assert permissions.can_organise_meeting(coworker, elsewhere)
    assert not permissions.can_organise_meeting(coworker, meeting)
    assert list(permissions.meetings_organised_by(coworker)) == [elsewhere]


def test_journey_creator_manages_it(elsewhere):
    creator = UserFactory()
    elsewhere.journey.created_by = creator
    elsewhere.journey.save()
    assert permissions.can_manage_journey(creator, elsewhere.journey)
    assert permissions.can_organise_meeting(creator, elsewhere)


def test_region_staff_and_admins_organise_everything(meeting, elsewhere, staff, admin):
    for user in (staff, admin):
        assert permissions.can_organise(user)
        assert permissions.can_organise_meeting(user, meeting)
        assert permissions.can_organise_meeting(user, elsewhere)
        assert permissions.meetings_organised_by(user).count() == 2


def test_inactive_users_organise_nothing(meeting, manager):
    manager.is_active = False
    manager.save()
    assert not permissions.can_organise_meeting(manager, meeting)
