"""The cache backend of production: Redis, where an outage costs a miss, never a page.

What the portal keeps in the cache can all be lost: allauth's rate-limit counters and TOTP
replay marks, an import's progress figure, the worker's heartbeat. So when Redis is down or
does not answer, reads find nothing, writes are dropped and `add` succeeds (allauth takes its
lock and lets the login through; django-axes, in the database, still locks out a password
guesser). After a failure each process leaves Redis alone for a few seconds, so that during an
outage requests do not each wait for a connection timeout.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a process skips Redis after a failure before it tries again.
PAUSE_AFTER_FAILURE = 5.0

# Per process, shared by its threads (Django gives each thread its own backend object).
_paused_until = {}


class ResilientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache`, with Redis errors turned into misses."""

    def _servers_key(self):
        return tuple(self._servers)

    def _attempt(self, operation, fallback, *args, **kwargs):
        key = self._servers_key()
        if time.monotonic() < _paused_until.get(key, 0.0):
            return fallback
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            logger.warning(
                "Cache unreachable (%s): treated as empty for %s s", error, PAUSE_AFTER_FAILURE
            )
            _paused_until[key] = time.monotonic() + PAUSE_AFTER_FAILURE
            return fallback

    def check(self):
        """Raise unless Redis answers now (the health check); ignores the pause."""
        self._cache.get_client(write=True).ping()
        _paused_until.pop(self._servers_key(), None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._attempt(super().incr, missing, key, delta, version)
        if value is missing:  # as for a key that is not there
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, None, keys, version)

    def clear(self):
        return self._attempt(super().clear, False)
