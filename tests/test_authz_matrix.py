"""The authorisation matrix: every URL in the URL configuration × every role.

The routes are read from `django.urls.get_resolver()` (pages, allauth, admin,
the API, i18n) and each one must have a reviewed entry in
`tests.authz_expectations`; a route without one fails
`test_every_route_has_a_reviewed_expectation`, so a new view cannot escape
review. Every route is then requested with GET as anonymous, a coworker, the
manager of hub A (the one owning every object in the URLs), the manager of hub
B, Region staff and an admin, and the status class is compared with the table.

Object-level checks follow: IDs of hub A's objects in URLs, forms and API
payloads give manager B 403/404 (or a refused form), never data, and the rows
stay unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests import authz_expectations as expectations
from tests.factories import (
    ActivityFactory,
    ChallengeFactory,
    HubFactory,
    HubManagerFactory,
    LearningJourneyFactory,
    MeetingFactory,
    OccupancyFactory,
    OrganisationFactory,
    PrivacyAssessmentFactory,
    RegistrationFactory,
    ToolFactory,
    UserFactory,
)

ROLES = expectations.ROLES

# --- The routes ------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "namespace:<route>" for unnamed patterns
    route: str  # the full pattern text, for messages
    name: str | None  # the reversible name (namespaced), None if unnamed
    params: tuple[str, ...]

    def __str__(self) -> str:
        return self.key


def _walk(resolver, prefix: str = "", namespace: str | None = None, outer: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            # Parameters of an include's own prefix (e.g. allauth's oidc/<provider_id>/).
            inner = outer + tuple(pattern.pattern.regex.groupindex)
            yield from _walk(pattern, prefix + str(pattern.pattern), ns, inner)
        elif isinstance(pattern, URLPattern):
            full = prefix + str(pattern.pattern)
            params = outer + tuple(pattern.pattern.regex.groupindex)
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield Route(key=name, route=full, name=name, params=params)
            else:
                key = f"{namespace}:<{full}>" if namespace else f"<{full}>"
                yield Route(key=key, route=full, name=None, params=params)


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver()):
        # The first pattern with a name wins, as in reverse().
        seen.setdefault(route.key, route)
    return list(seen.values())


ROUTES = all_routes()


def test_every_route_has_a_reviewed_expectation():
    missing = [f"{r.key}  ({r.route})" for r in ROUTES if expectations.lookup(r.key) is None]
    assert not missing, (
        "These routes have no entry in tests/authz_expectations.py; review who may open "
        "them and add one:\n  " + "\n  ".join(missing)
    )


def test_no_stale_expectations():
    """Exact entries must name existing routes (a renamed view must be re-reviewed)."""
    keys = {r.key for r in ROUTES}
    stale = sorted(set(expectations.EXACT) - keys)
    assert not stale, f"Expectations for routes that no longer exist: {stale}"


# --- The data set: one per module, rolled back at the end ------------------------


@dataclass
class Dataset:
    hub_a: object
    hub_b: object
    users: dict
    activity_a: object
    activity_b: object
    journey: object
    meeting: object
    registration: object
    guest_registration: object
    tool: object
    review: object
    challenge: object
    indicator: object
    target: object
    open_data: object
    feed: object
    adoption_a: object
    meeting_b: object
    registration_b: object
    draft_meeting_a: object


def _build() -> Dataset:
    from accounting.models import Indicator, OpenDataFile, Target
    from learning_journeys.models import CalendarFeed
    from toolbox.models import Adoption, Review

    hub_a = HubFactory(name="Samverket", slug="samverket")
    hub_b = HubFactory(name="Kollektivet", slug="kollektivet")
    users = {
        "coworker": UserFactory(email="coworker@example.org"),
        "manager_a": HubManagerFactory(hub=hub_a, user__email="manager@example.org").user,
        "manager_b": HubManagerFactory(hub=hub_b, user__email="other.manager@example.org").user,
        "staff": UserFactory(email="staff@example.org", is_region_staff=True),
        "admin": UserFactory(email="admin@example.org", is_staff=True, is_superuser=True),
    }
    activity_a = ActivityFactory(hub=hub_a, title="Frukost A")
    activity_b = ActivityFactory(hub=hub_b, title="Frukost B")
    OccupancyFactory(hub=hub_a)
    journey = LearningJourneyFactory(hub=hub_a, slug="resa-a")
    meeting = MeetingFactory(journey=journey, hub=hub_a)
    registration = RegistrationFactory(meeting=meeting, user=users["coworker"])
    guest_registration = RegistrationFactory(
        meeting=meeting,
        user=None,
        email="guest@example.org",
        status="pending",
        confirmed_at=None,
    )
    tool = ToolFactory(slug="verktyg-a")
    PrivacyAssessmentFactory(tool=tool)
    review = Review.objects.create(tool=tool, user=users["coworker"], rating=4, tip="Bra")
    adoption_a = Adoption.objects.create(
        tool=tool, hub=hub_a, since=timezone.localdate() - timedelta(days=10), notes="A only"
    )
    OrganisationFactory()
    challenge = ChallengeFactory(slug="utmaning-a")
    indicator = Indicator.objects.order_by("code").first()
    assert indicator is not None, "the default indicators migration seeds the catalogue"
    target = Target.objects.create(
        indicator=indicator, scope_type="hub", hub=hub_a, year=timezone.localdate().year, value=1
    )
    open_data = OpenDataFile.objects.create(
        name="hubs", content="a,b\n1,2\n", rows=1, generated_at=timezone.now()
    )
    feed = CalendarFeed.objects.create(user=users["coworker"])
    meeting_b = MeetingFactory(journey=LearningJourneyFactory(hub=hub_b), hub=hub_b)
    registration_b = RegistrationFactory(meeting=meeting_b)
    draft_meeting_a = MeetingFactory(journey=journey, hub=hub_a, status="draft", title="Utkast A")
    return Dataset(
        hub_a=hub_a,
        hub_b=hub_b,
        users=users,
        activity_a=activity_a,
        activity_b=activity_b,
        journey=journey,
        meeting=meeting,
        registration=registration,
        guest_registration=guest_registration,
        tool=tool,
        review=review,
        challenge=challenge,
        indicator=indicator,
        target=target,
        open_data=open_data,
        feed=feed,
        adoption_a=adoption_a,
        meeting_b=meeting_b,
        registration_b=registration_b,
        draft_meeting_a=draft_meeting_a,
    )


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        data = _build()
        yield data
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(dataset, django_db_blocker):
    result = {"anonymous": Client()}
    with django_db_blocker.unblock():
        for role, user in dataset.users.items():
            client = Client()
            client.force_login(user)
            result[role] = client
    return result


@pytest.fixture
def client_for(clients, dataset, db):
    """The role's client, signed in again if a request signed it out."""

    def get(role: str) -> Client:
        client = clients[role]
        if role != "anonymous" and "_auth_user_id" not in client.session:
            client.force_login(dataset.users[role])
        return client

    return get


