"""/sante/ says which part is down: database, cache, broker, worker (by its heartbeat)."""

import json
import time

import pytest
from django.db import OperationalError

from core.tasks import HEARTBEAT_KEY, heartbeat
from portal import health

pytestmark = pytest.mark.django_db

COMPONENTS = {"database", "cache", "broker", "worker"}


def sante(client):
    response = client.get("/sante/")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


@pytest.fixture
def worker_alive():
    """A worker ran the heartbeat task just now."""
    heartbeat.apply()


@pytest.mark.redis
def test_every_part_up_is_ok(client, worker_alive):
    status, body = sante(client)
    assert status == 200
    assert body["status"] == "ok"
    assert {name: body[name] for name in COMPONENTS} == dict.fromkeys(COMPONENTS, "ok")
    assert 0 <= body["worker_heartbeat_age"] < 60
    # It says which part is down and nothing else: no host, no error text.
    assert set(body) == {"status", "worker_heartbeat_age", *COMPONENTS}


@pytest.mark.redis
def test_the_database_down_is_a_503(client, worker_alive, monkeypatch):
    def refused():
        raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")

    monkeypatch.setattr(health, "_database", refused)
    status, body = sante(client)
    assert (status, body["status"], body["database"]) == (503, "down", "down")
    assert body["cache"] == body["broker"] == body["worker"] == "ok"
    assert "10.0.0.5" not in json.dumps(body)


@pytest.mark.redis
def test_the_cache_down_is_a_503_and_the_heartbeat_unknown(client, worker_alive, cache_down):
    status, body = sante(client)
    assert (status, body["cache"], body["worker"]) == (503, "down", "unknown")
    assert body["database"] == body["broker"] == "ok"


@pytest.mark.redis
def test_the_broker_down_is_a_503(client, worker_alive, broker_down):
    status, body = sante(client)
    assert (status, body["broker"]) == (503, "down")
    assert body["database"] == body["cache"] == body["worker"] == "ok"


@pytest.mark.redis
def test_a_worker_silent_for_three_minutes_is_down(client, worker_alive, settings):
    from django.core.cache import cache

    cache.set(HEARTBEAT_KEY, time.time() - settings.WORKER_HEARTBEAT_MAX_AGE - 5, timeout=None)
    status, body = sante(client)
    assert (status, body["worker"]) == (503, "down")
    assert body["worker_heartbeat_age"] >= settings.WORKER_HEARTBEAT_MAX_AGE + 5


@pytest.mark.redis
def test_a_worker_never_heard_of_is_down(client):
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY)
    status, body = sante(client)
    assert (status, body["worker"], body["worker_heartbeat_age"]) == (503, "down", None)


def test_without_redis_tasks_run_in_the_process_and_the_database_decides(client, settings):
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    status, body = sante(client)
    assert status == 200
    assert {name: body[name] for name in COMPONENTS} == dict.fromkeys(COMPONENTS, "ok")


@pytest.mark.redis
def test_the_command_fails_when_a_named_part_is_down(worker_alive, broker_down):
    from django.core.management import CommandError, call_command

    call_command("health", "database", "worker")  # what beat's container checks
    with pytest.raises(CommandError, match="broker"):
        call_command("health")
