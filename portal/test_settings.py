"""Settings for the test suite: the real settings, with what tests must not depend on removed."""

import os

# The real settings refuse to load without a SECRET_KEY; tests sign nothing that matters.
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")

from .settings import *  # noqa: E402, F403

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
ACCOUNT_RATE_LIMITS = False
# Tests run tasks in-process unless a test starts a real worker (tests/portal/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
WHITENOISE_AUTOREFRESH = True  # tests serve static files without collectstatic

# Under pytest-xdist each worker gets its own Redis database (as pytest-django gives each its
# own test database): a real Celery worker started by one test must not take another's tasks.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist_worker.startswith("gw"):  # noqa: F405
    _base, _, _db = REDIS_URL.rpartition("/")  # noqa: F405
    REDIS_URL = f"{_base}/{int(_db or 0) + int(_xdist_worker[2:])}"
    CELERY_BROKER_URL = REDIS_URL
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405

# A second alias on the same test database, as a read replica would be (portal/db_router.py):
# no router uses it unless a test installs one (tests/portal/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