# --- URL kwargs for each route ------------------------------------------------------


def _admin_object_id(route: Route, data: Dataset) -> str:
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    if not match:
        return "1"
    model = apps.get_model(match.group(1), match.group(2))
    obj = model.objects.order_by("pk").first()
    return str(obj.pk) if obj else "0"


def url_for(route: Route, data: Dataset) -> str:
    from learning_journeys import links
    from learning_journeys.links import CANCEL_SALT, CONFIRM_SALT, FEEDBACK_SALT

    name = route.name or ""
    params = set(route.params)
    if not params:
        if name:
            return reverse(name)
        return "/" + route.route.lstrip("^").rstrip("$")
    kwargs: dict[str, object] = {}
    ns = name.split(":")[0] if ":" in name else ""
    by_name: dict[str, dict[str, object]] = {
        "learning_journeys:guest-confirm": {
            "signed": links.sign(data.guest_registration, CONFIRM_SALT)
        },
        "learning_journeys:link-cancel": {"signed": links.sign(data.registration, CANCEL_SALT)},
        "learning_journeys:link-feedback": {"signed": links.sign(data.registration, FEEDBACK_SALT)},
        "learning_journeys:calendar-feed": {"token": data.feed.token},
        "learning_journeys:organise-attendance": {
            "pk": data.meeting.pk,
            "registration_pk": data.registration.pk,
        },
        "learning_journeys:journey-detail": {"slug": data.journey.slug},
        "learning_journeys:organise-journey-edit": {"slug": data.journey.slug},
        "api-learning-journey-detail": {"slug": data.journey.slug},
        "api-municipality-detail": {"code": data.hub_a.municipality.code},
        "api-hub-detail": {"slug": data.hub_a.slug},
        "api-activity-detail": {"pk": data.activity_a.pk},
        "api-target-detail": {"pk": data.target.pk},
        "api-indicator-detail": {"code": data.indicator.code},
        "accounting:indicator-edit": {"code": data.indicator.code},
        "accounting:open-data-file": {"name": data.open_data.name},
        "toolbox:moderate-review": {"pk": data.review.pk},
        "api-moderation-review-hide": {"pk": data.review.pk},
        "api-moderation-review-show": {"pk": data.review.pk},
        "hubs:activity-update": {"slug": data.hub_a.slug, "pk": data.activity_a.pk},
        "hubs:activity-delete": {"slug": data.hub_a.slug, "pk": data.activity_a.pk},
        "hubs:occupancy-cell": {"slug": data.hub_a.slug, "day": timezone.localdate()},
        "hubs:occupancy-breakdown": {"slug": data.hub_a.slug, "day": timezone.localdate()},
        "account_confirm_email": {"key": "not-a-real-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "not-a-real-key"},
        "openid_connect_login": {"provider_id": "region"},
        "openid_connect_callback": {"provider_id": "region"},
        "media": {"path": "hubs/no-such-photo.png"},
    }
    if name in by_name:
        kwargs = by_name[name]
    elif ns == "admin" or (route.name is None and route.route.startswith("admin/")):
        if route.name is None:
            # Unnamed admin patterns (the old object URL and the catch-all).
            path = "/" + route.route
            path = path.replace("<path:object_id>", _admin_object_id(route, data))
            return re.sub(r"\(\?P<url>\.\*\)\$$", "no-such-page/", path)
        for param in params:
            if param == "object_id" and name == "admin:view_on_site":
                kwargs[param] = data.hub_a.pk  # with the hub content type below
            elif param == "object_id":
                kwargs[param] = _admin_object_id(route, data)
            elif param == "id":  # the user admin's password change
                kwargs[param] = data.users["coworker"].pk
            elif param == "app_label":
                kwargs[param] = "hubs"
            elif param == "content_type_id":
                from django.contrib.contenttypes.models import ContentType

                kwargs[param] = ContentType.objects.get_for_model(type(data.hub_a)).pk
    elif params == {"slug"}:
        hub_scoped = name.startswith("accounting:hub-") or name == "accounting:self-assessment"
        if ns == "hubs" or hub_scoped:
            kwargs = {"slug": data.hub_a.slug}
        elif ns == "toolbox" or name.startswith("api-tool") or name.startswith("api-moderation"):
            kwargs = {"slug": data.tool.slug}
        elif name.startswith("accounting:challenge") or name.startswith("api-challenge"):
            kwargs = {"slug": data.challenge.slug}
    elif params == {"pk"} and (ns == "learning_journeys" or name.startswith("api-meeting")):
        kwargs = {"pk": data.meeting.pk}
    if set(kwargs) != params:
        raise AssertionError(
            f"test_authz_matrix.url_for does not know how to fill {sorted(params)} "
            f"for {route.key} ({route.route}); add it next to the expectation."
        )
    return reverse(name, kwargs=kwargs)


# --- Classifying a response ---------------------------------------------------------


def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if location.startswith(reverse("admin:login")):
            return "admin_login"
        if location.startswith(reverse("account_login")):
            return "login"
        return "redirect"
    if status in (401, 403):
        return "denied"
    if status == 404:
        return "not_found"
    if status == 405:
        return "method"
    return f"status_{status}"


# --- The matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_matrix(route, dataset, client_for):
    expected = expectations.lookup(route.key)
    if expected is None:
        pytest.fail(f"no expectation for {route.key}; see test_every_route_has_a_reviewed_...")
    url = url_for(route, dataset)
    wrong = []
    for role in ROLES:
        response = client_for(role).get(url)
        outcome = classify(response)
        allowed = expected[role]
        if outcome not in allowed:
            wrong.append(f"{role}: got {outcome} ({response.status_code}), expected {allowed}")
    assert not wrong, f"GET {url} [{route.key}]\n  " + "\n  ".join(wrong)


# --- Object level: hub A's IDs in manager B's hands ----------------------------------


def _refused(response) -> bool:
    return response.status_code in (403, 404)


@pytest.mark.parametrize(
    "name",
    [
        "hubs:workspace",
        "hubs:activity-list",
        "hubs:activity-update",
        "hubs:occupancy-week",
        "learning_journeys:organise-meeting-edit",
        "learning_journeys:organise-attendees",
        "learning_journeys:organise-attendees-csv",
        "learning_journeys:organise-report",
        "accounting:hub-report",
        "accounting:hub-report-csv",
        "accounting:self-assessment",
    ],
)
def test_manager_b_is_refused_hub_a_pages_and_sees_no_data(name, dataset, client_for):
    route = next(r for r in ROUTES if r.key == name)
    response = client_for("manager_b").get(url_for(route, dataset))
    assert _refused(response), f"{name}: {response.status_code}"
    body = response.content.decode(errors="replace")
    for secret in (dataset.activity_a.title, dataset.registration.email):
        assert secret not in body


def test_hub_a_activity_id_under_hub_b_slug_is_404(dataset, client_for):
    """Manager B's own workspace URL with hub A's activity ID finds nothing."""
    client = client_for("manager_b")
    for name in ("hubs:activity-update", "hubs:activity-delete"):
        url = reverse(name, kwargs={"slug": dataset.hub_b.slug, "pk": dataset.activity_a.pk})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"title": "Kapat"}).status_code == 404, name
    dataset.activity_a.refresh_from_db()
    assert dataset.activity_a.title == "Frukost A"


