"""The semestrial report of a département for the ARS departmental delegation: the tenant's
indicators restricted to one département over six months, as a page and a PDF."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.models import IndicatorValue
from evaluation.periods import Quarter
from tests.evaluation.factories import AnnexFactory, ConventionFactory, computed
from tests.evaluation.helpers import dep
from tests.evaluation.pdf_helpers import pdf_text

pytestmark = pytest.mark.django_db


def _url(tenant, code="91", semester="2026-S1", name="semester"):
    return reverse(f"evaluation:{name}",
                   kwargs={"tenant_slug": tenant.slug, "code": code, "semester": semester})  # fmt: skip


@pytest.fixture
def values(tenant):
    tenant.departements.set([dep("91"), dep("94")])
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant), number=2,
                         title="Permanences locales")  # fmt: skip
    attendees = computed("permanences.attendees", annex=annex)
    satisfaction = computed("permanences.satisfaction_rate", annex=annex)
    for quarter, received, satisfied, answers in ((1, 9, 6, 8), (2, 11, 9, 10)):
        start = Quarter(2026, quarter).start
        IndicatorValue.objects.create(
            tenant=tenant, indicator=attendees, period_start=start, departement=dep("91"),
            value=received, people=received, computed_at="2026-07-01T00:00Z",
        )  # fmt: skip
        IndicatorValue.objects.create(
            tenant=tenant, indicator=satisfaction, period_start=start, departement=dep("91"),
            value=Decimal(100 * satisfied / answers).quantize(Decimal("0.1")),
            numerator=satisfied, denominator=answers, people=answers,
            computed_at="2026-07-01T00:00Z",
        )  # fmt: skip
        IndicatorValue.objects.create(
            tenant=tenant, indicator=attendees, period_start=start, departement=dep("94"),
            value=2, people=2, computed_at="2026-07-01T00:00Z",
        )  # fmt: skip


def test_the_semester_adds_up_its_two_quarters_for_the_departement(
    client, tenant, steering, values
):
    client.force_login(steering)
    page = client.get(_url(tenant)).content.decode()
    assert "Rapport semestriel : 91 Essonne" in page and "S1 2026" in page
    assert "20" in page  # 9 + 11 people received
    assert "15 / 18" in page and "83\xa0%" in page  # 6+9 satisfied of 8+10 answers


def test_the_pdf_hides_small_cells(client, tenant, steering, values, tmp_path):
    client.force_login(steering)
    response = client.get(_url(tenant, code="94", name="semester_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert tenant.name in text and "94 Val-de-Marne" in text and "S1 2026" in text
    assert "< 5" in text  # 2 + 2 people received: hidden


@pytest.mark.parametrize(
    ("code", "semester"), [("64", "2026-S1"), ("91", "2026-Q1"), ("91", "2026-S3")]
)
def test_unknown_departements_and_periods_are_404(client, tenant, steering, values, code, semester):
    client.force_login(steering)
    assert client.get(_url(tenant, code=code, semester=semester)).status_code == 404


def test_hosts_and_other_tenants_are_kept_out(client, tenant, other_tenant, host, steering, values):
    client.force_login(host)
    assert client.get(_url(tenant)).status_code == 403
    client.force_login(steering)
    other_tenant.departements.set([dep("91")])
    assert client.get(_url(other_tenant)).status_code == 404
