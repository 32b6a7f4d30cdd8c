"""Conventions, annexes, budgets, meetings, documents and partners in the tenant's audit trail:
every change is an entry of its tenant naming the convention, annex or partner concerned;
every signed document downloaded and partner list exported too. A contact's identity is not
kept in the log."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from conventions import audit
from conventions.models import (
    BudgetLine,
    Convention,
    ConventionDocument,
    Partner,
    PartnerContact,
    PartnerKind,
)
from tests.conventions.factories import (
    AnnexFactory,
    BudgetLineFactory,
    ConventionFactory,
    PartnerFactory,
    make_document,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def _url(name, tenant, **kwargs):
    return reverse(f"conventions:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def _changes(model, pk=None):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return entries.filter(object_id=pk) if pk is not None else entries


def test_editing_a_convention_is_an_entry_of_its_tenant(client, tenant, tenant_admin):
    convention = ConventionFactory(tenant=tenant, title="Protocole ARS / URPS")
    client.force_login(tenant_admin)
    page = client.get(_url("edit", tenant, pk=convention.pk))
    data = {
        name: field.value() or ""
        for name, field in ((n, page.context["form"][n]) for n in page.context["form"].fields)
    }
    data["title"] = "Protocole ARS / URPS 2023-2027"
    assert client.post(_url("edit", tenant, pk=convention.pk), data).status_code == 302

    entry = _changes(Convention, convention.pk).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == tenant_admin
    assert entry.additional_data == {"tenant": tenant.pk, "convention": convention.pk}
    assert entry.changes["title"] == ["Protocole ARS / URPS", "Protocole ARS / URPS 2023-2027"]


def test_budget_lines_name_their_annex_convention_and_funder(client, tenant, tenant_admin):
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant))
    line = BudgetLineFactory(annex=annex, year=2023, amount=50000)
    ars = PartnerFactory(tenant=tenant)
    client.force_login(tenant_admin)
    client.post(
        _url("annex_budget", tenant, pk=annex.pk),
        {
            "lignes-TOTAL_FORMS": "1",
            "lignes-INITIAL_FORMS": "1",
            "lignes-0-id": line.pk,
            "lignes-0-nature": "funding",
            "lignes-0-year": "2023",
            "lignes-0-amount": "60000",
            "lignes-0-funder": ars.pk,
            "lignes-0-pays_for": "Financement annuel",
        },
    )
    entry = _changes(BudgetLine, line.pk).get(action=LogEntry.Action.UPDATE)
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "convention": annex.convention_id,
        "annex": annex.pk,
        "partner": ars.pk,
    }


def test_a_contacts_identity_is_named_changed_never_kept(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    client.post(
        _url("partner_create", tenant),
        {
            "name": "CROM Île-de-France",
            "kind": PartnerKind.CROM,
            "departement": "",
            "website": "",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Camille Durand",
            "contacts-0-function": "Chargée de mission",
            "contacts-0-email": "camille.durand@example.org",
            "contacts-0-phone": "01 23 45 67 89",
        },
    )
    partner = Partner.objects.get(name="CROM Île-de-France")
    contact = PartnerContact.objects.get(partner=partner)
    entry = _changes(PartnerContact, contact.pk).get()
    assert entry.additional_data == {"tenant": tenant.pk, "partner": partner.pk}
    logged = json.dumps([entry.changes, entry.object_repr, entry.changes_text], ensure_ascii=False)
    assert "Camille" not in logged and "camille.durand" not in logged and "45 67" not in logged
    assert entry.changes["function"][1] == "Chargée de mission"  # a role, not an identity
    assert _changes(Partner, partner.pk).get().additional_data["partner"] == partner.pk


def test_documents_uploaded_and_downloaded_are_audited(client, tenant, tenant_admin, steering):
    convention = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    client.post(
        _url("document_upload", tenant, pk=convention.pk),
        {"title": "Protocole signé", "file": pdf_upload()},
    )
    document = ConventionDocument.objects.get()
    assert _changes(ConventionDocument, document.pk).get().additional_data == {
        "tenant": tenant.pk,
        "convention": convention.pk,
    }
    client.force_login(steering)
    assert client.get(_url("document_download", tenant, pk=document.pk)).status_code == 200
    entry = LogEntry.objects.get(additional_data__event=audit.DOCUMENT_DOWNLOAD)
    assert entry.actor == steering
    assert entry.object_id == document.pk
    assert entry.additional_data["convention"] == convention.pk
    assert entry.additional_data["tenant"] == tenant.pk


def test_another_tenants_document_download_is_neither_served_nor_logged(
    client, tenant, other_tenant, tenant_admin
):
    theirs = make_document(ConventionFactory(tenant=other_tenant))
    client.force_login(tenant_admin)
    assert client.get(_url("document_download", tenant, pk=theirs.pk)).status_code == 404
    assert not LogEntry.objects.filter(additional_data__event=audit.DOCUMENT_DOWNLOAD).exists()


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_partner_exports_are_audited(client, tenant, steering, extension):
    PartnerFactory(tenant=tenant)
    PartnerFactory(tenant=tenant)
    client.force_login(steering)
    assert client.get(_url(f"partner_export_{extension}", tenant)).status_code == 200
    entry = LogEntry.objects.get(additional_data__event=audit.PARTNERS_EXPORT)
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "event": audit.PARTNERS_EXPORT,
        "format": extension,
        "count": 2,
    }


def test_deleting_a_convention_leaves_entries_for_it_and_its_rows(tenant):
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant))
    BudgetLineFactory(annex=annex, year=2023)
    pk = annex.convention_id
    Convention.objects.get(pk=pk).delete()
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE, additional_data__convention=pk)
    assert deleted.count() == 3  # the convention, its annex, its budget line
    assert all(entry.additional_data["tenant"] == tenant.pk for entry in deleted)
