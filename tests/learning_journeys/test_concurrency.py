"""Capacity holds under concurrent sign-ups, on the real PostgreSQL server.

Each thread has its own database connection; a barrier releases them all at
once so their transactions overlap. Without the meeting row lock in
services.register_user this test overbooks (checked by removing the lock).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from learning_journeys import services
from learning_journeys.models import Registration
from learning_journeys.services import RegistrationError
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

PARALLEL = 24


def _run_in_parallel(func, items):
    barrier = threading.Barrier(len(items))

    def worker(item):
        try:
            barrier.wait(timeout=30)
            return func(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(worker, items))


@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ups_for_the_last_seats_never_overbook(hub):
    meeting = MeetingFactory(hub=hub, capacity=12)
    RegistrationFactory.create_batch(9, meeting=meeting)  # three seats left
    users = UserFactory.create_batch(PARALLEL)

    def sign_up(user):
        try:
            return services.register_user(meeting=meeting, user=user).status
        except RegistrationError as error:
            return error.code

    results = _run_in_parallel(sign_up, users)

    assert results.count("confirmed") == 3
    assert results.count("full") == PARALLEL - 3
    assert (
        Registration.objects.filter(meeting=meeting, status="confirmed").count() == meeting.capacity
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ups_with_waitlist_keep_capacity_and_a_strict_line(hub):
    meeting = MeetingFactory(hub=hub, capacity=5)
    users = UserFactory.create_batch(PARALLEL)

    results = _run_in_parallel(
        lambda user: services.register_user(meeting=meeting, user=user, join_waitlist=True).status,
        users,
    )

    assert results.count("confirmed") == 5
    assert results.count("waitlisted") == PARALLEL - 5
    waiting = list(Registration.objects.filter(meeting=meeting, status="waitlisted"))
    positions = sorted(services.waitlist_position(r) for r in waiting)
    assert positions == list(range(1, PARALLEL - 5 + 1))


@pytest.mark.django_db(transaction=True)
def test_parallel_double_clicks_by_one_person_make_one_registration(hub, coworker):
    meeting = MeetingFactory(hub=hub, capacity=5)

    def sign_up(_):
        try:
            return services.register_user(meeting=meeting, user=coworker).status
        except RegistrationError as error:
            return error.code

    results = _run_in_parallel(sign_up, list(range(20)))
    assert results.count("confirmed") == 1
    assert results.count("already_registered") == 19
    assert Registration.objects.filter(meeting=meeting).count() == 1
