"""With a read replica configured, the dashboards and exports read from it, everything else
(and every write) from the primary. The replica here is a second alias on the same test
database, so the data is the same and only the connection tells which was used."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, Tenant
from evaluation.models import IndicatorValue
from evaluation.periods import Quarter
from portal import db_router
from tests.accounts.factories import staff_member
from tests.evaluation.factories import AnnexFactory, ConventionFactory, computed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

ROUTER = ["portal.db_router.ReplicaRouter"]


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_ROUTERS = ROUTER
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:-1],
        "portal.db_router.ReplicaReadsMiddleware",
        settings.MIDDLEWARE[-1],
    ]


@pytest.fixture
def dashboard(tenant):
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant), number=2)
    indicator = computed("permanences.held", annex=annex, target=10)
    IndicatorValue.objects.create(
        tenant=tenant, indicator=indicator, period_start=Quarter(2026, 1).start, value=12,
        numerator=Decimal(12), computed_at="2026-04-01T00:00Z",
    )  # fmt: skip
    return reverse("evaluation:home", kwargs={"tenant_slug": tenant.slug}) + "?periode=2026-Q1"


def _requests(client, path):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(path)
    return response, primary.captured_queries, replica.captured_queries


def test_the_dashboard_reads_from_the_replica(client, tenant, dashboard, with_replica):
    client.force_login(staff_member(tenant, Role.STEERING))
    response, primary, replica = _requests(client, dashboard)
    assert response.status_code == 200
    assert "12" in response.content.decode()
    assert any("evaluation_indicatorvalue" in q["sql"] for q in replica)
    assert not any("evaluation_indicatorvalue" in q["sql"] for q in primary)
    # The session, the user and the access flags are read before the view, on the primary.
    assert any("django_session" in q["sql"] for q in primary)


def test_an_export_reads_from_the_replica_and_writes_its_audit_entry_on_the_primary(
    client, tenant, dashboard, with_replica
):
    client.force_login(staff_member(tenant, Role.STEERING))
    path = reverse("evaluation:export", kwargs={"tenant_slug": tenant.slug, "fmt": "csv"})
    response, primary, replica = _requests(client, path + "?periode=2026-Q1")
    assert response.status_code == 200
    assert any("evaluation_indicatorvalue" in q["sql"] for q in replica)
    assert not any(q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) for q in replica)


def test_other_pages_read_from_the_primary(client, tenant, dashboard, with_replica):
    client.force_login(staff_member(tenant, Role.ADMIN))
    path = reverse("evaluation:definitions", kwargs={"tenant_slug": tenant.slug})
    response, primary, replica = _requests(client, path)
    assert response.status_code == 200
    assert replica == []


def test_without_a_replica_the_dashboard_reads_from_the_primary(client, tenant, dashboard):
    assert not settings.DATABASE_ROUTERS
    client.force_login(staff_member(tenant, Role.STEERING))
    response, primary, replica = _requests(client, dashboard)
    assert response.status_code == 200
    assert replica == []


def test_inside_a_transaction_reads_stay_on_the_primary(tenant, with_replica):
    token = db_router._reads_from_replica.set(True)
    try:
        assert db_router.ReplicaRouter().db_for_read(Tenant) == "replica"
        with transaction.atomic():
            assert db_router.ReplicaRouter().db_for_read(Tenant) is None
        assert Tenant.objects.filter(pk=tenant.pk).exists()
    finally:
        db_router._reads_from_replica.reset(token)
    assert db_router.ReplicaRouter().db_for_read(Tenant) is None
    assert db_router.ReplicaRouter().db_for_write(Tenant) == "default"


def test_database_replica_url_installs_the_router_and_the_middleware():
    import os
    import subprocess
    import sys

    code = (
        "from portal import settings as s; "
        "print(s.DATABASES['replica']['NAME'], s.DATABASE_ROUTERS, "
        "'portal.db_router.ReplicaReadsMiddleware' in s.MIDDLEWARE, "
        "s.DATABASES['replica']['CONN_MAX_AGE'])"
    )
    env = {**os.environ, "SECRET_KEY": "x", "DATABASE_REPLICA_URL": "postgres://r@replica:5432/cap"}
    out = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["cap", "['portal.db_router.ReplicaRouter']", "True", "60"]
