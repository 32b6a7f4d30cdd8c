"""What `/sante/` (and `manage.py health`) report: each part the portal needs, checked now.

database, cache and broker are asked a trivial question with short timeouts; the worker is
judged by its heartbeat (core.tasks.heartbeat, sent by beat every minute and written by the
worker into the cache). Each is "ok" or "down" ("unknown" for the worker when the cache, where
its heartbeat lives, is down). Nothing else is said: no host name, no error text (the errors
go to the log).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

OK, DOWN, UNKNOWN = "ok", "down", "unknown"
COMPONENTS = ("database", "cache", "broker", "worker")


def _probe(name, check):
    try:
        check()
    except Exception as error:  # any failure of the probe means the part is not usable
        logger.warning("Health check: %s is down (%r)", name, error)
        return DOWN
    return OK


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    check = getattr(cache, "check", None)  # core.cache.ResilientRedisCache never raises else
    if check is not None:
        check()
        return
    cache.set("core:health", 1, timeout=10)
    if cache.get("core:health") != 1:
        raise RuntimeError("the cache did not keep a value")


def _broker():
    if not settings.REDIS_URL:
        return  # tasks run eagerly in the process: there is no broker to lose
    from portal.celery import app

    with app.connection_for_write() as broker:
        broker.default_channel.client.ping()  # one attempt, short timeouts


def _worker(cache_state, now):
    """(state, seconds since the last heartbeat or None)."""
    if not settings.REDIS_URL:
        return OK, None  # tasks run eagerly in the process
    if cache_state != OK:
        return UNKNOWN, None
    from core.tasks import last_heartbeat

    beat = last_heartbeat()
    if beat is None:
        return DOWN, None
    age = max(0, int(now - beat))
    return (OK if age <= settings.WORKER_HEARTBEAT_MAX_AGE else DOWN), age


def report(now=None):
    """{"status": "ok" | "down", each component's state, "worker_heartbeat_age": seconds}."""
    states = {
        "database": _probe("database", _database),
        "cache": _probe("cache", _cache),
        "broker": _probe("broker", _broker),
    }
    states["worker"], age = _worker(states["cache"], now or time.time())
    healthy = all(state == OK for state in states.values())
    return {"status": OK if healthy else DOWN, **states, "worker_heartbeat_age": age}
