"""Query-count budgets for the pages and API lists that `make bench` measures.

The same pages are requested on an almost empty database and after adding
several times more rows of every kind they list; the number of SQL queries must
not grow with the data (no N+1) and must stay within the page's budget. Query
counts do not depend on the machine, so they are asserted here; timings belong
in `make bench` (bench/run.py), never in a test.
"""

import inspect
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounting import rollup
from tests.factories import (
    ActivityFactory,
    HubFactory,
    MeetingFactory,
    OccupancyFactory,
    OrganisationFactory,
    RegistrationFactory,
    ToolFactory,
)

pytestmark = pytest.mark.django_db

# (label, url name, args from the fixture's objects, staff?, budget). A signed-in
# request also reads its session and user (2 queries): the county dashboard's
# budget is its own 6 plus those 2.
PAGES = [
    ("county dashboard", "accounting:dashboard", None, True, 6 + 2),
    ("hub directory", "hubs:index", None, False, 6),
    ("hub page", "hubs:hub-detail", "hub", False, 10),
    ("meeting list", "learning_journeys:index", None, False, 8),
    ("toolbox search", "toolbox:index", None, False, 10),
    ("API hubs", "api-hub-list", None, False, 4),
    ("API activities", "api-activity-list", None, True, 6),
    ("API occupancy", "api-occupancy-list", None, True, 6),
    ("API meetings", "api-meeting-list", None, False, 6),
    ("API tools", "api-tool-list", None, False, 6),
    ("API snapshots", "api-snapshot-list", None, False, 4),
]


def add_data(hub, times: int, *, offset: int = 0) -> None:
    """`times` more of everything the pages list, at this hub and at new hubs
    (days counted from `offset`, so that a second call adds new days)."""
    today = timezone.localdate()
    for n in range(offset, offset + times):
        other = HubFactory()
        organisations = OrganisationFactory.create_batch(2)
        for place in (hub, other):
            activity = ActivityFactory(
                hub=place, starts_at=timezone.now() - timedelta(days=3 + n), participants=5
            )
            activity.organisations.set(organisations)
            OccupancyFactory(hub=place, date=today - timedelta(days=1 + n), desk_days=3)
            meeting = MeetingFactory(
                hub=place,
                starts_at=timezone.now() + timedelta(days=5 + n),
                ends_at=timezone.now() + timedelta(days=5 + n, hours=2),
            )
            RegistrationFactory.create_batch(2, meeting=meeting)
        ToolFactory()
    rollup.rollup_full(today=today)


def count_queries(client, path: str) -> int:
    client.get(path)  # warm per-process caches, as a live server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


@pytest.mark.parametrize(("label", "name", "arg", "as_staff", "budget"), PAGES)
def test_query_count_stays_flat_as_data_grows(
    client, staff, hub, label, name, arg, as_staff, budget
):
    if as_staff:
        client.force_login(staff)
    path = reverse(name, args=[hub.slug] if arg == "hub" else [])
    if name == "toolbox:index":
        path += "?q=digital"
    add_data(hub, 1)
    small = count_queries(client, path)
    add_data(hub, 4, offset=1)
    large = count_queries(client, path)
    assert large == small, f"{label}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{label}: {large} queries, budget {budget}"


def test_the_budgets_cover_what_the_benchmark_measures():
    """bench/run.py and this test list the same pages: a page added to one
    without the other fails here."""
    from bench import run

    source = inspect.getsource(run.pages)
    for _label, name, *_rest in PAGES:
        assert f'reverse("{name}"' in source, name
