"""The ground's tasks: the outbox relay, the worker's heartbeat, and `publish`, which queues a
task from a request without ever making it wait for a broker that is down."""

import logging
import time

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from . import outbox

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "core:worker-heartbeat"
# After a failed publish, this process does not try the broker again for this long: during an
# outage each request would otherwise wait for a connection attempt.
PUBLISH_PAUSE_AFTER_FAILURE = 5.0
_publish_paused_until = 0.0
BROKER_ERRORS = (OperationalError, RedisError, OSError)


@shared_task(ignore_result=True)
def relay_outbox():
    """Send what the outbox holds (after each commit that recorded a message, and every
    minute by beat in case the broker or the worker was down then)."""
    return outbox.relay()


@shared_task(ignore_result=True)
def heartbeat():
    """Beat sends it every minute: a worker that runs it is alive and fed (/sante/)."""
    record_heartbeat()


def record_heartbeat():
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def last_heartbeat():
    """Seconds since the epoch of the last heartbeat, or None (never, or the cache is down)."""
    return cache.get(HEARTBEAT_KEY)


@worker_ready.connect
def _heartbeat_on_start(**kwargs):
    # A worker that has just started is alive before beat's first minute has passed.
    record_heartbeat()


def publish(task, *args, countdown=None):
    """Queue `task` (to run `countdown` seconds later, if given); True if the broker took it.
    A broker that is down costs one quick failed attempt (then none for a few seconds) and a
    warning: the caller must have recorded in the database what the task is for, so that a
    beat sweep does it later."""
    global _publish_paused_until
    if task.app.conf.task_always_eager:  # no broker: the task runs here and now
        task.apply_async(args)
        return True
    if time.monotonic() < _publish_paused_until:
        return False
    try:
        task.apply_async(args, countdown=countdown)
    except BROKER_ERRORS as error:
        _publish_paused_until = time.monotonic() + PUBLISH_PAUSE_AFTER_FAILURE
        logger.warning("Broker unreachable, %s not queued: %r", task.name, error)
        return False
    return True
