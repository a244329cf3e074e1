"""Who may organise what. Organisers are Region staff (and admins), the
community managers of the venue hub (or of the journey's lead hub), and the
people named as a meeting's organisers."""

from django.db.models import Q, QuerySet

from hubs.models import Hub
from hubs.permissions import AnyUser, can_manage_hub, hubs_managed_by, is_coworker, is_region_staff

from .models import LearningJourney, Meeting


def can_organise(user: AnyUser) -> bool:
    """May create journeys and meetings at all."""
    return is_region_staff(user) or hubs_managed_by(user).exists()


def hubs_for_organiser(user: AnyUser) -> QuerySet[Hub]:
    """Hubs this user may choose as a venue or lead hub."""
    if is_region_staff(user):
        return Hub.objects.filter(is_active=True)
    return hubs_managed_by(user)


def can_manage_journey(user: AnyUser, journey: LearningJourney) -> bool:
    if not is_coworker(user):
        return False
    if is_region_staff(user):
        return True
    if journey.hub_id and can_manage_hub(user, journey.hub):
        return True
    return journey.created_by_id is not None and journey.created_by_id == user.pk


def can_organise_meeting(user: AnyUser, meeting: Meeting) -> bool:
    if not is_coworker(user):
        return False
    if is_region_staff(user):
        return True
    if meeting.hub_id and can_manage_hub(user, meeting.hub):
        return True
    if meeting.organisers.filter(pk=user.pk).exists():
        return True
    return can_manage_journey(user, meeting.journey)


def journeys_managed_by(user: AnyUser) -> QuerySet[LearningJourney]:
    if not is_coworker(user):
        return LearningJourney.objects.none()
    if is_region_staff(user):
        return LearningJourney.objects.all()
    return LearningJourney.objects.filter(
        Q(hub__in=hubs_managed_by(user)) | Q(created_by_id=user.pk)
    ).distinct()


def meetings_organised_by(user: AnyUser) -> QuerySet[Meeting]:
    if not is_coworker(user):
        return Meeting.objects.none()
    if is_region_staff(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(
        Q(hub__in=hubs_managed_by(user))
        | Q(organisers__pk=user.pk)
        | Q(journey__in=journeys_managed_by(user))
    ).distinct()


def can_open_organiser_pages(user: AnyUser) -> bool:
    """Region staff, community managers and anyone named on or running a meeting."""
    return can_organise(user) or meetings_organised_by(user).exists()
