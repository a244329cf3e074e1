"""Challenge pages through the test client: who sees and changes what, public
against non-public challenges, the progress roll-up shown (weighted, mean, no
sub-results), progress updates recording stage changes, the timeline of
updates and linked insights, no personal names for the public, invalid input
that changes nothing, sub-results and query budgets."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounting.models import Challenge, ChallengeUpdate, Stage, SubResult
from learning_journeys.models import Insight
from tests.factories import (
    ActivityFactory,
    ChallengeFactory,
    HubFactory,
    LearningJourneyFactory,
    MeetingFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


def url(name: str, **kwargs) -> str:
    return reverse(f"accounting:{name}", kwargs=kwargs)


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=UTC)


@pytest.fixture
def public(db):
    return ChallengeFactory(title="Fewer commuting kilometres", slug="pendling", stage="co_create")


@pytest.fixture
def hidden(db):
    return ChallengeFactory(title="Internal premises plan", slug="lokaler", is_public=False)


# --- Permissions ----------------------------------------------------------------------

STAFF_PAGES = ["challenge-edit", "challenge-update", "challenge-sub-results"]


def test_anonymous_sees_the_list_and_public_challenges_only(client, public, hidden):
    response = client.get(url("challenge-list"))
    assert response.status_code == 200
    assert [c.slug for c in response.context["challenges"]] == ["pendling"]
    assert client.get(url("challenge-detail", slug="pendling")).status_code == 200
    assert client.get(url("challenge-detail", slug="lokaler")).status_code == 404
    assert client.get(url("challenge-detail", slug="unknown")).status_code == 404


@pytest.mark.parametrize("persona", ["coworker", "manager", "other_manager"])
def test_non_staff_get_404_for_non_public_and_403_for_staff_pages(
    client, request, persona, public, hidden
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("challenge-list"))
    assert [c.slug for c in response.context["challenges"]] == ["pendling"]
    assert client.get(url("challenge-detail", slug="lokaler")).status_code == 404
    assert client.get(url("challenge-create")).status_code == 403
    for name in STAFF_PAGES:
        assert client.get(url(name, slug="pendling")).status_code == 403
        assert client.post(url(name, slug="pendling"), {}).status_code == 403
    assert client.post(url("challenge-create"), {"title": "X"}).status_code == 403
    assert Challenge.objects.count() == 2


def test_anonymous_is_sent_to_log_in_for_staff_pages(client, public):
    for name in STAFF_PAGES:
        response = client.get(url(name, slug="pendling"))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    assert client.get(url("challenge-create"))["Location"].startswith(LOGIN)


@pytest.mark.parametrize("persona", ["staff", "admin"])
def test_staff_and_admins_see_everything_and_may_edit(client, request, persona, public, hidden):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("challenge-list"))
    assert {c.slug for c in response.context["challenges"]} == {"pendling", "lokaler"}
    assert client.get(url("challenge-detail", slug="lokaler")).status_code == 200
    assert client.get(url("challenge-create")).status_code == 200
    for name in STAFF_PAGES:
        assert client.get(url(name, slug="lokaler")).status_code == 200
    assert client.get(url("challenge-edit", slug="unknown")).status_code == 404


# --- List -----------------------------------------------------------------------------


def test_list_shows_stage_progress_owners_and_hubs_and_filters(client, hub, other_hub):
    a = ChallengeFactory(slug="a", stage="test", progress=40)
    a.owners.set([OrganisationFactory(name="Länsstyrelsen")])
    a.hubs.set([hub])
    b = ChallengeFactory(slug="b", stage="understand")
    b.hubs.set([other_hub])
    SubResult.objects.create(challenge=b, title="Part", progress=30)
    SubResult.objects.create(challenge=b, title="Part 2", progress=50)

    response = client.get(url("challenge-list"))
    html = response.content.decode()
    assert 'data-challenge="a" data-stage="test" data-progress="40"' in html
    assert 'data-challenge="b" data-stage="understand" data-progress="40"' in html
    assert 'data-stage-number="3"' in html
    assert "Länsstyrelsen" in html and "Samverket" in html
    assert 'data-step="test" data-state="current"' in html

    response = client.get(url("challenge-list"), {"stage": "test"})
    assert [c.slug for c in response.context["challenges"]] == ["a"]
    response = client.get(url("challenge-list"), {"hub": "kollektivet"})
    assert [c.slug for c in response.context["challenges"]] == ["b"]
    # Unknown filter values are ignored, not errors.
    response = client.get(url("challenge-list"), {"stage": "nonsense", "hub": "nowhere"})
    assert response.status_code == 200
    assert len(response.context["challenges"]) == 2


@pytest.mark.parametrize("n", [3, 9])
def test_list_query_count_does_not_grow(client, staff, n, django_assert_num_queries):
    hubs = [HubFactory(), HubFactory()]
    owner = OrganisationFactory()
    for i in range(n):
        challenge = ChallengeFactory(is_public=bool(i % 2))
        challenge.hubs.set(hubs)
        challenge.owners.set([owner])
        SubResult.objects.create(challenge=challenge, title="Part", weight=2, progress=50)
    client.force_login(staff)
    # 1 session, 2 user, 3 hubs for the filter, 4 challenges, 5 their owners,
    # 6 their hubs, 7 their sub-results.
    with django_assert_num_queries(7):
        response = client.get(url("challenge-list"))
    assert len(response.context["challenges"]) == n


# --- Challenge page: roll-up ----------------------------------------------------------


def test_detail_shows_weighted_rollup(client, public):
    SubResult.objects.create(challenge=public, title="Survey", weight=1, progress=40)
    SubResult.objects.create(challenge=public, title="Pilot", weight=3, progress=80)
    response = client.get(public.get_absolute_url())
    html = response.content.decode()
    assert 'id="rollup-method" data-method="weighted"' in html
    assert response.context["detail"].rollup.progress == 70  # (40·1 + 80·3) / 4
    assert 'data-progress="70"' in html
    assert html.count("data-sub-result=") == 2


def test_detail_shows_mean_rollup_without_weights(client, public):
    SubResult.objects.create(challenge=public, title="Survey", progress=40)
    SubResult.objects.create(challenge=public, title="Pilot", progress=90)
    response = client.get(public.get_absolute_url())
    assert 'data-method="mean"' in response.content.decode()
    assert response.context["detail"].rollup.progress == 65


def test_detail_uses_own_progress_without_sub_results(client, public):
    Challenge.objects.filter(pk=public.pk).update(progress=25)
    response = client.get(public.get_absolute_url())
    html = response.content.decode()
    assert 'data-method="own"' in html
    assert 'data-progress="25"' in html
    assert 'id="sub-results"' not in html


# --- Progress updates -----------------------------------------------------------------


def update_data(**overrides) -> dict:
    return {
        "stage": "test",
        "progress": "45",
        "progress_reason": "Two hubs are piloting it.",
        "evidence": "Fewer car trips in the survey.",
        "partnerships": "Region and Östersunds kommun share a desk pool.",
        "practice_changed": "Meetings start online by default.",
        **overrides,
    }


def test_update_records_stage_change_and_moves_the_challenge(client, staff, public):
    client.force_login(staff)
    response = client.post(url("challenge-update", slug="pendling"), update_data())
    assert response.status_code == 302
    assert response["Location"].endswith("/utmaningar/pendling/#timeline")
    update = ChallengeUpdate.objects.get()
    assert (update.previous_stage, update.stage, update.progress) == ("co_create", "test", 45)
    assert update.author == staff
    assert update.changed_stage
    public.refresh_from_db()
    assert (public.stage, public.progress) == ("test", 45)

    # A second update at the same stage is not a stage change.
    client.post(url("challenge-update", slug="pendling"), update_data(progress="50"))
    second = ChallengeUpdate.objects.order_by("-id").first()
    assert (second.previous_stage, second.stage) == ("test", "test")
    assert not second.changed_stage

    html = client.get(public.get_absolute_url()).content.decode()
    assert 'data-stage-change="co_create→test"' in html
    assert 'data-answer="evidence"' in html and "Fewer car trips" in html


def test_update_keeps_rolled_up_progress_when_there_are_sub_results(client, staff, public):
    SubResult.objects.create(challenge=public, title="Part", progress=20)
    client.force_login(staff)
    page = client.get(url("challenge-update", slug="pendling")).content.decode()
    assert 'id="rollup-note" data-method="mean"' in page
    client.post(url("challenge-update", slug="pendling"), update_data(progress="90"))
    public.refresh_from_db()
    assert public.stage == "test"
    assert public.progress == 0
    assert ChallengeUpdate.objects.get().progress == 90


@pytest.mark.parametrize(
    "overrides",
    [
        {"progress": "101"},
        {"progress": "-1"},
        {"progress": "many"},
        {"progress_reason": ""},
        {"stage": "done"},
    ],
)
def test_invalid_update_rerenders_and_changes_nothing(client, staff, public, overrides):
    client.force_login(staff)
    response = client.post(url("challenge-update", slug="pendling"), update_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not ChallengeUpdate.objects.exists()
    public.refresh_from_db()
    assert (public.stage, public.progress) == ("co_create", 0)


# --- Timeline -------------------------------------------------------------------------


def test_timeline_merges_updates_and_linked_insights_newest_first(client, staff, public):
    journey = LearningJourneyFactory(title="Samverket 2.0")
    meeting = MeetingFactory(journey=journey, title="Lärandeträff 6")
    old = Insight.objects.create(journey=journey, meeting=meeting, kind="works", text="Hybrid")
    new = Insight.objects.create(journey=journey, kind="next_step", text="Share desks")
    unlinked = Insight.objects.create(journey=journey, kind="works", text="Not linked")
    Insight.objects.filter(pk=old.pk).update(created_at=at(2024, 1, 10))
    Insight.objects.filter(pk=new.pk).update(created_at=at(2024, 5, 10))
    Insight.objects.filter(pk=unlinked.pk).update(created_at=at(2024, 6, 1))
    public.insights.set([old, new])
    first = ChallengeUpdate.objects.create(
        challenge=public, stage="understand", progress=10, progress_reason="Start", author=staff
    )
    second = ChallengeUpdate.objects.create(
        challenge=public,
        stage="co_create",
        previous_stage="understand",
        progress=30,
        progress_reason="Workshops",
        author=staff,
    )
    ChallengeUpdate.objects.filter(pk=first.pk).update(created_at=at(2024, 2, 1))
    ChallengeUpdate.objects.filter(pk=second.pk).update(created_at=at(2024, 4, 1))

    html = client.get(public.get_absolute_url()).content.decode()
    order = re.findall(r'data-kind="(update|insight)" data-(?:update|insight)="(\d+)"', html)
    assert order == [
        ("insight", str(new.pk)),
        ("update", str(second.pk)),
        ("update", str(first.pk)),
        ("insight", str(old.pk)),
    ]
    assert "Not linked" not in html
    assert meeting.get_absolute_url() in html
    assert journey.get_absolute_url() in html


def test_public_sees_no_author_names_staff_do(client, staff, public):
    author = UserFactory(name="Anna Andersson", email="anna@example.org", is_region_staff=True)
    nameless = UserFactory(email="nameless@example.org", is_region_staff=True)
    ChallengeUpdate.objects.create(
        challenge=public, stage="test", previous_stage="co_create", progress=50,
        progress_reason="Pilot", author=author,
    )  # fmt: skip
    ChallengeUpdate.objects.create(
        challenge=public, stage="test", progress=55, progress_reason="More", author=nameless
    )
    html = client.get(public.get_absolute_url()).content.decode()
    assert "Anna Andersson" not in html
    assert "anna@example.org" not in html and "nameless@example.org" not in html
    assert "data-author" not in html

    client.force_login(staff)
    html = client.get(public.get_absolute_url()).content.decode()
    assert "Anna Andersson" in html
    assert html.count("data-author") == 2
    assert "nameless@example.org" not in html


def test_draft_journeys_and_their_insights_are_hidden_from_the_public(client, staff, public):
    draft = LearningJourneyFactory(title="Draft journey", status="draft")
    active = LearningJourneyFactory(title="Active journey")
    public.journeys.set([draft, active])
    public.insights.set([Insight.objects.create(journey=draft, kind="works", text="Secret")])
    html = client.get(public.get_absolute_url()).content.decode()
    assert "Active journey" in html
    assert "Draft journey" not in html and "Secret" not in html
    client.force_login(staff)
    html = client.get(public.get_absolute_url()).content.decode()
    assert "Draft journey" in html and "Secret" in html


@pytest.mark.parametrize("n", [3, 9])
def test_detail_query_count_does_not_grow(client, n, django_assert_num_queries, public):
    journey = LearningJourneyFactory()
    meeting = MeetingFactory(journey=journey)
    for i in range(n):
        SubResult.objects.create(challenge=public, title=f"Part {i}", progress=10 * i)
        public.updates.create(stage="test", progress=i, progress_reason="r")
        public.insights.add(
            Insight.objects.create(journey=journey, meeting=meeting, kind="works", text=f"I {i}")
        )
        public.activities.add(ActivityFactory())
        public.owners.add(OrganisationFactory())
        public.hubs.add(HubFactory())
        public.journeys.add(LearningJourneyFactory())
    # 1 challenge, 2 sub-results, 3 updates with author, 4 insights with journey
    # and meeting, 5 owners, 6 hubs, 7 journeys, 8 activities with hub.
    with django_assert_num_queries(8):
        response = client.get(public.get_absolute_url())
    assert len(response.context["detail"].timeline) == 2 * n


# --- Create and edit ------------------------------------------------------------------


def test_staff_create_a_challenge_with_links(client, staff, hub):
    owner = OrganisationFactory(name="Region Jämtland Härjedalen")
    journey = LearningJourneyFactory()
    activity = ActivityFactory(hub=hub)
    insight = Insight.objects.create(journey=journey, kind="works", text="Coworking works")
    ChallengeFactory(slug="less-commuting")  # the slug from the title is taken
    client.force_login(staff)
    response = client.post(
        url("challenge-create"),
        {
            "title": "  Less   commuting ",
            "slug": "",
            "description": "Cut commuting in the county.",
            "nature": "complex",
            "owners": [owner.pk],
            "hubs": [hub.pk],
            "journeys": [journey.pk],
            "activities": [activity.pk],
            "insights": [insight.pk],
            "is_public": "on",
        },
    )
    challenge = Challenge.objects.get(title="Less commuting")
    assert response.status_code == 302
    assert response["Location"] == challenge.get_absolute_url()
    assert challenge.slug == "less-commuting-2"
    assert challenge.created_by == staff
    assert list(challenge.owners.all()) == [owner]
    assert list(challenge.hubs.all()) == [hub]
    assert list(challenge.journeys.all()) == [journey]
    assert list(challenge.activities.all()) == [activity]
    assert list(challenge.insights.all()) == [insight]
    assert challenge.is_public
    assert challenge.stage == Stage.UNDERSTAND


def test_old_activities_are_not_offered(client, staff, hub, public):
    recent = ActivityFactory(hub=hub)
    old = ActivityFactory(hub=hub, starts_at=timezone.now() - timedelta(days=3 * 365))
    client.force_login(staff)
    form = client.get(url("challenge-create")).context["form"]
    offered = list(form.fields["activities"].queryset)
    assert recent in offered and old not in offered
    response = client.post(
        url("challenge-create"),
        {"title": "T", "description": "D", "nature": "complex", "activities": [old.pk]},
    )
    assert response.status_code == 200
    assert "activities" in response.context["form"].errors
    # An old activity already linked stays offered when editing.
    public.activities.add(old)
    form = client.get(url("challenge-edit", slug="pendling")).context["form"]
    assert old in list(form.fields["activities"].queryset)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"nature": "simple"}, "nature"),
        ({"description": ""}, "description"),
        ({"slug": "lokaler"}, "slug"),
        ({"owners": ["999999"]}, "owners"),
    ],
)
def test_invalid_challenge_rerenders_and_changes_nothing(
    client, staff, public, hidden, overrides, field
):
    client.force_login(staff)
    data = {"title": "New title", "description": "D", "nature": "complex", **overrides}
    response = client.post(url("challenge-create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Challenge.objects.count() == 2
    response = client.post(url("challenge-edit", slug="pendling"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    public.refresh_from_db()
    assert public.title == "Fewer commuting kilometres"
    assert "Fewer commuting kilometres" in response.content.decode()


def test_staff_edit_a_challenge(client, staff, public, hub):
    client.force_login(staff)
    response = client.post(
        url("challenge-edit", slug="pendling"),
        {
            "title": "Fewer kilometres",
            "slug": "pendling",
            "description": "New text",
            "nature": "complicated",
            "hubs": [hub.pk],
        },
    )
    assert response.status_code == 302
    public.refresh_from_db()
    assert (public.title, public.nature, public.is_public) == (
        "Fewer kilometres",
        "complicated",
        False,
    )
    assert list(public.hubs.all()) == [hub]
    assert public.stage == "co_create"  # the stage moves only through updates


# --- Sub-results ----------------------------------------------------------------------


def parts_data(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "parts-TOTAL_FORMS": str(len(rows)),
        "parts-INITIAL_FORMS": str(initial),
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"parts-{i}-{key}"] = value
    return data


def test_sub_results_save_delete_and_roll_up(client, staff, public):
    client.force_login(staff)
    response = client.post(
        url("challenge-sub-results", slug="pendling"),
        parts_data(
            [
                {"title": "Survey", "weight": "1", "progress": "40"},
                {"title": "Pilot", "weight": "3", "progress": "80"},
                {"title": "", "weight": "", "progress": ""},
            ]
        ),
    )
    assert response.status_code == 302
    parts = list(public.sub_results.order_by("id"))
    assert [(p.title, p.weight, p.progress) for p in parts] == [
        ("Survey", 1, 40),
        ("Pilot", 3, 80),
    ]
    page = client.get(url("challenge-sub-results", slug="pendling"))
    assert page.context["rollup"].progress == 70
    assert 'data-method="weighted"' in page.content.decode()

    # Delete one, change the other: the roll-up becomes the plain mean of one.
    response = client.post(
        url("challenge-sub-results", slug="pendling"),
        parts_data(
            [
                {"id": str(parts[0].pk), "title": "Survey", "weight": "", "progress": "60"},
                {"id": str(parts[1].pk), "title": "Pilot", "weight": "3", "progress": "80",
                 "DELETE": "on"},
            ],
            initial=2,
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert [(p.title, p.weight, p.progress) for p in public.sub_results.all()] == [
        ("Survey", None, 60)
    ]
    assert client.get(public.get_absolute_url()).context["detail"].rollup.progress == 60


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "Pilot", "weight": "0", "progress": "10"},
        {"title": "Pilot", "weight": "101", "progress": "10"},
        {"title": "Pilot", "weight": "", "progress": "120"},
        {"title": "", "weight": "5", "progress": "10"},
        {"title": "Survey", "weight": "", "progress": "10"},
    ],
)
def test_invalid_sub_results_change_nothing(client, staff, public, bad):
    kept = SubResult.objects.create(challenge=public, title="Survey", progress=40)
    client.force_login(staff)
    response = client.post(
        url("challenge-sub-results", slug="pendling"),
        parts_data(
            [{"id": str(kept.pk), "title": "Survey", "weight": "", "progress": "99"}, bad],
            initial=1,
        ),
    )
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert [(p.title, p.progress) for p in public.sub_results.all()] == [("Survey", 40)]
