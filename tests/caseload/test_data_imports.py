"""Contact and CDOM imports: the preview saves nothing and reports every bad row by number; the
confirmed import saves all the valid rows or nothing; bad files get a clear French message."""

import codecs
import io
import zipfile
from datetime import date

import pytest
from django.db import DatabaseError
from django.urls import reverse

from caseload import imports
from caseload.models import (
    CampaignTarget,
    Dossier,
    ImportJob,
    ImportKind,
    ImportStatus,
    Interaction,
    Source,
    Stage,
    StageChange,
)
from core import spreadsheets
from tests.caseload.data_helpers import (  # noqa: F401  (_media_root is an autouse fixture)
    CONTACT_HEADERS,
    _media_root,
    bad_rpps,
    contact_row,
    csv_bytes,
    rpps,
    upload,
    xlsx_bytes,
)
from tests.caseload.factories import CampaignFactory, DossierFactory, departement

pytestmark = pytest.mark.django_db


def start(tenant, user, content, name="contacts.csv", kind=ImportKind.CONTACTS):
    return imports.start_import(
        tenant=tenant, kind=kind, uploaded_file=upload(name, content), user=user
    )


def errors_by_row(job):
    return {error["row"]: " ".join(error["messages"]) for error in job.report["errors"]}


def test_preview_reports_each_bad_row_and_saves_nothing(tenant, case_manager, mixed_file):
    before = Dossier.objects.count()
    job = start(tenant, case_manager, mixed_file)

    assert job.status == ImportStatus.PREVIEWED
    assert Dossier.objects.count() == before
    report = job.report
    assert (report["total_rows"], report["valid_rows"], report["error_rows"]) == (8, 2, 6)
    errors = errors_by_row(job)
    assert set(errors) == {3, 4, 5, 6, 7, 9}
    assert "clé de contrôle" in errors[3]
    assert "Adresse e-mail invalide" in errors[4]
    assert "Doublon de la ligne 2" in errors[5]
    assert "Un dossier existe déjà pour cette adresse e-mail" in errors[6]
    assert "Existant" in errors[6]  # names the dossier
    assert "Département inconnu : « Atlantide »" in errors[7]
    assert "Un dossier existe déjà pour ce numéro RPPS" in errors[9]


def test_commit_saves_exactly_the_valid_rows(tenant, case_manager, mixed_file):
    campaign = CampaignFactory(tenant=tenant)
    job = start(tenant, case_manager, mixed_file)

    job = imports.commit_import(
        job=job, user=case_manager, campaign=campaign, fingerprint=job.report["fingerprint"]
    )

    assert job.status == ImportStatus.COMMITTED
    created = Dossier.objects.filter(tenant=tenant, source=Source.CALL_CAMPAIGN).exclude(
        email="deja@example.org"
    )
    assert sorted(created.values_list("email", flat=True)) == [
        "contact1@example.org",
        "contact7@example.org",
    ]
    first = created.get(email="contact1@example.org")
    assert (first.last_name, first.first_name, first.rpps) == ("Nom1", "Prénom1", rpps(1))
    assert first.phone == "06 12 34 00 01"
    assert first.specialty == "medecine_generale"
    assert first.diploma_year == 2018
    assert first.target_departement == departement("91")
    assert first.stage == Stage.TO_CONTACT
    assert set(CampaignTarget.objects.filter(campaign=campaign).values_list("dossier_id", flat=True)) == set(created.values_list("pk", flat=True))  # fmt: skip
    # Each dossier starts its history, as one opened by hand does.
    assert StageChange.objects.filter(dossier__in=created, to_stage=Stage.TO_CONTACT).count() == 2
    assert job.report["result"]["created"] == 2


def test_commit_twice_is_refused(tenant, case_manager, mixed_file):
    job = start(tenant, case_manager, mixed_file)
    imports.commit_import(job=job, user=case_manager)
    count = Dossier.objects.count()
    with pytest.raises(imports.ImportRefused, match="déjà été importé"):
        imports.commit_import(job=job, user=case_manager)
    assert Dossier.objects.count() == count


