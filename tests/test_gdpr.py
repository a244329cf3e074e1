"""GDPR rights: download everything about me (JSON), delete my account.

The deletion test scans every text column of every table for the deleted
person's email address and name, and checks that the aggregates (registrations
per meeting and status, review count and average, activity counts) survive.
"""

import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Avg, Count
from django.db.models.functions import Cast
from django.test import Client

from accounting.models import Challenge, ChallengeUpdate
from coworking_region import gdpr
from coworking_region.models import OutboxEmail
from hubs.models import Activity, HubManager
from learning_journeys.models import (
    CalendarFeed,
    Feedback,
    Insight,
    MeetingReport,
    Registration,
)
from tests.factories import (
    TEST_PASSWORD,
    ActivityFactory,
    ChallengeFactory,
    HubFactory,
    HubManagerFactory,
    MeetingFactory,
    OccupancyFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    RegistrationFactory,
    ToolFactory,
    UserFactory,
)
from toolbox.models import Review

pytestmark = pytest.mark.django_db

DATA = "/konto/mina-uppgifter/"
DOWNLOAD = "/konto/mina-uppgifter/ladda-ned/"
DELETE = "/konto/radera/"
DONE = "/konto/radera/klart/"

EMAIL = "zelda.quarkwright@example.org"
NAME = "Zelda Quarkwright"


def _audit_model():
    try:
        return apps.get_model("coworking_region", "AuditEntry")
    except LookupError:
        return None


@pytest.fixture
def world(db):
    """A user who did a bit of everything, next to other people doing the same."""
    org = OrganisationFactory(name="Bygdeföretaget AB")
    hub = HubFactory(contact_email=EMAIL)
    zelda = UserFactory(email=EMAIL, name=NAME, organisation=org)
    HubManagerFactory(hub=hub, user=zelda)
    other = UserFactory(email="otto.other@example.org", name="Otto Otherson")
    HubManagerFactory(hub=hub, user=other)

    meeting = MeetingFactory(hub=hub)
    meeting.organisers.add(zelda, other)
    meeting.journey.created_by = zelda
    meeting.journey.save()
    RegistrationFactory(meeting=meeting, user=zelda, name=NAME, organisation=org)
    RegistrationFactory(meeting=meeting, user=other, status="attended")
    attended = RegistrationFactory(
        meeting=MeetingFactory(hub=hub), user=zelda, status="attended", organisation=org
    )
    Feedback.objects.create(
        meeting=attended.meeting, registration=attended, rating=4, comment="Good fika."
    )
    # Signed up as a guest before having an account, with the same address.
    RegistrationFactory(meeting=MeetingFactory(hub=hub), user=None, name=NAME, email=EMAIL.upper())
    CalendarFeed.objects.create(user=zelda)
    MeetingReport.objects.create(meeting=meeting, participants=15, facilitators=2, filed_by=zelda)
    Insight.objects.create(journey=meeting.journey, kind="works", text="Mix.", created_by=zelda)

    tool = ToolFactory(suggested_by=zelda)
    Review.objects.create(tool=tool, user=zelda, rating=5, tip="Use the lobby.")
    Review.objects.create(tool=tool, user=other, rating=3)
    Review.objects.create(tool=tool, user=UserFactory(), rating=4)
    PrivacyAssessmentFactory(tool=tool, created_by=zelda, assessed_by=NAME)

    ActivityFactory(hub=hub, created_by=zelda)
    ActivityFactory(hub=hub, created_by=other)
    OccupancyFactory(hub=hub, recorded_by=zelda)
    challenge = ChallengeFactory(created_by=zelda)
    ChallengeUpdate.objects.create(
        challenge=challenge, stage="test", progress=40, progress_reason="Pilot.", author=zelda
    )

    OutboxEmail.objects.create(to=EMAIL, subject="Welcome", body=f"Hej {NAME}!")
    OutboxEmail.objects.create(
        to="staff@example.org",
        subject=f"Tool suggested by {NAME}",
        body=f"{NAME} <{EMAIL}> suggested a tool.",
    )
    OutboxEmail.objects.create(to=other.email, subject="Hello", body="Hej Otto!")
    LogEntry.objects.create(
        user=UserFactory(is_staff=True, is_superuser=True),
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(zelda.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message="[]",
    )
    AuditEntry = _audit_model()
    if AuditEntry is not None:
        AuditEntry.objects.create(
            model="toolbox.PrivacyAssessment",
            object_pk="1",
            object_repr=f"assessed by {NAME}",
            action="create",
            changes={"assessed_by": NAME, "contact_email": [EMAIL, ""], "n": 1},
            user=zelda,
        )
    return {"zelda": zelda, "other": other, "hub": hub, "meeting": meeting, "tool": tool}


def _aggregates() -> dict:
    return {
        "registrations": sorted(
            Registration.objects.values_list("meeting_id", "status", "organisation_id")
            .annotate(n=Count("id"))
            .values_list("meeting_id", "status", "organisation_id", "n")
        ),
        "reviews": list(
            Review.objects.values("tool_id").annotate(n=Count("id"), avg=Avg("rating"))
        ),
        "feedback": list(Feedback.objects.values_list("meeting_id", "rating")),
        "activities": list(Activity.objects.values("hub_id").annotate(n=Count("id"))),
        "challenge_updates": ChallengeUpdate.objects.count(),
        "challenges": Challenge.objects.count(),
        "insights": Insight.objects.count(),
        "reports": MeetingReport.objects.count(),
    }


def _text_hits(*needles: str) -> list[str]:
    """Every (table.column) whose text contains any needle, across all models."""
    hits = []
    text_types = (models.CharField, models.TextField, models.JSONField)
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, text_types):
                continue
            for needle in needles:
                manager = model._base_manager
                if isinstance(field, models.JSONField):
                    rows = manager.annotate(_t=Cast(field.name, models.TextField())).filter(
                        _t__icontains=needle
                    )
                else:
                    rows = manager.filter(**{f"{field.name}__icontains": needle})
                if rows.exists():
                    hits.append(f"{model._meta.db_table}.{field.column} ~ {needle}")
    return hits


