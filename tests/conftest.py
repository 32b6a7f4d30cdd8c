"""Test-wide fixtures: a cast of users per role, and the rules for tests needing real services.

Tests marked `postgres`, `redis` or `browser` need PostgreSQL, Redis or Debian's Chromium. On a
bare machine they are skipped with the reason; in CI (CI=true) a missing service fails the run
at collection instead, so a green CI always means they ran.
"""

import os
import shutil

import factory.random
import pytest
from django.conf import settings
from django.utils import translation
from django_scopes import scopes_disabled

from accounts.models import Role
from tests.accounts.factories import TenantFactory, UserFactory, staff_member

# Fixtures shared by the apps' test folders.
pytest_plugins = ["tests.celery_helpers"]

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"


def _missing_services():
    missing = {}
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing["postgres"] = "DATABASE_URL does not point to PostgreSQL"
    if not settings.REDIS_URL:
        missing["redis"] = "REDIS_URL is not set"
    if not shutil.which(CHROMIUM):
        missing["browser"] = f"{CHROMIUM} is not installed (apt-get install chromium)"
    from tests.faults.servers import missing_binaries

    if lacking := missing_binaries():
        missing["faults"] = "missing " + ", ".join(lacking)
    return missing


def pytest_collection_modifyitems(config, items):
    missing = _missing_services()
    needed = {m for item in items for m in missing if item.get_closest_marker(m)}
    if IN_CI and needed:
        raise pytest.UsageError(
            "CI=true but tests need what is missing: "
            + "; ".join(f"{m}: {missing[m]}" for m in sorted(needed))
        )
    for item in items:
        for marker, reason in missing.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    marked = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    return marked or {"transactional_db", "live_server"} & set(request.fixturenames)


@pytest.fixture(autouse=True)
def _territories_after_flush(request):
    """Territories come from a data migration, and a transactional test's flush removes them:
    put them back before the next transactional test (a no-op when they are there)."""
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        from core import territories
        from core.models import Departement, Region

        if not Departement.objects.exists():
            territories.load(Region, Departement)
    yield


@pytest.fixture(autouse=True)
def _same_random_data_every_run(request):
    """Factories draw names and dates from Faker: seed it from the test's id, so that a test
    gets the same data every run, whatever ran before it (a failure can be replayed)."""
    factory.random.reseed_random(request.node.nodeid)
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """What a test left in the cache (rate-limit counters, progress figures) must not reach the
    next one, nor the next run, whose rows reuse the same ids."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _french_by_default():
    """A test that switched to English must not leave it active for the next one."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _scopes_disabled_in_test_code():
    """Test code sets up rows of several tenants; views still run in their request's scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def tenant(db):
    return TenantFactory(slug="idf", name="Île-de-France")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(slug="pm64", name="Présence médicale 64")


@pytest.fixture
def tenant_admin(tenant):
    return staff_member(tenant, Role.ADMIN, email="admin@example.org")


@pytest.fixture
def case_manager(tenant):
    return staff_member(tenant, Role.CASE_MANAGER, email="cm@example.org")


@pytest.fixture
def host(tenant):
    return staff_member(tenant, Role.HOST, email="host@example.org")


@pytest.fixture
def steering(tenant):
    return staff_member(tenant, Role.STEERING, email="copil@example.org")


@pytest.fixture
def other_admin(other_tenant):
    return staff_member(other_tenant, Role.ADMIN, email="admin64@example.org")


@pytest.fixture
def intern(db):
    return UserFactory(email="interne@example.org")
