"""After a commit that recorded a message, the relay is asked for through the real broker: a
burst of commits in one process queues one relay (a booking storm would otherwise publish one
task per booking), and that one relay still sends every message of the burst, once."""

import time

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from core import outbox
from core.models import OutboxMessage, OutboxStatus
from portal.celery import app
from tests.celery_helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

QUEUE = "celery"  # the default queue's list in Redis


@pytest.fixture
def broker(monkeypatch):
    """Tasks are published to Redis (not run eagerly), from a queue emptied first; the
    coalescing window starts closed."""
    monkeypatch.setattr(outbox, "_relay_queued_at", None)
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(QUEUE)
    app.conf.task_always_eager = False
    try:
        yield client
    finally:
        app.conf.task_always_eager = True
        client.delete(QUEUE)


def _record(n):
    with transaction.atomic():
        outbox.enqueue_rendered(
            EmailMessage(f"Message {n}", "Bonjour", to=[f"p{n}@example.org"]), key=f"kick:{n}"
        )


def test_a_burst_of_commits_queues_one_relay_then_a_later_one_queues_again(broker):
    for n in range(5):
        _record(n)
    assert broker.llen(QUEUE) == 1
    # Past the window, the relay queued then may already have run: a new one is asked for.
    outbox._relay_queued_at = time.monotonic() - outbox.RELAY_COALESCE
    _record(5)
    assert broker.llen(QUEUE) == 2


def test_the_one_relay_of_a_burst_sends_every_message_once(broker, real_worker):
    for n in range(5):
        _record(n)

    def statuses():
        return set(OutboxMessage.objects.values_list("status", flat=True))

    # Each row is marked sent in the transaction that sends it: wait for the commits.
    assert wait_for(lambda: statuses() == {OutboxStatus.SENT}), statuses()
    assert sorted(m.subject for m in mail.outbox) == [f"Message {n}" for n in range(5)]
