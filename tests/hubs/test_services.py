from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hubs.models import Activity, Municipality, Occupancy, OccupancyBreakdown
from hubs.reference import months_from_text, reference_load
from hubs.services import (
    BreakdownPart,
    activity_delete,
    activity_log,
    activity_update,
    occupancy_record,
)
from tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def activity_fields(**overrides):
    fields = {
        "kind": "workshop",
        "title": "Workshop om hybridarbete",
        "starts_at": timezone.now(),
        "duration_minutes": 90,
        "participants": 14,
        "facilitators": 2,
        "social": True,
    }
    fields.update(overrides)
    return fields


def test_manager_logs_updates_and_deletes_an_activity(manager, hub):
    orgs = [OrganisationFactory(), OrganisationFactory()]
    activity = activity_log(actor=manager, hub=hub, organisations=orgs, **activity_fields())
    assert activity.created_by == manager
    assert set(activity.organisations.all()) == set(orgs)
    assert activity.dimensions == ["social"]

    activity_update(actor=manager, activity=activity, participants=20, organisations=orgs[:1])
    activity.refresh_from_db()
    assert activity.participants == 20
    assert list(activity.organisations.all()) == orgs[:1]

    activity_delete(actor=manager, activity=activity)
    assert not Activity.objects.exists()


def test_other_managers_and_staff_cannot_change_a_hub(other_manager, staff, coworker, hub):
    for actor in (other_manager, staff, coworker):
        with pytest.raises(PermissionDenied):
            activity_log(actor=actor, hub=hub, **activity_fields())
        with pytest.raises(PermissionDenied):
            occupancy_record(actor=actor, hub=hub, day=date(2026, 3, 2), desk_days=3)
    assert not Activity.objects.exists() and not Occupancy.objects.exists()


def test_invalid_activity_is_refused_and_nothing_saved(manager, hub):
    with pytest.raises(ValidationError) as error:
        activity_log(actor=manager, hub=hub, **activity_fields(title="", duration_minutes=1))
    assert {"title", "duration_minutes"} <= set(error.value.message_dict)
    assert not Activity.objects.exists()


def test_occupancy_is_one_row_per_hub_and_day(manager, hub):
    day = date(2026, 3, 2)
    occupancy_record(actor=manager, hub=hub, day=day, desk_days=7)
    occupancy_record(actor=manager, hub=hub, day=day, desk_days=9)
    assert list(Occupancy.objects.values_list("desk_days", flat=True)) == [9]
    occupancy_record(actor=manager, hub=hub, day=day, desk_days=None)
    assert not Occupancy.objects.exists()


def test_occupancy_breakdown_replaces_and_cannot_exceed_total(manager, hub):
    ostersund = MunicipalityFactory()
    krokom = MunicipalityFactory(code="2309", name="Krokom", area_class="rural")
    day = date(2026, 3, 3)
    occupancy_record(
        actor=manager,
        hub=hub,
        day=day,
        desk_days=10,
        breakdown=[
            BreakdownPart(ostersund, "0-10", 4),
            BreakdownPart(krokom, "30-60", 5),
            BreakdownPart(None, "100+", 1),
        ],
    )
    assert OccupancyBreakdown.objects.count() == 3
    occupancy_record(
        actor=manager, hub=hub, day=day, desk_days=10, breakdown=[BreakdownPart(krokom, "", 2)]
    )
    assert list(OccupancyBreakdown.objects.values_list("desk_days", flat=True)) == [2]

    with pytest.raises(ValidationError) as error:
        occupancy_record(
            actor=manager,
            hub=hub,
            day=day,
            desk_days=3,
            breakdown=[BreakdownPart(krokom, "", 4)],
        )
    assert "breakdown" in error.value.message_dict
    assert Occupancy.objects.get().desk_days == 10  # unchanged


