"""Demo data for development: one login per role and the hubs with written evidence.

Idempotent: running it again updates the same rows and creates nothing new.
Never runs with DEBUG off (the command refuses).
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from hubs.models import Hub, HubManager

# The four hubs with written evidence in shared/data/hubs.csv (see docs/SOURCES.md).
DEMO_HUBS = (
    ("Samverket", "samverket"),
    ("Norra Station", "norra-station"),
    ("House be", "house-be"),
    ("Kollektivet", "kollektivet"),
)


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
def demo_seed(*, password: str) -> tuple[DemoLogin, ...]:
    hubs = {
        slug: Hub.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in DEMO_HUBS
    }
    _demo_user("admin@demo.example", password, is_staff=True, is_superuser=True)
    _demo_user("staff@demo.example", password, is_region_staff=True)
    manager = _demo_user("manager@demo.example", password)
    _demo_user("coworker@demo.example", password)
    HubManager.objects.get_or_create(hub=hubs["samverket"], user=manager)
    return DEMO_LOGINS