def test_a_failure_midway_saves_nothing(tenant, case_manager, monkeypatch):
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 5001)]))
    assert job.report["valid_rows"] == 5000
    calls = []
    real_bulk_create = Dossier.objects.bulk_create.__func__

    def failing_bulk_create(self, objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:  # the second chunk: the first one is already written
            raise DatabaseError("disk full")
        return real_bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(type(Dossier.objects), "bulk_create", failing_bulk_create)
    before = (Dossier.objects.count(), StageChange.objects.count())

    with pytest.raises(imports.ImportRefused, match="rien n'a été enregistré"):
        imports.commit_import(job=job, user=case_manager)

    assert len(calls) == 2
    assert (Dossier.objects.count(), StageChange.objects.count()) == before
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED


def test_a_dossier_created_after_the_preview_makes_the_commit_refuse(
    tenant, case_manager, mixed_file
):
    job = start(tenant, case_manager, mixed_file)
    DossierFactory(tenant=tenant, email="contact7@example.org")  # row 8 is now a duplicate
    count = Dossier.objects.count()

    with pytest.raises(imports.ImportRefused, match="Relancez l'aperçu") as refused:
        imports.commit_import(job=job, user=case_manager)

    assert refused.value.stale
    assert Dossier.objects.count() == count
    job.refresh_from_db()
    assert job.report["stale"] is True
    # A new preview shows the row, and the import goes through with one row fewer.
    job = imports.revalidate(job)
    assert "Un dossier existe déjà" in errors_by_row(job)[8]
    imports.commit_import(job=job, user=case_manager)
    assert Dossier.objects.count() == count + 1


def test_confirming_an_outdated_preview_is_refused(tenant, case_manager, mixed_file):
    job = start(tenant, case_manager, mixed_file)
    with pytest.raises(imports.ImportRefused, match="L'aperçu a été relancé"):
        imports.commit_import(job=job, user=case_manager, fingerprint="0" * 64)
    assert job.status == ImportStatus.PREVIEWED


def test_5000_rows_import(tenant, case_manager):
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 5001)]))
    assert job.report["valid_rows"] == 5000
    imports.commit_import(job=job, user=case_manager)
    assert Dossier.objects.filter(tenant=tenant).count() == 5000


# Bad files: a clear message, and nothing saved


def assert_refused(job, message):
    assert job.status == ImportStatus.FAILED
    assert message in job.report["file_error"]
    assert not Dossier.objects.exists()


def test_latin1_file_is_decoded(tenant, case_manager):
    content = csv_bytes([contact_row(1, Nom="Lefèvre", Faculté="Créteil")], encoding="latin-1")
    job = start(tenant, case_manager, content)
    assert job.report["valid_rows"] == 1
    assert "Latin-1" in job.report["encoding"]
    imports.commit_import(job=job, user=case_manager)
    assert Dossier.objects.get().last_name == "Lefèvre"


def test_utf8_with_bom_and_commas(tenant, case_manager):
    content = csv_bytes([contact_row(1, Nom="Éloïse")], delimiter=",", bom=True)
    job = start(tenant, case_manager, content)
    assert job.report["valid_rows"] == 1
    assert job.report["delimiter"] == ","
    assert "BOM" in job.report["encoding"]
    assert {column["label"] for column in job.report["columns"]} >= {"nom", "prénom"}
    imports.commit_import(job=job, user=case_manager)
    assert Dossier.objects.get().last_name == "Éloïse"


