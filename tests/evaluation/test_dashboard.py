"""The steering dashboard reads the quarterly values: filters in the URL, numerator and
denominator beside rates, small cells hidden, exports of what is shown, queries that do not
grow with the data, and the tenant's walls."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from evaluation import snapshots
from evaluation.models import IndicatorValue
from evaluation.periods import Quarter
from tests.accounts.factories import staff_member
from tests.evaluation.factories import AnnexFactory, ConventionFactory, IndicatorFactory, computed
from tests.evaluation.helpers import dep

pytestmark = pytest.mark.django_db

Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)


def _url(tenant, name="home", query="", **kwargs):
    return reverse(f"evaluation:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs}) + query


def _value(indicator, quarter, value, departement=None, **fields):
    return IndicatorValue.objects.create(
        tenant=indicator.tenant, indicator=indicator, period_start=quarter.start,
        departement=departement, value=value, computed_at="2026-07-01T00:00Z", **fields,
    )  # fmt: skip


@pytest.fixture
def annex(tenant):
    tenant.departements.set([dep("91"), dep("94")])
    return AnnexFactory(
        convention=ConventionFactory(tenant=tenant, title="Protocole ARS / URPS"),
        number=2,
        title="Permanences locales",
    )


@pytest.fixture
def figures(annex):
    """Q1 2026: 38 satisfied of 47 answers over the tenant, 3 of 4 in the Val-de-Marne
    (a small cell); 12 permanences held, 2 in the Val-de-Marne (sessions are not people)."""
    satisfaction = computed("permanences.satisfaction_rate", annex=annex, target=96)
    held = computed("permanences.held", annex=annex, target=10, target_scope="departement")
    _value(satisfaction, Q1, Decimal("80.9"), numerator=38, denominator=47, people=47)
    _value(satisfaction, Q1, Decimal("75.0"), dep("94"), numerator=3, denominator=4, people=4)
    _value(satisfaction, Q2, Decimal("90.0"), numerator=45, denominator=50, people=50)
    _value(held, Q1, 12)
    _value(held, Q1, 2, dep("94"))
    return satisfaction, held


def test_the_dashboard_shows_values_targets_and_the_rates_parts(client, tenant, steering, figures):
    client.force_login(steering)
    page = client.get(_url(tenant, query="?periode=2026-Q1")).content.decode()
    assert "Protocole ARS / URPS" in page and "Annexe 2 — Permanences locales" in page
    assert "81\xa0%" in page and "(38 / 47)" in page
    assert "Cible pour la période : 96\xa0%" in page
    # 10 a year in each of the 2 départements, over a quarter: 5.
    assert "Cible pour la période : 5" in page
    assert "<svg" in page and 'aria-hidden="true"' in page
    assert "Évolution par trimestre : Médecins satisfaits (4 ou 5 sur 5)" in page
    assert "Envisagent de s" not in page  # the intention rate no longer reads as a result


def test_a_departement_filter_in_the_url_hides_small_cells(client, tenant, steering, figures):
    client.force_login(steering)
    page = client.get(_url(tenant, query="?periode=2026-Q1&departement=94")).content.decode()
    assert "94 Val-de-Marne" in page
    assert "&lt;\xa05" in page  # 3 of 4 people: hidden
    assert "75\xa0%" not in page and "(3 / 4)" not in page
    assert re.search(r"Cible pour la période : 2,5\s", page)  # sessions are no people: shown


def test_a_semester_adds_the_quarters_up(client, tenant, steering, figures):
    client.force_login(steering)
    page = client.get(_url(tenant, query="?periode=2026-S1")).content.decode()
    assert "(83 / 97)" in page and "86\xa0%" in page  # 38+45 of 47+50


def test_unknown_filters_are_named_and_replaced(client, tenant, steering, figures):
    client.force_login(steering)
    page = client.get(_url(tenant, query="?periode=2026-Q9&departement=64")).content.decode()
    assert "La période « 2026-Q9 » n&#x27;existe pas" in page
    assert "Le département « 64 » n&#x27;est pas suivi par cet espace" in page


def test_the_exports_hold_what_is_shown(client, tenant, steering, figures):
    client.force_login(steering)
    query = "?periode=2026-Q1&departement=94"
    response = client.get(_url(tenant, "export", query, fmt="csv"))
    assert response["Content-Disposition"] == 'attachment; filename="pilotage-idf-2026-Q1-94.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_code = {line[2]: line for line in lines[1:]}
    assert by_code["permanences-satisfaction-rate"][7] == "<\xa05"
    assert by_code["permanences-held"][7] == "2"
    workbook = load_workbook(
        io.BytesIO(client.get(_url(tenant, "export", query, fmt="xlsx")).content)
    )
    rows = {row[2]: row for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert rows["permanences-satisfaction-rate"][7] == "<\xa05"
    assert rows["permanences-held"][7] == 2
    assert client.get(_url(tenant, "export", query, fmt="pdf")).status_code == 404


def test_a_formula_typed_in_a_label_stays_text_in_the_exports(client, tenant, steering, annex):
    IndicatorFactory(annex=annex, label='=HYPERLINK("http://x")', code="piege")
    client.force_login(steering)
    response = client.get(_url(tenant, "export", fmt="csv"))
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def _grow(annex, tenant, scale):
    for n in range(scale):
        indicator = IndicatorFactory(annex=annex, code=f"saisi-{scale}-{n}")
        for quarter in (Q1, Q2, Quarter(2025, 4)):
            _value(indicator, quarter, n)
            _value(indicator, quarter, n, dep("91"))


def _queries(client, tenant):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(tenant, query="?periode=2026-Q1")).status_code == 200
    return len(queries.captured_queries)


def test_the_dashboard_queries_do_not_grow_with_the_data(client, tenant, steering, annex):
    client.force_login(steering)
    _queries(client, tenant)  # the first request after login keeps the access flags
    _grow(annex, tenant, 2)
    small = _queries(client, tenant)
    _grow(annex, tenant, 40)
    assert _queries(client, tenant) == small


@pytest.mark.parametrize("name", ["home", "export"])
@pytest.mark.parametrize(
    ("who", "status"),
    [("steering", 200), ("tenant_admin", 200), ("case_manager", 403), ("host", 403),
     ("intern", 403)],
)  # fmt: skip
def test_who_reads_the_dashboard(client, request, tenant, name, who, status):
    client.force_login(request.getfixturevalue(who))
    kwargs = {"fmt": "xlsx"} if name == "export" else {}
    assert client.get(_url(tenant, name, **kwargs)).status_code == status


@pytest.mark.parametrize("name", ["home", "export"])
def test_another_tenants_dashboard_and_export_are_404_for_a_steering_member(
    client, tenant, other_tenant, steering, name
):
    client.force_login(steering)
    kwargs = {"fmt": "csv"} if name == "export" else {}
    assert client.get(_url(other_tenant, name, **kwargs)).status_code == 404


def test_the_steering_committee_still_never_opens_a_dossier(client, tenant, steering):
    client.force_login(steering)
    assert (
        client.get(reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})).status_code == 403
    )


def test_an_admin_is_offered_to_enter_values(client, tenant, tenant_admin, annex):
    entered = IndicatorFactory(annex=annex, label="Diagnostics réalisés")
    snapshots.refresh_quarter(tenant=tenant, quarter=Quarter.current())
    client.force_login(tenant_admin)
    page = client.get(_url(tenant)).content.decode()
    assert _url(tenant, "entered_values", pk=entered.pk) in page
    reader = staff_member(tenant, Role.STEERING, email="copil2@example.org")
    client.force_login(reader)
    assert (
        _url(tenant, "entered_values", pk=entered.pk)
        not in client.get(_url(tenant)).content.decode()
    )
