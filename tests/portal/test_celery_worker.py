"""A real Celery worker, consuming from Redis, runs a task and its effect lands in the database."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django_scopes import scopes_disabled

from accounts.models import Invitation, Role
from accounts.tasks import send_invitation
from portal.celery import app

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def _wait_for(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_worker_sends_an_invitation_once(tenant, real_worker):
    invitation = Invitation.objects.create(tenant=tenant, email="w@example.org", role=Role.HOST)
    send_invitation.delay(invitation.pk)
    send_invitation.delay(invitation.pk)  # a duplicate delivery must not mail twice

    def sent():
        with scopes_disabled():
            return Invitation.objects.get(pk=invitation.pk).sent_at is not None

    assert _wait_for(sent), "the worker did not run the task"
    time.sleep(1)  # give the duplicate time to run
    assert [m.to for m in mail.outbox] == [["w@example.org"]]
