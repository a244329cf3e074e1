import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from hubs.models import Hub, HubManager
from hubs.permissions import can_manage_hub, is_admin, is_region_staff

pytestmark = pytest.mark.django_db


def snapshot():
    User = get_user_model()
    return (
        User.objects.count(),
        EmailAddress.objects.count(),
        Hub.objects.count(),
        HubManager.objects.count(),
    )


def test_demo_data_is_idempotent_and_gives_every_role(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "a-demo-password-42"
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first == (4, 4, 4, 1)

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
    assert snapshot() == (0, 0, 0, 0)


def test_demo_manager_can_log_in(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert client.login(email="manager@demo.example", password=settings.DEMO_PASSWORD)
