"""The hub page shows the hub's next learning meetings through the section that
learning_journeys registers in hubs.extensions (hubs never imports us)."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import format_html

import hubs
from hubs.extensions import hub_sections, register_hub_section, unregister_hub_section
from learning_journeys.hub_section import upcoming_meetings_section
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _section(body: str) -> str:
    assert 'id="hub-learning-meetings"' in body
    return body.split('id="hub-learning-meetings"')[1].split("</section>")[0]


def test_hub_page_shows_upcoming_published_meetings_only(client, hub, other_hub):
    now = timezone.now()
    shown = MeetingFactory(hub=hub, title="Lärandeträff om hybridarbete", capacity=8)
    RegistrationFactory(meeting=shown)
    RegistrationFactory(meeting=shown, status="waitlisted")
    draft = MeetingFactory(hub=hub, status="draft")
    cancelled = MeetingFactory(hub=hub, status="cancelled")
    elsewhere = MeetingFactory(hub=other_hub)
    past = MeetingFactory(
        hub=hub, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-3)
    )

    response = client.get(hub.get_absolute_url())
    assert response.status_code == 200
    section = _section(response.content.decode())
    assert f'data-meeting="{shown.pk}"' in section
    assert f'href="{shown.get_absolute_url()}"' in section
    assert 'data-seats-left="7"' in section
    assert "<time datetime=" in section
    for hidden in (draft, cancelled, elsewhere, past):
        assert f'data-meeting="{hidden.pk}"' not in section
    assert 'href="/laranderesor/?hub=samverket"' in section


def test_hub_page_lists_at_most_five_soonest_first(client, hub):
    now = timezone.now().replace(microsecond=0)
    meetings = [
        MeetingFactory(
            hub=hub,
            starts_at=now + timedelta(days=10 - n),
            ends_at=now + timedelta(days=10 - n, hours=2),
        )
        for n in range(7)
    ]
    section = _section(client.get(hub.get_absolute_url()).content.decode())
    soonest = sorted(meetings, key=lambda m: m.starts_at)[:5]
    positions = [section.index(f'data-meeting="{m.pk}"') for m in soonest]
    assert positions == sorted(positions)
    assert section.count("data-meeting=") == 5


def test_full_meeting_says_so(client, hub):
    meeting = MeetingFactory(hub=hub, capacity=1)
    RegistrationFactory(meeting=meeting)
    section = _section(client.get(hub.get_absolute_url()).content.decode())
    assert 'data-seats-left="0"' in section


def test_no_section_without_meetings(client, hub):
    MeetingFactory(hub=hub, status="draft")
    body = client.get(hub.get_absolute_url()).content.decode()
    assert 'id="hub-learning-meetings"' not in body


@pytest.mark.parametrize("count", [3, 6])
def test_hub_page_queries_do_not_grow_with_meetings(client, django_assert_num_queries, hub, count):
    for _n in range(count):
        meeting = MeetingFactory(hub=hub)
        RegistrationFactory(meeting=meeting)
    # 1 the hub, 2 upcoming activities, 3 activity aggregate, 4 desk-days per
    # month, 5 upcoming learning meetings with their seat counts
    with django_assert_num_queries(5):
        response = client.get(hub.get_absolute_url())
    assert response.content.decode().count("data-meeting=") == min(count, 5)


def test_the_section_is_registered_once(hub):
    register_hub_section(upcoming_meetings_section)  # again: no-op
    request = RequestFactory().get("/")
    MeetingFactory(hub=hub)
    fragments = hub_sections(request, hub)
    assert sum('id="hub-learning-meetings"' in f for f in fragments) == 1


def test_registry_skips_empty_sections_and_can_unregister(hub):
    def empty(request, hub):
        return None

    def hello(request, hub):
        return format_html("<p>{}</p>", hub.slug)

    request = RequestFactory().get("/")
    register_hub_section(empty)
    register_hub_section(hello)
    try:
        assert hub_sections(request, hub)[-1] == "<p>samverket</p>"
        assert len(hub_sections(request, hub)) == 1  # no meetings: only "hello"
    finally:
        unregister_hub_section(empty)
        unregister_hub_section(hello)
    assert hub_sections(request, hub) == []


def test_a_section_returning_plain_text_is_escaped(hub):
    """Only SafeString (a template, format_html) is inserted as HTML: a plain
    str from a section is text, so user data in it cannot inject markup."""

    def careless(request, hub):
        return f"<script>alert(1)</script>{hub.slug}"

    request = RequestFactory().get("/")
    register_hub_section(careless)
    try:
        fragment = hub_sections(request, hub)[-1]
    finally:
        unregister_hub_section(careless)
    assert fragment == "&lt;script&gt;alert(1)&lt;/script&gt;samverket"


def test_hubs_app_does_not_import_learning_journeys():
    root = Path(hubs.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.startswith("learning_journeys") for name in names), path
