"""Indicator definitions: admins define them per convention or annex, computed or entered;
entered values keep their history."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import EnteredValue, Indicator
from evaluation.periods import Quarter
from tests.evaluation.factories import AnnexFactory, ConventionFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def _url(name, tenant, **kwargs):
    return reverse(f"evaluation:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


PAGES = ["definitions", "definition_create", "settings"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("tenant_admin", 200), ("steering", 403), ("case_manager", 403), ("host", 403),
     ("intern", 403), ("other_admin", 404)],
)  # fmt: skip
def test_only_admins_edit_definitions(client, request, tenant, name, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(name, tenant)).status_code == status


def test_an_admin_defines_a_computed_indicator_which_takes_its_computations_unit(
    client, tenant, tenant_admin
):
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant), number=2)
    client.force_login(tenant_admin)
    response = client.post(
        _url("definition_create", tenant),
        {
            "convention": annex.convention_id,
            "annex": annex.pk,
            "code": "satisfaction",
            "label": "Médecins satisfaits",
            "source": "computed",
            "computation": "permanences.satisfaction_rate",
            "unit": "count",
            "direction": "higher",
            "target": "96",
            "target_scope": "tenant",
            "baseline": "96",
            "position": "1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="satisfaction")
    assert (indicator.unit, indicator.tenant, indicator.annex) == ("percentage", tenant, annex)


def test_the_form_refuses_an_annex_of_another_convention_and_keeps_what_was_typed(
    client, tenant, tenant_admin
):
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant))
    other = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    response = client.post(
        _url("definition_create", tenant),
        {"convention": other.pk, "annex": annex.pk, "code": "x", "label": "Diagnostics réalisés",
         "source": "computed", "computation": "", "unit": "count", "direction": "higher",
         "target_scope": "tenant", "position": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["annex"] == ["Cette annexe appartient à une autre convention."]
    assert errors["computation"] == ["Choisissez le calcul de cet indicateur."]
    assert "Diagnostics réalisés" in response.content.decode()
    assert not Indicator.objects.exists()


def test_another_tenants_indicator_is_404(client, tenant, tenant_admin, other_tenant):
    indicator = IndicatorFactory(
        annex=AnnexFactory(convention=ConventionFactory(tenant=other_tenant))
    )
    client.force_login(tenant_admin)
    for name in ("definition_edit", "entered_values"):
        assert client.get(_url(name, tenant, pk=indicator.pk)).status_code == 404


def test_entered_values_keep_their_history(client, tenant, tenant_admin):
    indicator = IndicatorFactory(annex=AnnexFactory(convention=ConventionFactory(tenant=tenant)))
    quarter = Quarter.current()
    client.force_login(tenant_admin)
    url = _url("entered_values", tenant, pk=indicator.pk)
    for value, comment in (("3", "Premier comptage"), ("4", "Un diagnostic oublié")):
        response = client.post(url, {"quarter": quarter.code, "value": value, "comment": comment})
        assert response.status_code == 302
    entries = list(EnteredValue.objects.filter(indicator=indicator))
    assert [(e.value, e.comment) for e in entries] == [
        (4, "Un diagnostic oublié"),
        (3, "Premier comptage"),
    ]
    assert entries[0].entered_by == tenant_admin
    page = client.get(url).content.decode()
    assert "Premier comptage" in page and "Un diagnostic oublié" in page


def test_a_value_is_not_typed_for_a_computed_indicator(tenant, tenant_admin):
    from django.core.exceptions import ValidationError

    from tests.evaluation.factories import computed

    indicator = computed(
        "permanences.held", annex=AnnexFactory(convention=ConventionFactory(tenant=tenant))
    )
    with pytest.raises(ValidationError):
        services.enter_value(
            indicator=indicator, quarter=Quarter.current(), value=3, acting_user=tenant_admin
        )


def test_the_small_cell_threshold_is_set_per_tenant(client, tenant, tenant_admin):
    from evaluation.models import small_cell_threshold

    assert small_cell_threshold(tenant) == 5
    client.force_login(tenant_admin)
    response = client.post(_url("settings", tenant), {"small_cell_threshold": "10"})
    assert response.status_code == 302
    assert small_cell_threshold(tenant) == 10
    response = client.post(_url("settings", tenant), {"small_cell_threshold": "1"})
    assert response.status_code == 200
    assert small_cell_threshold(tenant) == 10