def test_headers_are_matched_whatever_their_case_accents_and_aliases(tenant, case_manager):
    headers = ["NOM DE FAMILLE", "prenom", "Courriel", "Tél.", "N° RPPS", "DES", "Dept"]
    row = dict(zip(headers, ["Roux", "Léa", "lea@example.org", "0612345678", rpps(1), "MG", "2a"], strict=True))  # fmt: skip
    job = start(tenant, case_manager, csv_bytes([row], headers))
    assert job.report["valid_rows"] == 1, job.report
    imports.commit_import(job=job, user=case_manager)
    dossier = Dossier.objects.get()
    assert (dossier.email, dossier.phone, dossier.specialty) == (
        "lea@example.org",
        "06 12 34 56 78",
        "medecine_generale",
    )
    assert dossier.target_departement.insee_code == "2A"


def test_missing_required_columns_are_named(tenant, case_manager):
    content = csv_bytes([{"Nom": "Roux", "E-mail": "a@example.org"}], ["Nom", "E-mail"])
    job = start(tenant, case_manager, content)
    assert_refused(job, "Colonne obligatoire absente : « prénom »")


def test_cdom_missing_columns_are_all_named(tenant, case_manager):
    job = start(tenant, case_manager, csv_bytes([{"Nom": "Roux"}], ["Nom"]), kind=ImportKind.CDOM)
    assert_refused(job, "« prénom », « RPPS », « date d'inscription », « département »")


def test_extra_columns_are_ignored_and_listed(tenant, case_manager):
    headers = [*CONTACT_HEADERS, "Commentaire", "Ville"]
    job = start(tenant, case_manager, csv_bytes([contact_row(1, Commentaire="x")], headers))
    assert job.report["valid_rows"] == 1
    assert job.report["ignored_columns"] == ["Commentaire", "Ville"]


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", codecs.BOM_UTF8])
def test_empty_csv(tenant, case_manager, content):
    job = start(tenant, case_manager, content)
    assert_refused(job, "Le fichier est vide")


def test_header_only(tenant, case_manager):
    job = start(tenant, case_manager, csv_bytes([], CONTACT_HEADERS))
    assert_refused(job, "ne contient que la ligne d'en-tête")


def test_xlsx_values_are_read_and_uncalculated_formulas_are_row_errors(tenant, case_manager):
    rows = [
        contact_row(1, **{"Année de diplôme": 2019, "Téléphone": 612345678, "Calcul": "=1+1"}),
        contact_row(2, **{"E-mail": '=CONCAT("a","@example.org")'}),
    ]
    # A formula in a column that is not read (row 2's "Calcul") does not matter.
    job = start(
        tenant, case_manager, xlsx_bytes(rows, [*CONTACT_HEADERS, "Calcul"]), name="contacts.xlsx"
    )
    assert job.report["valid_rows"] == 1
    assert "C3 contient une formule sans valeur calculée" in errors_by_row(job)[3]
    imports.commit_import(job=job, user=case_manager)
    dossier = Dossier.objects.get()
    assert (dossier.diploma_year, dossier.phone) == (2019, "06 12 34 56 78")


def test_xlsx_formula_with_a_calculated_value_gives_the_value(tenant, case_manager):
    content = xlsx_bytes([contact_row(1, **{"E-mail": '=LOWER("X@EXAMPLE.ORG")'})])
    # What Excel does on save: keep the formula and write its calculated value next to it.
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(
                    b'<c r="C2"><f>LOWER("X@EXAMPLE.ORG")</f><v />',
                    b'<c r="C2" t="str"><f>LOWER("X@EXAMPLE.ORG")</f><v>x@example.org</v>',
                )
                assert b"<v>x@example.org</v>" in data
            new.writestr(item, data)
    job = start(tenant, case_manager, target.getvalue(), name="contacts.xlsx")
    assert job.report["valid_rows"] == 1, job.report
    imports.commit_import(job=job, user=case_manager)
    assert Dossier.objects.get().email == "x@example.org"


def test_empty_sheet(tenant, case_manager):
    job = start(tenant, case_manager, xlsx_bytes([], headers=[]), name="vide.xlsx")
    assert_refused(job, "Le fichier est vide")