# --- access ---


@pytest.mark.parametrize("url", [DATA, DOWNLOAD, DELETE])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    response = client.post(DELETE, {"confirmation": "x"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_done_page_is_public(client):
    assert client.get(DONE).status_code == 200


def test_profile_links_to_the_gdpr_pages(client, coworker):
    client.force_login(coworker)
    body = client.get("/konto/profil/").content.decode()
    assert f'href="{DATA}"' in body and f'href="{DELETE}"' in body
    body = client.get(DATA).content.decode()
    assert f'href="{DOWNLOAD}"' in body


# --- export ---


def test_export_downloads_everything_about_me_and_nothing_about_others(client, world):
    zelda, other = world["zelda"], world["other"]
    client.force_login(zelda)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".json" in response["Content-Disposition"]
    data = json.loads(response.content)

    assert data["account"]["email"] == EMAIL
    assert data["account"]["name"] == NAME
    assert data["account"]["organisation_name"] == "Bygdeföretaget AB"
    assert "password" not in data["account"]
    # Registrations as user and as guest, with own feedback only.
    assert len(data["registrations"]) == 3
    assert all("token" not in r for r in data["registrations"])
    feedback = [r["feedback"] for r in data["registrations"] if r["feedback"]]
    assert [f["comment"] for f in feedback] == ["Good fika."]
    assert {e["subject"] for e in data["emails_to_you"]} == {"Welcome"}
    records = data["records"]
    for key in (
        "hubs.HubManager.user",
        "hubs.Activity.created_by",
        "hubs.Occupancy.recorded_by",
        "learning_journeys.LearningJourney.created_by",
        "learning_journeys.Meeting.organisers",
        "learning_journeys.MeetingReport.filed_by",
        "learning_journeys.Insight.created_by",
        "learning_journeys.CalendarFeed.user",
        "toolbox.Tool.suggested_by",
        "toolbox.Review.user",
        "toolbox.PrivacyAssessment.created_by",
        "accounting.Challenge.created_by",
        "accounting.ChallengeUpdate.author",
        "account.EmailAddress.user",
    ):
        assert records.get(key), key
    assert [r["rating"] for r in records["toolbox.Review.user"]] == [5]
    assert len(records["hubs.Activity.created_by"]) == 1
    assert "token" not in records["learning_journeys.CalendarFeed.user"][0]

    text = response.content.decode()
    assert other.email not in text and "Otto" not in text
    assert "pbkdf2" not in text and "argon2" not in text


def test_export_service_is_json_ready(world):
    data = gdpr.user_data_export(world["zelda"])
    assert json.loads(json.dumps(data)) == data


# --- deletion ---


def test_delete_anonymises_everything_and_keeps_aggregates(client, world):
    zelda, other = world["zelda"], world["other"]
    before = _aggregates()
    assert _text_hits(EMAIL, NAME)  # the scan does find them while they exist
    other_session = Client()
    other_session.force_login(zelda)
    assert Session.objects.count() == 1

    client.force_login(zelda)
    response = client.post(DELETE, {"confirmation": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == DONE
    assert client.get(DONE).status_code == 200

    assert not get_user_model().objects.filter(pk=zelda.pk).exists()
    assert _text_hits(EMAIL, NAME) == []
    assert _aggregates() == before
    assert Session.objects.count() == 0
    assert not EmailAddress.objects.filter(user_id=zelda.pk).exists()
    assert not HubManager.objects.filter(user_id=zelda.pk).exists()
    assert not CalendarFeed.objects.filter(user_id=zelda.pk).exists()
    # Registrations: anonymised, no one named, links dead.
    anonymised = Registration.objects.filter(anonymised_at__isnull=False)
    assert anonymised.count() == 3
    assert not anonymised.filter(token__isnull=False).exists()
    assert set(anonymised.values_list("user", "name", "email")) == {(None, "", "")}
    # Reviews keep rating and tip without an author.
    assert Review.objects.get(user__isnull=True).tip == "Use the lobby."
    # Other people untouched.
    other.refresh_from_db()
    assert (other.email, other.name) == ("otto.other@example.org", "Otto Otherson")
    assert Registration.objects.filter(user=other).exists()
    assert OutboxEmail.objects.filter(to=other.email).exists()
    assert world["hub"].manager_memberships.filter(user=other).exists()
    staff_mail = OutboxEmail.objects.get(to="staff@example.org")
    assert gdpr.REMOVED in staff_mail.body and gdpr.REMOVED in staff_mail.subject
    # The hub contact address that was theirs is emptied.
    world["hub"].refresh_from_db()
    assert world["hub"].contact_email == ""
    # Other sessions are gone and logging in is no longer possible.
    assert other_session.get("/konto/profil/").status_code == 302
    assert not Client().login(username=EMAIL, password=TEST_PASSWORD)
    response = Client().post("/konto/login/", {"login": EMAIL, "password": TEST_PASSWORD})
    assert response.status_code == 200  # the form again, with an error


def test_delete_by_typing_the_email_address(client, coworker):
    client.force_login(coworker)
    response = client.post(DELETE, {"confirmation": "  COWORKER@example.org "})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=coworker.pk).exists()


@pytest.mark.parametrize("typed", ["", "wrong password", "other@example.org", "x" * 300])
def test_wrong_confirmation_deletes_nothing(client, world, typed):
    zelda = world["zelda"]
    before = _aggregates()
    client.force_login(zelda)
    response = client.post(DELETE, {"confirmation": typed})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert get_user_model().objects.filter(pk=zelda.pk, email=EMAIL).exists()
    assert Registration.objects.filter(user=zelda).count() == 2
    assert Review.objects.filter(user=zelda).exists()
    assert _aggregates() == before
    assert client.get("/konto/profil/").status_code == 200  # still signed in


def test_delete_page_explains(client, coworker):
    client.force_login(coworker)
    response = client.get(DELETE)
    assert response.status_code == 200
    assert 'id="delete-account-form"' in response.content.decode()


def test_last_active_superuser_cannot_delete_themselves(client, admin):
    client.force_login(admin)
    response = client.get(DELETE)
    assert response.status_code == 200 and not response.context["can_delete"]
    response = client.post(DELETE, {"confirmation": TEST_PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert get_user_model().objects.filter(pk=admin.pk).exists()
    with pytest.raises(gdpr.DeletionRefused):
        gdpr.account_delete(admin)
    # With a second administrator, it is allowed.
    UserFactory(is_staff=True, is_superuser=True)
    response = client.post(DELETE, {"confirmation": TEST_PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=admin.pk).exists()


def test_reviewing_again_after_an_anonymised_review(world):
    """Anonymous reviews do not block anyone: the one-per-user rule applies to authors."""
    gdpr.account_delete(world["zelda"])
    tool = world["tool"]
    newcomer = UserFactory()
    Review.objects.create(tool=tool, user=newcomer, rating=2)
    assert Review.objects.filter(tool=tool, user__isnull=True).count() == 1


def test_get_and_head_only_on_download(client, coworker):
    client.force_login(coworker)
    assert client.post(DOWNLOAD).status_code == 405


def test_longer_addresses_and_names_containing_theirs_are_left_alone(db):
    anna = UserFactory(email="anna@example.org", name="Anna")
    joanna = UserFactory(email="joanna@example.org", name="Joanna Annasdotter")
    OutboxEmail.objects.create(
        to="staff@example.org",
        subject="Anna and Joanna",
        body="anna@example.org, joanna@example.org",
    )
    gdpr.account_delete(anna)
    joanna.refresh_from_db()
    assert joanna.email == "joanna@example.org"
    email = OutboxEmail.objects.get()
    assert email.subject == f"{gdpr.REMOVED} and Joanna"
    assert email.body == f"{gdpr.REMOVED}, joanna@example.org"
