"""Make the Celery broker unreachable for the web side, and restore it fully.

Celery keeps a connection pool and a producer pool bound to the broker URL;
both are dropped on the way in and on the way out, or a later test would
still publish to the dead port.
"""

from contextlib import contextmanager

from coworking_region.celery import app as celery_app

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens there


def _forget_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = DEAD_BROKER
    _forget_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = original
        _forget_connections()