def test_a_workbook_too_big_once_unpacked(tenant, case_manager, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_UNPACKED", 1000)  # a zip bomb, in small
    job = start(
        tenant, case_manager, xlsx_bytes([contact_row(i) for i in range(50)]), name="b.xlsx"
    )
    assert_refused(job, "trop volumineux une fois décompressé")


def test_not_really_an_xlsx(tenant, case_manager):
    job = start(tenant, case_manager, b"Nom;Prenom\nA;B\n", name="contacts.xlsx")
    assert_refused(job, "n'est pas un classeur Excel (.xlsx) lisible")


def test_binary_csv(tenant, case_manager):
    job = start(tenant, case_manager, b"PK\x03\x04\x00\x00garbage\x00", name="contacts.csv")
    assert_refused(job, "données binaires")


def test_contact_without_any_way_to_reach_them(tenant, case_manager):
    row = contact_row(1, **{"E-mail": "", "Téléphone": ""})
    job = start(tenant, case_manager, csv_bytes([row]))
    assert "Ni adresse e-mail ni téléphone" in errors_by_row(job)[2]


# CDOM registrations


def cdom_row(index, **overrides):
    row = {
        "Nom": f"Nom{index}",
        "Prénom": f"Prénom{index}",
        "RPPS": rpps(index),
        "Date d'inscription": "15/09/2025",
        "Département": "Essonne",
    }
    row.update(overrides)
    return row


def test_cdom_updates_known_dossiers_and_creates_the_others(tenant, case_manager):
    known = DossierFactory(
        tenant=tenant, rpps=rpps(1), last_name="Nom1", target_departement=departement("75")
    )
    version = known.version
    rows = [cdom_row(1), cdom_row(2), cdom_row(3, **{"Date d'inscription": "31/02/2025"})]
    job = start(tenant, case_manager, csv_bytes(rows), kind=ImportKind.CDOM)
    assert (job.report["to_update"], job.report["to_create"], job.report["error_rows"]) == (1, 1, 1)
    assert "Date invalide" in errors_by_row(job)[4]

    imports.commit_import(job=job, user=case_manager)

    known.refresh_from_db()
    assert known.target_departement == departement("91")
    assert imports.CDOM_TAG in known.tags
    assert known.version == version + 1  # a case manager editing it meanwhile is told
    created = Dossier.objects.get(rpps=rpps(2))
    assert (created.source, created.target_departement) == (Source.CDOM, departement("91"))
    notes = Interaction.objects.filter(dossier__in=[known, created])
    assert notes.count() == 2
    assert all(note.occurred_at.date() == date(2025, 9, 15) for note in notes)
    assert not any(note.shareable for note in notes)


# The pages


def test_upload_preview_and_confirm_through_the_pages(client, tenant, case_manager, mixed_file):
    client.force_login(case_manager)
    response = client.post(
        reverse("caseload:import_list", kwargs={"tenant_slug": tenant.slug}),
        {"kind": ImportKind.CONTACTS, "file": upload("contacts.csv", mixed_file)},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "caseload:import_detail", kwargs={"tenant_slug": tenant.slug, "pk": job.pk}
    )
    page = client.get(response.url).content.decode()
    assert "Département inconnu : « Atlantide »" in page
    assert "Importer 2 lignes" in page
    assert Dossier.objects.count() == 1  # the existing one only

    response = client.post(
        reverse("caseload:import_confirm", kwargs={"tenant_slug": tenant.slug, "pk": job.pk}),
        {"fingerprint": job.report["fingerprint"], "source": Source.FACULTY_EVENT},
        follow=True,
    )
    assert "Import terminé : 2 dossiers créés" in response.content.decode()
    assert Dossier.objects.filter(source=Source.FACULTY_EVENT).count() == 2


def test_too_big_a_file_is_refused_before_anything(client, tenant, case_manager, monkeypatch):
    monkeypatch.setattr("caseload.forms_data.MAX_UPLOAD_BYTES", 100)
    client.force_login(case_manager)
    response = client.post(
        reverse("caseload:import_list", kwargs={"tenant_slug": tenant.slug}),
        {"kind": ImportKind.CONTACTS, "file": upload("big.csv", b"x" * 200)},
    )
    assert response.status_code == 200
    assert "c&#x27;est plus que" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_xls_file_is_refused_with_advice(client, tenant, case_manager):
    client.force_login(case_manager)
    response = client.post(
        reverse("caseload:import_list", kwargs={"tenant_slug": tenant.slug}),
        {"kind": ImportKind.CONTACTS, "file": upload("vieux.xls", b"\xd0\xcf\x11\xe0")},
    )
    assert "enregistrez le fichier au format Excel (.xlsx) ou CSV" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_errors_csv_lists_every_error(client, tenant, case_manager, mixed_file):
    job = start(tenant, case_manager, mixed_file)
    client.force_login(case_manager)
    response = client.get(
        reverse("caseload:import_errors", kwargs={"tenant_slug": tenant.slug, "pk": job.pk})
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0] == "ligne;erreurs"
    assert [line.split(";")[0] for line in lines[1:]] == ["3", "4", "5", "6", "7", "9"]


def test_a_large_file_is_committed_by_the_worker(
    client, tenant, case_manager, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports.jobs, "INLINE_COMMIT_ROWS", 2)
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 6)]))
    client.force_login(case_manager)
    url = reverse("caseload:import_confirm", kwargs={"tenant_slug": tenant.slug, "pk": job.pk})
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"fingerprint": job.report["fingerprint"]}, follow=True)
    assert "L&#x27;import est lancé" in response.content.decode()
    assert not Dossier.objects.exists()  # queued, not run yet
    job.refresh_from_db()
    assert imports.is_queued(job.report)
    # Confirming again while it runs is refused.
    with pytest.raises(imports.ImportRefused, match="déjà en cours"):
        imports.commit_or_queue(job=job, user=case_manager)

    for callback in callbacks:
        callback()  # the worker runs the task (eagerly here)

    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert "queued" not in job.report
    assert Dossier.objects.count() == 5
    assert imports.commit_import_task(job.pk, case_manager.pk, None, "call_campaign", None) is False


