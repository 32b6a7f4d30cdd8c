"""Partners: export to CSV/XLSX, import with a preview, all or nothing; contacts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conventions.models import Partner, PartnerContact, PartnerKind
from core import spreadsheets
from core.models import Departement
from tests.conventions.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def _url(name, tenant, **kwargs):
    return reverse(f"conventions:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def _csv(text, name="partenaires.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _preview(client, tenant, upload):
    return client.post(_url("partner_import", tenant), {"action": "preview", "file": upload})


def _confirm(client, tenant, token):
    return client.post(_url("partner_import", tenant), {"action": "confirm", "token": token})


@pytest.fixture
def cdom91(tenant):
    return PartnerFactory(
        tenant=tenant,
        name="CDOM de l'Essonne",
        kind=PartnerKind.CDOM,
        departement=Departement.objects.get(insee_code="91"),
    )


def test_export_csv_for_french_excel(client, tenant, steering, cdom91, other_tenant):
    PartnerFactory(tenant=other_tenant, name="=Partenaire d'un autre espace")
    PartnerFactory(tenant=tenant, name="=SOMME(A1)", kind=PartnerKind.OTHER)
    client.force_login(steering)
    response = client.get(_url("partner_export_csv", tenant))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffnom;type;departement;site_internet\r\n")
    assert "CDOM de l'Essonne;cdom;91;" in text
    assert "'=SOMME(A1);other" in text  # never a formula
    assert "autre espace" not in text


def test_export_xlsx(client, tenant, steering, cdom91):
    client.force_login(steering)
    response = client.get(_url("partner_export_xlsx", tenant))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("nom", "type", "departement", "site_internet")
    assert rows[1][:3] == ("CDOM de l'Essonne", "cdom", "91")


def test_preview_shows_what_each_row_would_do_and_saves_nothing(
    client, tenant, tenant_admin, cdom91
):
    client.force_login(tenant_admin)
    response = _preview(
        client,
        tenant,
        _csv(
            "nom;type;departement;site_internet\n"
            "CDOM de l'Essonne;cdom;91;https://www.cdom91.example.org\n"
            "CPAM du Val-de-Marne;Caisse primaire d'assurance maladie (CPAM);94;\n"
        ),
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert [(row.line, row.action) for row in report.rows] == [(2, "update"), (3, "new")]
    assert not report.has_errors
    assert "Confirmer l'import" in response.content.decode()
    assert Partner.objects.filter(tenant=tenant).count() == 1
    cdom91.refresh_from_db()
    assert cdom91.website == ""

    response = _confirm(client, tenant, response.context["token"])
    assert response.status_code == 302
    cdom91.refresh_from_db()
    assert cdom91.website == "https://www.cdom91.example.org"
    cpam = Partner.objects.get(tenant=tenant, name="CPAM du Val-de-Marne")
    assert (cpam.kind, cpam.departement.insee_code) == (PartnerKind.CPAM, "94")


def test_a_bad_row_is_shown_with_its_error_and_nothing_is_saved(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    response = _preview(
        client,
        tenant,
        _csv(
            "nom,type,departement,site_internet\n"
            "CPAM de l'Essonne,cpam,91,\n"
            "Mairie d'Étampes,mairie,91,\n"
            "Conseil départemental,conseil_departemental,999,\n"
        ),
    )
    report = response.context["report"]
    assert [(row.line, row.action) for row in report.rows] == [
        (2, "new"),
        (3, "error"),
        (4, "error"),
    ]
    assert any("Type inconnu : « mairie »" in error for error in report.rows[1].errors)
    assert any("Département inconnu : « 999 »" in error for error in report.rows[2].errors)
    page = response.content.decode()
    assert "Type inconnu : « mairie »" in page
    assert "rien ne sera importé" in page
    assert "Confirmer l'import" not in page
    assert not Partner.objects.exists()
    # Even a forged confirmation imports nothing: the file is checked again, all or nothing.
    response = _confirm(client, tenant, response.context["token"])
    assert response.status_code == 200
    assert not Partner.objects.exists()


def test_the_import_stays_in_its_tenant(client, tenant, other_tenant, tenant_admin):
    theirs = PartnerFactory(tenant=other_tenant, name="CDOM de l'Essonne", kind=PartnerKind.CDOM)
    client.force_login(tenant_admin)
    response = _preview(client, tenant, _csv("nom;type\nCDOM de l'Essonne;cdom\n"))
    assert response.context["report"].rows[0].action == "new"
    _confirm(client, tenant, response.context["token"])
    assert Partner.objects.filter(tenant=tenant, name="CDOM de l'Essonne").exists()
    theirs.refresh_from_db()
    assert theirs.tenant == other_tenant


def test_a_confirmation_token_from_another_preview_is_refused(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    _preview(client, tenant, _csv("nom;type\nCPAM de l'Essonne;cpam\n"))
    response = _confirm(client, tenant, "0" * 32)
    assert response.status_code == 302
    assert not Partner.objects.exists()


def test_an_xlsx_file_imports_too(client, tenant, tenant_admin):
    workbook = Workbook()
    workbook.active.append(["nom", "type", "departement", "site_internet"])
    workbook.active.append(["Conseil départemental de l'Essonne", "conseil_departemental", 91, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(tenant_admin)
    response = _preview(client, tenant, SimpleUploadedFile("partenaires.xlsx", buffer.getvalue()))
    assert [row.action for row in response.context["report"].rows] == ["new"]
    _confirm(client, tenant, response.context["token"])
    assert Partner.objects.get(tenant=tenant).departement.insee_code == "91"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv("nom;site_internet\nCPAM;\n"), "Colonnes manquantes : type"),
        (SimpleUploadedFile("partenaires.ods", b"x"), "CSV (.csv) ou Excel (.xlsx)"),
        (SimpleUploadedFile("partenaires.xlsx", b"not a workbook"), "classeur Excel"),
    ],
)
def test_an_unreadable_file_is_refused(client, tenant, tenant_admin, upload, message):
    client.force_login(tenant_admin)
    response = _preview(client, tenant, upload)
    assert message in " ".join(response.context["form"].errors["file"])
    assert "report" not in response.context


def test_the_partner_import_reads_with_the_guarded_reader(
    client, tenant, tenant_admin, monkeypatch
):
    """A Windows-1252 CSV with semicolons is read, and a workbook too big once unpacked (a zip
    bomb) is refused before openpyxl unpacks it: the one reader every import uses."""
    client.force_login(tenant_admin)
    latin = SimpleUploadedFile(
        "partenaires.csv", "nom;type\nCPAM de l'Essonne;cpam\n".encode("cp1252")
    )
    assert [row.name for row in _preview(client, tenant, latin).context["report"].rows] == [
        "CPAM de l'Essonne"
    ]
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_UNPACKED", 1000)
    workbook = Workbook()
    workbook.active.append(["nom", "type", "departement", "site_internet"])
    for number in range(50):
        workbook.active.append([f"Partenaire {number}", "other", 91, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _preview(client, tenant, SimpleUploadedFile("partenaires.xlsx", buffer.getvalue()))
    assert "trop volumineux une fois décompressé" in " ".join(
        response.context["form"].errors["file"]
    )


def test_an_admin_adds_a_partner_with_its_contacts(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    data = {
        "name": "CROM Île-de-France",
        "kind": PartnerKind.CROM,
        "departement": "",
        "website": "",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Camille Durand",
        "contacts-0-function": "Chargée de mission",
        "contacts-0-email": "camille.durand@example.org",
        "contacts-0-phone": "01 23 45 67 89",
    }
    response = client.post(_url("partner_create", tenant), data)
    assert response.status_code == 302
    partner = Partner.objects.get(tenant=tenant, name="CROM Île-de-France")
    contact = PartnerContact.objects.get(partner=partner)
    assert (contact.tenant, contact.function) == (tenant, "Chargée de mission")
    page = client.get(response.url).content.decode()
    assert "camille.durand@example.org" in page


def test_partner_names_are_unique_in_a_tenant(client, tenant, tenant_admin, cdom91):
    client.force_login(tenant_admin)
    response = client.post(
        _url("partner_create", tenant),
        {
            "name": "cdom de l'essonne",
            "kind": PartnerKind.CDOM,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
