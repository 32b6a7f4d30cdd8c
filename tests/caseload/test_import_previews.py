"""What the preview promises and keeps: the errors it found are the ones downloaded, before
and after the commit; a preview with nothing valid offers nothing to confirm; a large file is
previewed by the worker while its page shows the progress, so no request runs for minutes."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseload import imports
from caseload.imports import progress
from caseload.models import Dossier, ImportJob, ImportRowError, ImportStatus
from caseload.tasks import dispatch_queued_imports
from tests.caseload.data_helpers import (  # noqa: F401  (_media_root is an autouse fixture)
    _media_root,
    bad_rpps,
    contact_row,
    csv_bytes,
    upload,
)
from tests.caseload.test_data_imports import start

pytestmark = pytest.mark.django_db


def url(name, tenant, job=None):
    kwargs = {"tenant_slug": tenant.slug} | ({"pk": job.pk} if job else {})
    return reverse(f"caseload:import_{name}", kwargs=kwargs)


def error_rows(client, tenant, job):
    response = client.get(url("errors", tenant, job))
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "ligne;erreurs"
    return {int(line.split(";")[0]): line.split(";", 1)[1] for line in lines[1:]}


def post_file(client, tenant, content, name="contacts.csv"):
    return client.post(
        url("list", tenant), {"kind": "contacts", "file": upload(name, content)}, follow=True
    )


# The errors download serves what the preview found


def test_after_the_commit_the_errors_download_gives_the_preview_errors(
    client, tenant, case_manager, mixed_file
):
    job = start(tenant, case_manager, mixed_file)
    client.force_login(case_manager)
    before = error_rows(client, tenant, job)
    assert set(before) == {3, 4, 5, 6, 7, 9}

    client.post(url("confirm", tenant, job), {"fingerprint": job.report["fingerprint"]})
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert Dossier.objects.filter(email__in=["contact1@example.org", "contact7@example.org"])

    # Re-validated today, rows 2 and 8 would be "already has a dossier": the two it created.
    assert error_rows(client, tenant, job) == before


def test_previewing_again_replaces_the_stored_errors(client, tenant, case_manager):
    job = start(tenant, case_manager, csv_bytes([contact_row(1), contact_row(2)]))
    assert not ImportRowError.objects.filter(job=job).exists()
    Dossier.objects.create(tenant=tenant, email="contact2@example.org")

    imports.revalidate(job)

    client.force_login(case_manager)
    rows = error_rows(client, tenant, job)
    assert list(rows) == [3] and "existe déjà" in rows[3]
    assert ImportRowError.objects.filter(job=job).count() == 1


def test_the_purge_of_old_imports_deletes_their_stored_errors(tenant, case_manager, mixed_file):
    from caseload.personal_data import purge_import_files

    old, recent = (start(tenant, case_manager, mixed_file) for _ in range(2))
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))

    assert purge_import_files() == 1

    assert not ImportRowError.objects.filter(job=old).exists()
    assert ImportRowError.objects.filter(job=recent).count() == 6


# Nothing valid: nothing to confirm


def test_a_preview_with_no_valid_row_offers_no_confirmation(client, tenant, case_manager):
    content = csv_bytes([contact_row(1, RPPS=bad_rpps(1)), contact_row(2, **{"E-mail": "x@"})])
    client.force_login(case_manager)

    page = post_file(client, tenant, content).content.decode()

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED and job.report["valid_rows"] == 0
    assert "confirmez" not in page.lower()
    assert url("confirm", tenant, job) not in page
    assert "Importer 0" not in page
    assert "Aucune ligne à importer" in page
    assert "Rien ne peut être importé : les 2 lignes du fichier sont toutes en erreur." in page

    # Previewing it again says the same, never "confirmez".
    page = client.post(url("revalidate", tenant, job), follow=True).content.decode()
    assert "confirmez" not in page.lower()
    assert "Rien ne peut être importé" in page


# A large file's preview runs in the worker


@pytest.fixture
def worker_previews(monkeypatch):
    """Files of more than 10 bytes are previewed by the worker (1 MB in production), two rows
    a chunk so that the progress moves."""
    monkeypatch.setattr(imports.jobs, "INLINE_PREVIEW_BYTES", 10)
    monkeypatch.setattr(imports.validation, "CHUNK_SIZE", 2)


def test_a_large_file_is_previewed_by_the_worker_and_its_page_follows_it(
    client, tenant, case_manager, worker_previews, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(case_manager)
    with django_capture_on_commit_callbacks() as callbacks:  # queued; the worker runs below
        page = post_file(client, tenant, csv_bytes([contact_row(i) for i in range(1, 6)]))
    page = page.content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWING
    assert "Aperçu en cours" in page
    assert f'data-import-state-url="{url("state", tenant, job)}"' in page
    assert '<progress id="import-progress"' in page
    assert '<meta http-equiv="refresh" content="10">' in page  # without JavaScript
    assert "confirmez" not in page.lower() and url("confirm", tenant, job) not in page
    state = json.loads(client.get(url("state", tenant, job)).content)
    assert state == {"status": "previewing", "pending": True, "rows_done": 0, "rows_total": 0}

    recorded = []
    record = progress.record
    monkeypatch.setattr(
        progress, "record", lambda *args: recorded.append(args[1:]) or record(*args)
    )
    for callback in callbacks:
        callback()  # the worker runs the preview (eagerly here)

    assert recorded == [(2, 6), (4, 6), (5, 6)]  # rows done, the file's lines
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.report["valid_rows"] == 5
    assert not Dossier.objects.exists()
    assert json.loads(client.get(url("state", tenant, job)).content)["pending"] is False
    page = client.get(url("detail", tenant, job)).content.decode()
    assert "Importer 5 lignes" in page and "data-import-state-url" not in page
    assert imports.preview_import_task(job.pk) is False  # a second delivery does nothing


def test_previewing_a_large_file_again_goes_to_the_worker(
    tenant, case_manager, worker_previews, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 4)]))
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED

    with django_capture_on_commit_callbacks() as callbacks:
        job = imports.revalidate(job)
    assert job.status == ImportStatus.PREVIEWING  # the request did not validate the rows
    assert len(callbacks) == 1
    with pytest.raises(imports.ImportRefused, match="aperçu de ce fichier est en cours"):
        imports.revalidate(job)
    with pytest.raises(imports.ImportRefused, match="aperçu de ce fichier est en cours"):
        imports.commit_import(job=job, user=case_manager)


def test_the_sweep_sends_a_lost_preview_again(
    tenant, case_manager, worker_previews, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports.jobs, "publish", lambda *args: False)  # the message is lost
    with django_capture_on_commit_callbacks(execute=True):
        job = start(tenant, case_manager, csv_bytes([contact_row(1), contact_row(2)]))
    assert job.status == ImportStatus.PREVIEWING
    assert dispatch_queued_imports() == 0  # queued a moment ago: its message may be on its way

    queued_at = (timezone.now() - timedelta(minutes=2)).isoformat()
    ImportJob.objects.filter(pk=job.pk).update(report={"preview_queued": {"at": queued_at}})
    monkeypatch.undo()
    assert dispatch_queued_imports() == 1

    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.report["valid_rows"] == 2


def test_a_preview_the_worker_never_finished_can_be_started_again(
    client, tenant, case_manager, worker_previews, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():  # the worker never runs it
        job = start(tenant, case_manager, csv_bytes([contact_row(1), contact_row(2)]))
    long_ago = (timezone.now() - timedelta(hours=2)).isoformat()
    ImportJob.objects.filter(pk=job.pk).update(report={"preview_queued": {"at": long_ago}})
    client.force_login(case_manager)

    page = client.get(url("detail", tenant, job)).content.decode()
    assert "L'aperçu n'a pas abouti" in page
    assert url("revalidate", tenant, job) in page
    assert json.loads(client.get(url("state", tenant, job)).content)["pending"] is False

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("revalidate", tenant, job))
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
