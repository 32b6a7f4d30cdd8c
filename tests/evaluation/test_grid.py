"""A convention's evaluation grid (the convention's 9 items, configurable): status and evidence
on a page and in a PDF; admins edit it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.models import EvaluationItem, IndicatorValue
from evaluation.periods import Quarter
from tests.evaluation.factories import ConventionFactory, IndicatorFactory
from tests.evaluation.pdf_helpers import pdf_text

pytestmark = pytest.mark.django_db


def _url(name, tenant, convention):
    return reverse(f"evaluation:{name}", kwargs={"tenant_slug": tenant.slug, "pk": convention.pk})


@pytest.fixture
def convention(tenant):
    from datetime import date

    convention = ConventionFactory(
        tenant=tenant, title="Convention CDOM 91, 94, 77", start_date=date(2026, 3, 2),
        signature_date=date(2026, 1, 15),
    )  # fmt: skip
    sessions = IndicatorFactory(
        annex=None, convention=convention, label="Séances d'information tenues"
    )
    satisfied = IndicatorFactory(
        annex=None, convention=convention, label="Étudiants satisfaits", unit="percentage"
    )
    IndicatorValue.objects.create(
        tenant=tenant, indicator=sessions, period_start=Quarter(2026, 2).start, value=14,
        computed_at="2026-07-01T00:00Z",
    )  # fmt: skip
    IndicatorValue.objects.create(
        tenant=tenant, indicator=satisfied, period_start=Quarter(2026, 2).start,
        value=Decimal("75"), numerator=3, denominator=4, people=4,
        computed_at="2026-07-01T00:00Z",
    )  # fmt: skip
    EvaluationItem.objects.create(
        convention=convention, position=1, title="Séances d'information en faculté",
        indicator=sessions, status="met", evidence="Calendrier partagé avec les facultés.",
    )  # fmt: skip
    EvaluationItem.objects.create(
        convention=convention, position=2, title="Satisfaction des étudiants",
        indicator=satisfied, status="partly_met",
    )  # fmt: skip
    return convention


def test_the_grid_shows_status_evidence_and_the_latest_values(client, tenant, steering, convention):
    client.force_login(steering)
    page = client.get(_url("grid", tenant, convention)).content.decode()
    assert "Évaluation à 15 mois : le 2 juin 2027." in page
    assert "Calendrier partagé avec les facultés." in page
    assert "Séances d&#x27;information tenues : 14 (T2 2026)" in page
    assert "Étudiants satisfaits : &lt;\xa05 (T2 2026)" in page  # 4 people: hidden
    assert "Atteint : 1" in page and "Partiellement atteint : 1" in page


def test_the_15_month_evaluation_as_a_pdf(client, tenant, steering, convention, tmp_path):
    client.force_login(steering)
    response = client.get(_url("grid_pdf", tenant, convention))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Évaluation à 15 mois" in text
    assert "Convention CDOM 91, 94, 77" in text and tenant.name in text
    assert "Séances d'information en faculté" in text
    assert "< 5" in text


def test_an_admin_configures_the_items(client, tenant, tenant_admin, convention):
    client.force_login(tenant_admin)
    items = list(convention.evaluation_items.all())
    data = {
        "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "2", "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-id": item.pk, f"items-{index}-position": item.position,
            f"items-{index}-title": item.title, f"items-{index}-status": item.status,
            f"items-{index}-evidence": item.evidence,
            f"items-{index}-indicator": item.indicator_id or "",
        }  # fmt: skip
    data["items-1-status"] = "met"
    data["items-1-evidence"] = "Questionnaire remis après chaque action : 82 % satisfaits."
    data |= {"items-2-position": "3", "items-2-title": "Suivi des inscriptions par les 3 CDOM",
             "items-2-status": "in_progress"}  # fmt: skip
    response = client.post(_url("grid_edit", tenant, convention), data)
    assert response.status_code == 302
    updated = EvaluationItem.objects.get(pk=items[1].pk)
    assert (updated.status, updated.updated_by) == ("met", tenant_admin)
    assert convention.evaluation_items.count() == 3


def test_only_admins_edit_and_another_tenants_grid_is_404(
    client, tenant, steering, other_tenant, convention
):
    client.force_login(steering)
    assert client.get(_url("grid_edit", tenant, convention)).status_code == 403
    elsewhere = ConventionFactory(tenant=other_tenant)
    for name in ("grid", "grid_pdf"):
        assert client.get(_url(name, tenant, elsewhere)).status_code == 404
