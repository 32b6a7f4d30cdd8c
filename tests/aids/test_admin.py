"""The platform admin lists and searches the catalogue (superusers only, as all the admin)."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory, activate_totp
from tests.aids.factories import AidMeasureFactory, TrainingCapacityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    activate_totp(user)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["aidmeasure", "surveyresponse", "trainingcapacity"])
def test_admin_changelists_open(superuser_client, model):
    AidMeasureFactory(amount="400 €/MOIS")
    TrainingCapacityFactory()

    response = superuser_client.get(
        reverse(f"admin:aids_{model}_changelist"), {"q": "400"} if model == "aidmeasure" else {}
    )

    assert response.status_code == 200


def test_admin_shows_an_aid_with_its_import_fields_read_only(superuser_client):
    aid = AidMeasureFactory(origin="atlas_pages", import_key="07/07/2022/abcdef012345")

    response = superuser_client.get(reverse("admin:aids_aidmeasure_change", args=[aid.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "import_key" not in form.fields
    assert "origin" not in form.fields


def test_the_admin_is_not_public(client):
    response = client.get(reverse("admin:aids_aidmeasure_changelist"))

    assert response.status_code == 302
