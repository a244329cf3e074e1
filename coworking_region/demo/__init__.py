"""Demo data for development: one login per role, the county's reference data,
the four hubs with written evidence, example hubs in other localities, two
years of generated activities and occupancy so that pages are not empty, the
study's learning journey and upcoming learning meetings to sign up for, and the
toolbox: the study's tools and methods and common ones, with their assessments;
and accounting: targets, the county's emissions (illustrative), challenges
from the study, self-assessments and a full roll-up for the dashboards.

Idempotent: running it again updates the same rows and creates nothing new.
Never runs with DEBUG off (the command refuses).

Modules by subject: `hubs` (hubs, activities, occupancy), `learning_journeys`
(the study's journey and upcoming meetings), `toolbox` (tools, assessments,
decisions, adoption and reviews), `accounting` (targets, manual values,
challenges, self-assessments, roll-up) and `common` (shared names and helpers).
"""

from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounting.signals import rollups_suspended
from coworking_region.demo.accounting import accounting_load
from coworking_region.demo.hubs import generated_history_load, hubs_load, study_activities_load
from coworking_region.demo.learning_journeys import learning_journeys_load
from coworking_region.demo.toolbox import DEMO_REVIEWERS, toolbox_load
from hubs.models import Hub, HubManager
from hubs.reference import reference_load

__all__ = ["DEMO_LOGINS", "DEMO_REVIEWERS", "DemoLogin", "demo_seed"]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


DEMO_LOGINS = (
    DemoLogin("admin@demo.example", "admin"),
    DemoLogin("staff@demo.example", "Region staff"),
    DemoLogin("manager@demo.example", "community manager of Samverket"),
    DemoLogin("coworker@demo.example", "coworker"),
)


def _demo_user(email: str, password: str, **flags: bool):
    User = get_user_model()
    user, _ = User.objects.update_or_create(email=email, defaults={"is_active": True, **flags})
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def demo_seed(*, password: str, today: date | None = None) -> tuple[DemoLogin, ...]:
    # The seed ends with a full roll-up: no incremental one per saved row.
    with rollups_suspended():
        today = today or timezone.localdate()
        reference_load()
        hubs = hubs_load()
        samverket = Hub.objects.get(slug="samverket")
        study_activities_load(samverket)
        generated_history_load(hubs, today=today)
        _demo_user("admin@demo.example", password, is_staff=True, is_superuser=True)
        staff = _demo_user("staff@demo.example", password, is_region_staff=True)
        manager = _demo_user("manager@demo.example", password)
        coworker = _demo_user("coworker@demo.example", password)
        HubManager.objects.get_or_create(hub=samverket, user=manager)
        learning_journeys_load(samverket, manager=manager, coworker=coworker, today=today)
        toolbox_load(coworker=coworker, today=today)
        accounting_load(staff=staff, today=today)  # last: its roll-up reads everything above
    return DEMO_LOGINS
