"""Exports of dossiers and interactions: the list's filters and the tenant are respected,
spreadsheets never run a cell as a formula, and every export is written in the audit trail
that the tenant's admin reads in the journal."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from caseload.models import Stage
from tests.caseload.data_helpers import _media_root  # noqa: F401  (an autouse fixture)
from tests.caseload.factories import DossierFactory, InteractionFactory

pytestmark = pytest.mark.django_db


def export(client, tenant, name="caseload:export_dossiers", fmt="csv", **params):
    url = reverse(name, kwargs={"tenant_slug": tenant.slug, "fmt": fmt})
    return client.get(url, params)


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # French Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


@pytest.fixture
def dossiers(tenant, other_tenant):
    return {
        "contacted": DossierFactory(tenant=tenant, stage=Stage.CONTACTED, last_name="Arnaud"),
        "formula": DossierFactory(
            tenant=tenant, stage=Stage.CONTACTED, last_name='=HYPERLINK("http://evil")'
        ),
        "to_contact": DossierFactory(tenant=tenant, stage=Stage.TO_CONTACT, last_name="Bernard"),
        "elsewhere": DossierFactory(
            tenant=other_tenant, stage=Stage.CONTACTED, last_name="Ailleurs"
        ),
    }


def test_csv_export_respects_the_filters_and_the_tenant(client, tenant, case_manager, dossiers):
    client.force_login(case_manager)
    response = export(client, tenant, stage=Stage.CONTACTED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["n° de dossier", "nom", "prénom"]
    names = sorted(row[1] for row in rows[1:])
    # The formula is neutralised: a spreadsheet shows it as text and never runs it.
    assert names == ['\'=HYPERLINK("http://evil")', "Arnaud"]


def test_search_filter(client, tenant, case_manager, dossiers):
    client.force_login(case_manager)
    # A word no factory-made first name or address contains ("bern" was: Bernadette).
    dossiers["to_contact"].last_name = "Bernardeau-Qzx"
    dossiers["to_contact"].save(update_fields=["last_name"])
    rows = csv_rows(export(client, tenant, q="qzx"))
    assert [row[1] for row in rows[1:]] == ["Bernardeau-Qzx"]


def test_xlsx_export_is_text_only(client, tenant, case_manager, dossiers):
    client.force_login(case_manager)
    response = export(client, tenant, fmt="xlsx", stage=Stage.CONTACTED)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = xlsx_rows(response)
    cells = {row[1].value: row[1].data_type for row in sheet.iter_rows(min_row=2)}
    assert set(cells) == {"Arnaud", '=HYPERLINK("http://evil")'}
    assert set(cells.values()) == {"s"}  # never "f" (formula)


def test_interactions_export_follows_the_dossier_filters(client, tenant, case_manager, dossiers):
    InteractionFactory(dossier=dossiers["contacted"], text="Appel du lundi", shareable=False)
    InteractionFactory(dossier=dossiers["to_contact"], text="Pas dans la liste")
    InteractionFactory(dossier=dossiers["elsewhere"], text="Autre espace")
    client.force_login(case_manager)
    rows = csv_rows(export(client, tenant, "caseload:export_interactions", stage=Stage.CONTACTED))
    assert [row[-1] for row in rows[1:]] == ["Appel du lundi"]
    assert rows[1][1] == dossiers["contacted"].display_name


def test_an_export_is_audited_and_shown_in_the_journal(
    client, tenant, tenant_admin, case_manager, dossiers
):
    client.force_login(case_manager)
    csv_rows(export(client, tenant, stage=Stage.CONTACTED))
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == case_manager
    assert entry.additional_data["tenant"] == tenant.pk
    assert entry.additional_data["list"] == "dossiers"
    assert entry.additional_data["count"] == 2
    assert entry.additional_data["filters"] == {"Étape": "Contacté(e)"}

    client.force_login(tenant_admin)
    # The caseload's old journal address leads to the tenant's journal, on the caseload.
    page = client.get(reverse("caseload:journal", kwargs={"tenant_slug": tenant.slug}), follow=True)
    assert page.redirect_chain[-1][0].endswith("/administration/journal/?kind=c%3Acaseload")
    text = page.content.decode()
    assert "Export de la liste des dossiers" in text
    assert "Étape = Contacté(e)" in text
    assert case_manager.get_full_name() in text


def test_an_invalid_filter_exports_nothing(client, tenant, case_manager, dossiers):
    client.force_login(case_manager)
    response = export(client, tenant, stage="n-importe-quoi")
    assert response.status_code == 302
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_unknown_format_is_404(client, tenant, case_manager):
    client.force_login(case_manager)
    assert export(client, tenant, fmt="pdf").status_code == 404


def test_dossier_changes_are_in_the_tenants_journal_only(
    client, tenant, tenant_admin, other_admin, dossiers
):
    dossier = dossiers["contacted"]
    dossier.next_action = "Rappeler après la thèse"
    dossier.save()
    other = dossiers["elsewhere"]
    other.next_action = "Secret de l'autre espace"
    other.save()
    entry = LogEntry.objects.get_for_object(dossier).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.additional_data == {"tenant": tenant.pk, "dossier": dossier.pk}

    client.force_login(tenant_admin)
    text = client.get(
        reverse("caseload:journal", kwargs={"tenant_slug": tenant.slug}),
        {"event": "changes"},
        follow=True,
    ).content.decode()
    assert "Dossier modifié" in text
    assert "Rappeler après la thèse" in text
    assert "Secret de l&#x27;autre espace" not in text
    assert "Secret de l'autre espace" not in text


def test_a_streamed_export_keeps_the_requests_language(client, tenant, case_manager, dossiers):
    from django.utils import translation

    client.force_login(case_manager)
    response = export(client, tenant, q="bern")
    with translation.override("en"):  # the stream is read after the request's middleware
        rows = csv_rows(response)
    assert rows[1][6] == "Médecine générale"
