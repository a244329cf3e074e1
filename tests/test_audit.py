"""The audit trail: changes are recorded with who, when, before and after; Region
staff read them at /audit/; nobody can change them from the portal."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coworking_region import audit
from coworking_region.models import AuditEntry
from hubs.models import Activity
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    ToolFactory,
    UserFactory,
)
from toolbox import services as toolbox_services

MONDAY = date(2026, 11, 23)
WEEK = "2026-W48"
AUDIT_URL = "/audit/"


def ws(name: str, hub, **kwargs) -> str:
    return reverse(f"hubs:{name}", kwargs={"slug": hub.slug, **kwargs})


def activity_data(**overrides) -> dict:
    data = {
        "kind": "seminar",
        "title": "Digital tillgänglighet",
        "date": "2026-11-24",
        "time": "09:30",
        "duration_minutes": "90",
        "description": "",
        "participants": "14",
        "facilitators": "2",
        "dimensions": ["social"],
        "county_event": "",
    }
    data.update(overrides)
    return data


def entries_for(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(model=obj._meta.label, object_pk=str(obj.pk)).order_by("id")
    )


# --- Recording through the views ------------------------------------------------------


def test_activity_create_update_delete_through_workspace(client, manager, hub):
    client.force_login(manager)
    response = client.post(ws("activity-create", hub), activity_data())
    assert response.status_code == 302
    activity = Activity.objects.get(hub=hub)
    [created] = entries_for(activity)
    assert created.action == AuditEntry.Action.CREATE
    assert created.user == manager
    assert created.changes["title"] == "Digital tillgänglighet"
    assert created.changes["participants"] == 14
    assert created.changes["hub_id"] == hub.pk
    assert "updated_at" not in created.changes
    assert created.created_at <= timezone.now()

    response = client.post(
        ws("activity-update", hub, pk=activity.pk),
        activity_data(title="Digital tillgänglighet 2", participants="20"),
    )
    assert response.status_code == 302
    updated = entries_for(activity)[-1]
    assert updated.action == AuditEntry.Action.UPDATE
    assert updated.user == manager
    assert updated.changes["title"] == ["Digital tillgänglighet", "Digital tillgänglighet 2"]
    assert updated.changes["participants"] == [14, 20]
    assert "description" not in updated.changes  # unchanged fields are not listed
    assert "updated_at" not in updated.changes

    pk = activity.pk
    response = client.post(ws("activity-delete", hub, pk=pk))
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(model="hubs.Activity", object_pk=str(pk)).latest("id")
    assert deleted.action == AuditEntry.Action.DELETE
    assert deleted.user == manager
    assert deleted.changes["title"] == "Digital tillgänglighet 2"
    assert deleted.changes["participants"] == 20


def test_unchanged_save_records_nothing(manager, hub):
    activity = ActivityFactory(hub=hub)
    before = AuditEntry.objects.count()
    Activity.objects.get(pk=activity.pk).save()
    assert AuditEntry.objects.count() == before


def test_occupancy_week_save_is_recorded(client, manager, hub):
    client.force_login(manager)
    url = ws("occupancy-week", hub) + f"?vecka={WEEK}"
    days = {f"{(MONDAY + timedelta(days=i)).isoformat()}-desk_days": "" for i in range(7)}
    response = client.post(url, {**days, f"{MONDAY.isoformat()}-desk_days": "5"})
    assert response.status_code == 302
    created = AuditEntry.objects.get(model="hubs.Occupancy", action="create")
    assert created.user == manager
    assert created.changes["desk_days"] == 5
    assert created.changes["date"] == MONDAY.isoformat()
    assert created.changes["recorded_by_id"] == manager.pk

    response = client.post(url, {**days, f"{MONDAY.isoformat()}-desk_days": "7"})
    assert response.status_code == 302
    updated = AuditEntry.objects.get(model="hubs.Occupancy", action="update")
    assert updated.changes == {"desk_days": [5, 7]}
    assert updated.user == manager

    response = client.post(url, days)  # clearing the day deletes the row
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(model="hubs.Occupancy", action="delete")
    assert deleted.changes["desk_days"] == 7
    assert deleted.user == manager


def test_toolbox_assessment_through_service(staff):
    tool = ToolFactory()
    draft = PrivacyAssessmentFactory.build(tool=tool, version=None)
    with audit.acting_as(staff):
        assessment = toolbox_services.assessment_create(tool=tool, assessment=draft, user=staff)
    [created] = entries_for(assessment)
    assert created.action == "create"
    assert created.user == staff
    assert created.changes["version"] == 1
    assert created.changes["created_by_id"] == staff.pk
    tool_change = entries_for(tool)[-1]
    assert tool_change.action == "update"
    assert tool_change.changes["current_assessment_id"] == [None, assessment.pk]
    assert "search_vector" not in tool_change.changes
    assert tool_change.user == staff


def test_decision_via_service_without_request_has_no_user(db):
    tool = ToolFactory()
    organisation = OrganisationFactory()
    decision = toolbox_services.decision_set(
        tool=tool,
        organisation=organisation,
        status="approved",
        decided_on=date(2026, 1, 5),
        reviewer="IT",
        reasoning="Fine.",
    )
    [created] = entries_for(decision)
    assert created.user is None
    assert created.changes["decided_on"] == "2026-01-05"


def test_many_to_many_changes_are_recorded(hub):
    activity = ActivityFactory(hub=hub)
    first, second = OrganisationFactory(), OrganisationFactory()
    activity.organisations.set([first, second])
    added = entries_for(activity)[-1]
    assert added.changes == {"organisations": {"added": sorted([first.pk, second.pk])}}
    activity.organisations.remove(first)
    assert entries_for(activity)[-1].changes == {"organisations": {"removed": [first.pk]}}
    activity.organisations.clear()
    assert entries_for(activity)[-1].changes == {"organisations": {"removed": [second.pk]}}


def test_rolled_back_change_leaves_no_entry(hub):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        ActivityFactory(hub=hub)
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_deleted_user_keeps_entries_without_name(hub):
    person = UserFactory(email="leaving@example.org")
    with audit.acting_as(person):
        activity = ActivityFactory(hub=hub)
    person.delete()
    [entry] = entries_for(activity)
    assert entry.user is None


def test_secret_and_noise_fields_are_never_stored(db):
    from learning_journeys.models import CalendarFeed, Registration

    assert all("token" not in f.name for f in audit.tracked_fields(Registration))
    assert all("token" not in f.name for f in audit.tracked_fields(CalendarFeed))
    assert "updated_at" not in {f.name for f in audit.tracked_fields(Activity)}


def test_every_audited_model_is_connected(db):
    labels = {model._meta.label for model in audit.audited_models()}
    assert labels == set(audit.AUDITED)
    assert {"hubs.Hub", "hubs.Occupancy", "learning_journeys.Meeting", "accounting.Target"} <= (
        labels
    )


# --- The trail cannot be edited -------------------------------------------------------


def test_entries_are_append_only(hub):
    entry = entries_for(ActivityFactory(hub=hub))[0]
    entry.action = "delete"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_admin_refuses_change_and_delete(client, admin, hub):
    entry = entries_for(ActivityFactory(hub=hub))[0]
    client.force_login(admin)
    changelist = reverse("admin:coworking_region_auditentry_changelist")
    assert client.get(changelist).status_code == 200
    change = reverse("admin:coworking_region_auditentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # view only
    response = client.post(change, {"action": "delete", "model": "x", "object_pk": "1"})
    assert response.status_code == 403
    delete = reverse("admin:coworking_region_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    add = reverse("admin:coworking_region_auditentry_add")
    assert client.post(add, {"action": "create", "model": "x", "object_pk": "1"}).status_code == (
        403
    )
    bulk = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302, 403)
    entry.refresh_from_db()
    assert entry.action == "create"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_staff_page_is_read_only(client, staff):
    client.force_login(staff)
    assert client.post(AUDIT_URL).status_code == 405


# --- The staff page -------------------------------------------------------------------


def test_page_access(client, coworker, manager, staff, admin):
    response = client.get(AUDIT_URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    for user, status in ((coworker, 403), (manager, 403), (staff, 200), (admin, 200)):
        client.force_login(user)
        assert client.get(AUDIT_URL).status_code == status, user.email


@pytest.fixture
def trail(hub, other_hub, manager, other_manager):
    with audit.acting_as(manager):
        mine = ActivityFactory(hub=hub, title="Frukost")
        mine.title = "Lunch"
        mine.save()
    with audit.acting_as(other_manager):
        theirs = ActivityFactory(hub=other_hub, title="Fika")
    return mine, theirs


def listed(response) -> list[AuditEntry]:
    return [item["entry"] for item in response.context["entries"]]


def test_list_shows_changes_with_user_and_before_after(client, staff, trail, manager):
    mine, _theirs = trail
    client.force_login(staff)
    response = client.get(AUDIT_URL, {"model": "hubs.Activity", "object_pk": mine.pk})
    assert response.status_code == 200
    entries = listed(response)
    assert [entry.action for entry in entries] == ["update", "create"]
    html = response.content.decode()
    assert manager.email in html
    assert "Frukost" in html and "Lunch" in html
    rows = dict((field, (b, a)) for field, b, a in response.context["entries"][0]["rows"])
    assert rows["title"] == ("Frukost", "Lunch")


def test_filters(client, staff, trail, manager, other_manager):
    mine, theirs = trail
    client.force_login(staff)
    by_user = listed(client.get(AUDIT_URL, {"user": "other.manager"}))
    assert by_user and all(entry.user == other_manager for entry in by_user)
    by_object = listed(client.get(AUDIT_URL, {"model": "hubs.Activity", "object_pk": theirs.pk}))
    assert [entry.object_pk for entry in by_object] == [str(theirs.pk)]
    by_model = listed(client.get(AUDIT_URL, {"model": "hubs.Hub"}))
    assert all(entry.model == "hubs.Hub" for entry in by_model)
    today = timezone.localdate()
    in_range = listed(client.get(AUDIT_URL, {"date_from": today, "date_to": today}))
    assert len(in_range) == AuditEntry.objects.count()
    future = today + timedelta(days=1)
    assert listed(client.get(AUDIT_URL, {"date_from": future})) == []
    assert listed(client.get(AUDIT_URL, {"date_to": today - timedelta(days=1)})) == []


@pytest.mark.parametrize(
    "params",
    [
        {"model": "nonsense"},
        {"date_from": "2026-02-30"},
        {"date_from": "2026-03-02", "date_to": "2026-03-01"},
        {"object_pk": "x" * 500},
        {"sida": "abc"},
        {"sida": "99999"},
        {"user": "\x00"},
    ],
)
def test_bad_filters_never_fail(client, staff, trail, params):
    client.force_login(staff)
    response = client.get(AUDIT_URL, params)
    assert response.status_code == 200


def test_pagination(client, staff, hub, manager):
    with audit.acting_as(manager):
        for _ in range(55):
            ActivityFactory(hub=hub)
    client.force_login(staff)
    total = AuditEntry.objects.count()
    first = client.get(AUDIT_URL)
    assert len(listed(first)) == 50
    second = client.get(AUDIT_URL, {"sida": 2})
    assert len(listed(second)) == total - 50


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_is_bounded(client, staff, hub, manager, rows, django_assert_num_queries):
    with audit.acting_as(manager):
        for _ in range(rows):
            ActivityFactory(hub=hub)
    client.force_login(staff)
    # 1 session, 2 user, 3 paginator count, 4 the page of entries joined with users.
    with django_assert_num_queries(4):
        client.get(AUDIT_URL)


def test_forget_user_removes_their_id_everywhere(client, manager, hub):
    client.force_login(manager)
    client.post(ws("activity-create", hub), activity_data())
    activity = Activity.objects.get(hub=hub)
    other = UserFactory()
    with audit.acting_as(other):
        activity.created_by = other
        activity.save()
    assert audit.forget_user(manager.pk) >= 2
    entries = entries_for(activity)
    assert all(entry.user_id != manager.pk for entry in entries)
    assert entries[0].changes["created_by_id"] is None
    assert entries[1].changes["created_by_id"] == [None, other.pk]
    assert entries[1].user == other