def test_hub_a_registration_under_hub_b_meeting_is_refused(dataset, client_for):
    """Attendance for a registration of another meeting (hub B's) through hub A's meeting."""
    url = reverse(
        "learning_journeys:organise-attendance",
        kwargs={"pk": dataset.meeting.pk, "registration_pk": dataset.registration_b.pk},
    )
    before = dataset.registration_b.status
    assert client_for("manager_a").post(url, {"value": "attended"}).status_code == 404
    url = reverse(
        "learning_journeys:organise-attendance",
        kwargs={"pk": dataset.meeting.pk, "registration_pk": dataset.registration.pk},
    )
    assert _refused(client_for("manager_b").post(url, {"value": "attended"}))
    dataset.registration_b.refresh_from_db()
    dataset.registration.refresh_from_db()
    assert dataset.registration_b.status == before
    assert dataset.registration.status == "confirmed"


def test_staff_are_read_only_in_hub_workspaces(dataset, client_for):
    url = reverse(
        "hubs:activity-update", kwargs={"slug": dataset.hub_a.slug, "pk": dataset.activity_a.pk}
    )
    assert client_for("staff").post(url, {"title": "Staff edit"}).status_code == 403
    dataset.activity_a.refresh_from_db()
    assert dataset.activity_a.title == "Frukost A"


