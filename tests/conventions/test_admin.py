"""The Django admin pages of the app open for a platform superuser (inlines included)."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory, activate_totp
from tests.conventions.factories import (
    AnnexFactory,
    ConventionFactory,
    MeetingFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["partner", "convention", "annex", "meeting"])
def test_admin_pages_open(client, tenant, model):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    activate_totp(superuser)
    convention = ConventionFactory(tenant=tenant)
    objects = {
        "partner": PartnerFactory(tenant=tenant),
        "convention": convention,
        "annex": AnnexFactory(convention=convention),
        "meeting": MeetingFactory(convention=convention),
    }
    client.force_login(superuser)
    for url in (
        reverse(f"admin:conventions_{model}_changelist"),
        reverse(f"admin:conventions_{model}_add"),
        reverse(f"admin:conventions_{model}_change", args=[objects[model].pk]),
    ):
        assert client.get(url).status_code == 200, url
