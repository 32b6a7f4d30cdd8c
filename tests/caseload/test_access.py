"""Caseload access beyond status codes: the admin's bulk transfer leaves another tenant's
dossiers alone. Who gets which status on every caseload URL, and another tenant's dossiers,
campaigns, targets and import jobs (404): tests/access/."""

import pytest
from django.urls import reverse

from tests.caseload.factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_the_transfer_ignores_another_tenants_dossiers(
    client, tenant, other_tenant, tenant_admin, case_manager
):
    client.force_login(tenant_admin)
    dossier = DossierFactory(tenant=other_tenant)
    response = client.post(
        reverse("caseload:transfer", kwargs={"tenant_slug": tenant.slug}),
        {"dossiers": [dossier.pk], "to_user": case_manager.pk},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.assigned_to is None
