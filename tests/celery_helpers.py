"""A real Celery worker for the tests that claim to test tasks (Redis broker, worker thread), and
a Redis that is down, as the cache or as the broker, for the tests of outages."""

import socket
import time

import pytest
from celery.contrib.testing.worker import start_worker

from portal.celery import app


@pytest.fixture
def real_worker():
    """Tasks go through Redis to a worker thread of this process, not eagerly."""
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, seconds=20):
    """Poll until the worker's effect shows up; False if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def unused_port():
    """A local TCP port nothing listens on (a Redis that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    """The production cache (Redis, as settings build it from REDIS_URL) pointed at a Redis that
    is down, and the rate limits of production on (the tests turn them off), since they are
    what uses the cache on a login."""
    from portal import settings as production

    settings.CACHES = {
        "default": {
            **production.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/0",
        }
    }
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS


def _reset_broker_connections():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Tasks go to a Redis broker that is down (as in production, not eagerly)."""
    from core import tasks

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = f"redis://127.0.0.1:{unused_port()}/0"
    app.conf.task_always_eager = False
    _reset_broker_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _reset_broker_connections()
        tasks._publish_paused_until = 0.0  # the next test's broker is up