def test_a_refused_queued_commit_is_shown_on_the_page(
    client, tenant, case_manager, mixed_file, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports.jobs, "INLINE_COMMIT_ROWS", 0)
    job = start(tenant, case_manager, mixed_file)
    with django_capture_on_commit_callbacks():  # queued; the worker's turn comes below
        imports.commit_or_queue(job=job, user=case_manager)
    DossierFactory(tenant=tenant, email="contact7@example.org")  # the preview is now stale
    assert imports.commit_import_task(job.pk, case_manager.pk, None, "call_campaign", None) is False
    client.force_login(case_manager)
    page = client.get(
        reverse("caseload:import_detail", kwargs={"tenant_slug": tenant.slug, "pk": job.pk})
    ).content.decode()
    assert "L'import n'a pas abouti" in page
    assert "rien n&#x27;a été importé" in page


def test_uploaded_files_are_deleted_after_30_days(client, tenant, case_manager, mixed_file):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from privacy.tasks import apply_retention

    old, recent = (start(tenant, case_manager, mixed_file) for _ in range(2))
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    path = old.file.name

    assert apply_retention() == {"caseload.purge_import_files": 1}

    old.refresh_from_db()
    assert not old.file and not default_storage.exists(path)
    assert "errors" not in old.report and old.report["error_rows"] == 6
    recent.refresh_from_db()
    assert recent.file and recent.report["errors"]
    client.force_login(case_manager)
    page = client.get(
        reverse("caseload:import_detail", kwargs={"tenant_slug": tenant.slug, "pk": old.pk})
    )
    assert "ne sont plus conservés" in page.content.decode()
    assert "Importer 2 lignes" not in page.content.decode()
    with pytest.raises(imports.ImportRefused, match="n'est plus conservé"):
        imports.commit_import(job=old, user=case_manager)