def test_manager_b_posts_to_hub_a_pages_are_refused(dataset, client_for):
    client = client_for("manager_b")
    hub = dataset.hub_a.slug
    assert _refused(client.post(reverse("accounting:self-assessment", args=[hub]), {}))
    assert _refused(client.post(reverse("hubs:activity-create", args=[hub]), {"title": "X"}))
    assert _refused(
        client.post(reverse("learning_journeys:organise-meeting-cancel", args=[dataset.meeting.pk]))
    )
    dataset.meeting.refresh_from_db()
    assert dataset.meeting.status == "published"


def test_adoptions_manager_b_cannot_load_or_write_hub_a_use(dataset, client_for):
    from toolbox.models import Adoption

    client = client_for("manager_b")
    url = reverse("toolbox:adoptions", args=[dataset.tool.slug])
    response = client.get(url, {"hub": dataset.hub_a.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["hub"].queryset) == [dataset.hub_b]
    assert form.initial.get("hub") in (None, "")
    assert form.initial.get("notes", "") != "A only"
    response = client.post(
        url, {"hub": dataset.hub_a.pk, "since": "2025-01-01", "notes": "Taken over by B"}
    )
    assert response.status_code == 200  # the form again, with an error
    assert response.context["form"].errors
    dataset.adoption_a.refresh_from_db()
    assert dataset.adoption_a.notes == "A only"
    assert not Adoption.objects.filter(notes="Taken over by B").exists()


# --- Object level: the API ------------------------------------------------------------


def test_api_manager_b_cannot_patch_hub_a_activity(dataset, client_for):
    url = reverse("api-activity-detail", kwargs={"pk": dataset.activity_a.pk})
    client = client_for("manager_b")
    assert _refused(client.get(url))
    for method in (client.patch, client.put):
        response = method(url, {"title": "Kapad"}, content_type="application/json")
        assert _refused(response), response.status_code
    assert _refused(client.delete(url))
    dataset.activity_a.refresh_from_db()
    assert dataset.activity_a.title == "Frukost A"


def test_api_manager_b_cannot_create_activity_for_hub_a(dataset, client_for):
    from hubs.models import Activity

    before = Activity.objects.filter(hub=dataset.hub_a).count()
    payload = {
        "hub": dataset.hub_a.slug,
        "kind": "breakfast",
        "title": "Smugglad",
        "starts_at": (timezone.now() - timedelta(days=1)).isoformat(),
        "duration_minutes": 60,
        "participants": 5,
    }
    response = client_for("manager_b").post(
        reverse("api-activity-list"), payload, content_type="application/json"
    )
    assert response.status_code in (400, 403, 404), response.status_code
    assert Activity.objects.filter(hub=dataset.hub_a).count() == before
    assert not Activity.objects.filter(title="Smugglad").exists()


def test_api_manager_b_cannot_record_occupancy_for_hub_a(dataset, client_for):
    from hubs.models import Occupancy

    before = list(Occupancy.objects.filter(hub=dataset.hub_a).values_list("date", "desk_days"))
    payload = {"hub": dataset.hub_a.slug, "date": str(timezone.localdate()), "desk_days": 99}
    response = client_for("manager_b").post(
        reverse("api-occupancy-list"), payload, content_type="application/json"
    )
    assert response.status_code in (400, 403, 404), response.status_code
    after = list(Occupancy.objects.filter(hub=dataset.hub_a).values_list("date", "desk_days"))
    assert after == before


def test_api_manager_b_cannot_patch_or_run_hub_a_meeting(dataset, client_for):
    client = client_for("manager_b")
    meeting = dataset.meeting
    url = reverse("api-meeting-detail", kwargs={"pk": meeting.pk})
    response = client.patch(url, {"title": "Kapad", "capacity": 1}, content_type="application/json")
    assert _refused(response), response.status_code
    for name in ("api-meeting-cancel", "api-meeting-publish"):
        assert _refused(client.post(reverse(name, kwargs={"pk": meeting.pk}))), name
    assert _refused(client.get(reverse("api-meeting-attendees", kwargs={"pk": meeting.pk})))
    meeting.refresh_from_db()
    assert (meeting.title, meeting.capacity, meeting.status) != ("Kapad", 1, "cancelled")
    assert meeting.status == "published"
    assert meeting.capacity == 10


def test_api_manager_b_cannot_move_own_meeting_or_create_one_at_hub_a(dataset, client_for):
    from learning_journeys.models import Meeting

    client = client_for("manager_b")
    url = reverse("api-meeting-detail", kwargs={"pk": dataset.meeting_b.pk})
    response = client.patch(url, {"hub": dataset.hub_a.slug}, content_type="application/json")
    assert response.status_code in (400, 403, 404), response.status_code
    dataset.meeting_b.refresh_from_db()
    assert dataset.meeting_b.hub_id == dataset.hub_b.pk
    starts = timezone.now() + timedelta(days=20)
    payload = {
        "journey": dataset.journey.slug,
        "title": "Smugglad träff",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "hub": dataset.hub_a.slug,
        "capacity": 5,
    }
    response = client.post(reverse("api-meeting-list"), payload, content_type="application/json")
    assert response.status_code in (400, 403, 404), response.status_code
    assert not Meeting.objects.filter(title="Smugglad träff").exists()


def _api_ids(response, key="id"):
    assert response.status_code == 200, response.status_code
    data = response.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    return {row[key] for row in rows}


def test_api_lists_are_scoped_to_what_the_role_may_see(dataset, client_for):
    manager_b = client_for("manager_b")
    activities = _api_ids(manager_b.get(reverse("api-activity-list")))
    assert dataset.activity_a.pk not in activities
    assert dataset.activity_b.pk in activities
    occupancy = manager_b.get(reverse("api-occupancy-list")).json()
    rows = occupancy["results"] if isinstance(occupancy, dict) else occupancy
    assert all(row["hub"] != dataset.hub_a.slug for row in rows)
    # Registrations: one's own only.
    assert dataset.registration.pk not in _api_ids(manager_b.get(reverse("api-registration-list")))
    own = _api_ids(client_for("coworker").get(reverse("api-registration-list")))
    assert dataset.registration.pk in own
    assert dataset.registration_b.pk not in own
    # Hub A's target: not for manager B nor the public.
    for role in ("anonymous", "coworker", "manager_b"):
        targets = _api_ids(client_for(role).get(reverse("api-target-list")))
        assert dataset.target.pk not in targets, role
    assert dataset.target.pk in _api_ids(client_for("manager_a").get(reverse("api-target-list")))


def test_api_draft_meeting_of_hub_a_is_invisible_to_others(dataset, client_for):
    url = reverse("api-meeting-detail", kwargs={"pk": dataset.draft_meeting_a.pk})
    for role in ("anonymous", "coworker", "manager_b"):
        assert client_for(role).get(url).status_code == 404, role
        listed = _api_ids(client_for(role).get(reverse("api-meeting-list")))
        assert dataset.draft_meeting_a.pk not in listed, role
    assert client_for("manager_a").get(url).status_code == 200
