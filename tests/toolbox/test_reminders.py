"""Re-assessment reminders: Region staff are emailed once per current
assessment version and state (expires within 30 days / has expired), only for
published tools, and repeated runs send nothing new."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from coworking_region.models import OutboxEmail
from tests.factories import PrivacyAssessmentFactory, ToolFactory, UserFactory
from toolbox import tasks
from toolbox.services import reassessment_reminders

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def staff_team(staff):
    """Two Region staff who get reminders, and people who do not."""
    colleague = UserFactory(email="colleague@example.org", is_region_staff=True)
    UserFactory(email="former@example.org", is_region_staff=True, is_active=False)
    UserFactory(email="plain@example.org")
    return [staff, colleague]


def assessment_due_on(reassess_by: date, **kwargs):
    return PrivacyAssessmentFactory(
        assessed_on=reassess_by - timedelta(days=365), reassess_by=reassess_by, **kwargs
    )


def emails() -> list[OutboxEmail]:
    return list(OutboxEmail.objects.order_by("to", "pk"))


def test_staff_are_reminded_once_before_and_once_after_expiry(staff_team):
    assessment = assessment_due_on(TODAY + timedelta(days=10))

    assert reassessment_reminders(today=TODAY) == 2
    sent = emails()
    assert sorted(e.to for e in sent) == sorted(u.email for u in staff_team)
    assert {e.dedupe_key for e in sent} == {
        f"tb:reassess-soon:{assessment.pk}:{u.pk}" for u in staff_team
    }

    # Daily runs until it expires send nothing new.
    for day in range(1, 11):
        assert reassessment_reminders(today=TODAY + timedelta(days=day)) == 0
    assert OutboxEmail.objects.count() == 2

    # The day after the re-assessment date: one "expired" email each, once.
    assert reassessment_reminders(today=TODAY + timedelta(days=11)) == 2
    assert reassessment_reminders(today=TODAY + timedelta(days=12)) == 0
    expired = OutboxEmail.objects.filter(dedupe_key__startswith="tb:reassess-expired:")
    assert sorted(expired.values_list("to", flat=True)) == sorted(u.email for u in staff_team)
    assert OutboxEmail.objects.count() == 4


def test_an_already_expired_assessment_gets_only_the_expired_email(staff_team):
    assessment = assessment_due_on(TODAY - timedelta(days=3))
    assert reassessment_reminders(today=TODAY) == 2
    assert set(OutboxEmail.objects.values_list("dedupe_key", flat=True)) == {
        f"tb:reassess-expired:{assessment.pk}:{u.pk}" for u in staff_team
    }


def test_far_off_dates_are_not_reminded(staff_team):
    assessment_due_on(TODAY + timedelta(days=31))
    assert reassessment_reminders(today=TODAY) == 0
    # On the 30th day before, it is.
    assert reassessment_reminders(today=TODAY + timedelta(days=1)) == 2


def test_only_the_current_version_is_reminded(staff_team):
    tool = ToolFactory()
    old = assessment_due_on(TODAY - timedelta(days=30), tool=tool, version=1)
    current = assessment_due_on(TODAY + timedelta(days=300), tool=tool, version=2)
    tool.refresh_from_db()
    assert tool.current_assessment == current
    assert reassessment_reminders(today=TODAY) == 0
    assert not OutboxEmail.objects.exists()
    # A new version made the old one's reminder irrelevant; the current one is
    # reminded when its time comes.
    assert reassessment_reminders(today=TODAY + timedelta(days=280)) == 2
    assert not OutboxEmail.objects.filter(dedupe_key__contains=f":{old.pk}:").exists()


def test_a_new_version_is_reminded_again(staff_team):
    tool = ToolFactory()
    v1 = assessment_due_on(TODAY + timedelta(days=5), tool=tool, version=1)
    assert reassessment_reminders(today=TODAY) == 2
    v2 = assessment_due_on(TODAY + timedelta(days=20), tool=tool, version=2)
    assert reassessment_reminders(today=TODAY) == 2
    keys = set(OutboxEmail.objects.values_list("dedupe_key", flat=True))
    assert {k.split(":")[2] for k in keys} == {str(v1.pk), str(v2.pk)}


@pytest.mark.parametrize("status", ["suggested", "rejected"])
def test_unpublished_tools_are_not_reminded(staff_team, status):
    assessment_due_on(TODAY - timedelta(days=1), tool=ToolFactory(status=status))
    assert reassessment_reminders(today=TODAY) == 0
    assert not OutboxEmail.objects.exists()


def test_tools_without_an_assessment_do_not_break_the_run(staff_team):
    ToolFactory()  # published, never assessed: current_assessment is NULL
    assessment_due_on(TODAY + timedelta(days=1))
    assert reassessment_reminders(today=TODAY) == 2


def test_the_email_names_the_tool_and_links_its_page(staff_team):
    assessment = assessment_due_on(
        TODAY - timedelta(days=1), tool=ToolFactory(name="Möten & Mer", slug="moten-och-mer")
    )
    reassessment_reminders(today=TODAY)
    email = OutboxEmail.objects.filter(to=staff_team[0].email).get()
    assert "Möten & Mer" in email.subject
    # A plain-text email: no HTML escaping of the tool's name.
    assert "Möten & Mer" in email.body
    assert "&amp;" not in email.body
    assert f"{settings.SITE_URL}/verktygslada/verktyg/moten-och-mer/" in email.body
    # Staff get a direct link to the form for a new version.
    assert f"{settings.SITE_URL}/verktygslada/hantera/moten-och-mer/bedomning/" in email.body
    assert assessment.reassess_by.strftime("%Y") in email.body


def test_the_daily_task_runs_the_service(staff_team):
    # The task uses today's date: an assessment that expired yesterday is due.
    assessment_due_on(timezone.localdate() - timedelta(days=1))
    assert tasks.reassessment_reminders() == 2
    assert tasks.reassessment_reminders() == 0
