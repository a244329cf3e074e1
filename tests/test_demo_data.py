from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from hubs.models import (
    Activity,
    CountyEvent,
    Hub,
    HubManager,
    Municipality,
    Occupancy,
    Organisation,
)
from hubs.permissions import can_manage_hub, is_admin, is_region_staff

pytestmark = pytest.mark.django_db

MODELS = (Municipality, Organisation, CountyEvent, Hub, HubManager, Activity, Occupancy)


def snapshot():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["users"] = get_user_model().objects.count()
    counts["emails"] = EmailAddress.objects.count()
    counts["activity_orgs"] = Activity.organisations.through.objects.count()
    return counts


def test_demo_data_is_idempotent_and_gives_every_role(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "a-demo-password-42"
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert first["users"] == 4 and first["emails"] == 4 and first["HubManager"] == 1

    User = get_user_model()
    users = {u.email: u for u in User.objects.all()}
    samverket = Hub.objects.get(slug="samverket")
    assert is_admin(users["admin@demo.example"]) and users["admin@demo.example"].is_staff
    assert is_region_staff(users["staff@demo.example"])
    assert can_manage_hub(users["manager@demo.example"], samverket)
    coworker = users["coworker@demo.example"]
    assert not is_region_staff(coworker) and not can_manage_hub(coworker, samverket)
    assert all(u.check_password("a-demo-password-42") for u in users.values())
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 4

    out = capsys.readouterr().out
    assert "manager@demo.example" in out and "a-demo-password-42" in out


def test_demo_hubs_real_ones_and_marked_examples(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    real = set(Hub.objects.filter(is_example=False).values_list("name", flat=True))
    assert real == {"Samverket", "Norra Station", "House be", "Kollektivet"}
    examples = Hub.objects.filter(is_example=True)
    assert 15 <= examples.count() <= 30
    assert all(hub.name.startswith("Exempel") for hub in examples)
    assert Municipality.objects.count() == 8
    assert set(Hub.objects.values_list("municipality__name", flat=True)) == set(
        Municipality.objects.values_list("name", flat=True)
    )


def test_demo_history_covers_two_years_and_the_study_meetings(settings):
    settings.DEBUG = True
    from coworking_region.demo import demo_seed

    demo_seed(password="x-password-123", today=date(2026, 11, 27))
    samverket = Hub.objects.get(slug="samverket")
    days = Occupancy.objects.filter(hub=samverket).order_by("date")
    assert days.first().date <= date(2024, 11, 28) and days.last().date == date(2026, 11, 27)
    lt2 = Activity.objects.get(hub=samverket, import_key="study-lt2")
    assert (lt2.participants, lt2.facilitators) == (15, 2)
    assert "Polismyndigheten" in set(lt2.organisations.values_list("name", flat=True))
    assert Activity.objects.filter(hub=samverket, import_key__startswith="demo-").count() == 48


def test_demo_password_can_be_changed_by_running_again(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "first-password-1"
    call_command("seed_demo")
    settings.DEMO_PASSWORD = "second-password-2"
    call_command("seed_demo")
    user = get_user_model().objects.get(email="coworker@demo.example")
    assert user.check_password("second-password-2")


def test_demo_data_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert sum(snapshot().values()) == 0


def test_demo_manager_can_log_in(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert client.login(email="manager@demo.example", password=settings.DEMO_PASSWORD)
