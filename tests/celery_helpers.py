"""A real Celery worker for the tests that claim to test tasks (Redis broker, worker thread)."""

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
