"""The intern's profile lists the aids of the départements they consider."""

import pytest
from django.urls import reverse

from aids.models import AidCategory
from tests.accounts.factories import ProfileFactory
from tests.aids.factories import AidMeasureFactory, departement

pytestmark = pytest.mark.django_db


def test_profile_shows_the_aids_of_the_considered_departements(client, intern):
    profile = ProfileFactory(user=intern)
    profile.departements_considered.set([departement("07"), departement("43")])
    AidMeasureFactory.create_batch(2, category=AidCategory.INTERN_HOUSING)
    AidMeasureFactory(category=AidCategory.STAGE_FINANCIAL_AID)
    AidMeasureFactory(departement=departement("26"), category=AidCategory.MSP_SUPPORT)
    client.force_login(intern)

    response = client.get(reverse("accounts:profile"))

    summary = {
        item["departement"].insee_code: (
            item["total"],
            [(column.key, number) for column, number in item["categories"]],
        )
        for item in response.context["considered_aids"]
    }
    assert summary == {
        "07": (3, [("stage_financial_aid", 1), ("intern_housing", 2)]),
        "43": (0, []),
    }
    html = response.content.decode()
    assert "Les aides des départements que vous envisagez" in html
    assert (
        reverse("aids:departement", kwargs={"insee_code": "07"}) + "?categorie=intern_housing"
        in html
    )
    assert "Drôme" not in html


def test_profile_without_considered_departements_invites_to_choose_them(client, intern):
    ProfileFactory(user=intern)
    client.force_login(intern)

    response = client.get(reverse("accounts:profile"))

    assert response.context["considered_aids"] == []
    assert "#id_departements_considered" in response.content.decode()