def test_occupancy_refuses_implausible_totals(manager, hub):
    with pytest.raises(ValidationError):
        occupancy_record(actor=manager, hub=hub, day=date(2026, 3, 4), desk_days=-1)
    with pytest.raises(ValidationError):
        occupancy_record(actor=manager, hub=hub, day=date(2026, 3, 4), desk_days=hub.desks * 3 + 1)
    assert not Occupancy.objects.exists()


def test_reference_data_loads_idempotently_with_the_urban_rule():
    reference_load()
    reference_load()
    assert Municipality.objects.count() == 8
    urban = Municipality.objects.filter(area_class=Municipality.AreaClass.URBAN)
    assert list(urban.values_list("name", flat=True)) == ["Östersund"]
    ostersund = urban.get()
    assert ostersund.code == "2380" and ostersund.density > Decimal("10")
    assert Municipality.classify(5146, Decimal("2510.96")) == Municipality.AreaClass.RURAL


def test_event_months_are_read_from_the_source_text():
    assert months_from_text("June/July (last days of June - early July)") == [6, 7]
    assert months_from_text("UNKNOWN (month not found)") == []
    assert months_from_text(
        "late November - early December (season opener); occasionally March"
    ) == [11, 12]


def test_activity_dimensions_follow_the_flags(hub):
    activity = Activity(hub=hub, social=False, economic=True, environmental=True)
    assert activity.dimensions == ["economic", "environmental"]


def test_occupancy_breakdown_rejects_duplicate_parts(manager, hub):
    krokom = MunicipalityFactory(code="2309", name="Krokom", area_class="rural")
    with pytest.raises(ValidationError) as error:
        occupancy_record(
            actor=manager,
            hub=hub,
            day=date(2026, 3, 5),
            desk_days=10,
            breakdown=[BreakdownPart(krokom, "0-10", 2), BreakdownPart(krokom, "0-10", 3)],
        )
    assert "breakdown" in error.value.message_dict
    assert not Occupancy.objects.exists()


def test_lowering_a_total_below_its_kept_breakdown_is_refused(manager, hub):
    krokom = MunicipalityFactory(code="2309", name="Krokom", area_class="rural")
    day = date(2026, 3, 6)
    occupancy_record(
        actor=manager, hub=hub, day=day, desk_days=10, breakdown=[BreakdownPart(krokom, "", 8)]
    )
    with pytest.raises(ValidationError):
        occupancy_record(actor=manager, hub=hub, day=day, desk_days=5)
    assert Occupancy.objects.get().desk_days == 10


def test_hub_photo_must_be_a_small_image(hub, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    hub.photo = SimpleUploadedFile("hub.png", buffer.getvalue(), content_type="image/png")
    hub.full_clean()  # a small PNG is fine

    settings.HUB_PHOTO_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    assert "photo" in error.value.message_dict

    settings.HUB_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    hub.photo = SimpleUploadedFile("hub.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        hub.full_clean()


def test_several_days_are_recorded_all_or_none(manager, hub):
    from hubs.services import occupancy_record_days

    monday = date(2026, 3, 2)
    occupancy_record_days(actor=manager, hub=hub, days={monday: 5, monday + timedelta(days=1): 7})
    assert dict(Occupancy.objects.values_list("date", "desk_days")) == {
        monday: 5,
        monday + timedelta(days=1): 7,
    }
    with pytest.raises(ValidationError) as error:
        occupancy_record_days(
            actor=manager,
            hub=hub,
            days={monday: 9, monday + timedelta(days=2): hub.desks * 3 + 1},
        )
    assert set(error.value.message_dict) == {"2026-03-04"}
    assert Occupancy.objects.get(date=monday).desk_days == 5  # the good day was rolled back
    assert not Occupancy.objects.filter(date=monday + timedelta(days=2)).exists()


def test_several_days_need_a_manager(other_manager, hub):
    from hubs.services import occupancy_record_days

    with pytest.raises(PermissionDenied):
        occupancy_record_days(actor=other_manager, hub=hub, days={date(2026, 3, 2): 1})
