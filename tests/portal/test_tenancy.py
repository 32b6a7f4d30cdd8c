"""The safety net under tenant isolation: scoped managers refuse to guess the tenant."""

import pytest
from django_scopes import scope
from django_scopes.exceptions import ScopeError

from accounts.models import SettlementStep
from tests.accounts.factories import SettlementStepFactory

pytestmark = pytest.mark.django_db


def test_a_tenant_owned_query_outside_any_tenant_scope_raises(tenant):
    SettlementStepFactory(tenant=tenant)
    with scope(), pytest.raises(ScopeError):
        list(SettlementStep.objects.all())


def test_inside_a_tenant_scope_only_that_tenants_rows_are_seen(tenant, other_tenant):
    mine = SettlementStepFactory(tenant=tenant)
    theirs = SettlementStepFactory(tenant=other_tenant)
    with scope(tenant=tenant):
        assert list(SettlementStep.objects.all()) == [mine]
        assert not SettlementStep.objects.filter(pk=theirs.pk).exists()


def test_the_tenant_is_resolved_from_the_url_prefix(client, tenant, other_tenant):
    SettlementStepFactory(tenant=tenant, title="Étape IDF")
    SettlementStepFactory(tenant=other_tenant, title="Étape 64")
    content = client.get(f"/{tenant.slug}/").content.decode()
    assert "Étape IDF" in content
    assert "Étape 64" not in content


def test_an_inactive_tenant_is_404(client, tenant):
    tenant.is_active = False
    tenant.save()
    assert client.get(f"/{tenant.slug}/").status_code == 404
