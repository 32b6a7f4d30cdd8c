"""In Chromium, with a real Celery worker: a case manager uploads a contact list too large to
be written within the request, confirms it, and the page follows the worker by itself (the
progress bar moves) until it shows the result, without being reloaded by hand."""

import time

import pytest

from accounts.models import Role
from caseload import imports
from caseload.models import Dossier
from tests.accounts.factories import TenantFactory, staff_member
from tests.caseload.data_helpers import contact_row, csv_bytes
from tests.e2e.sessions import log_in_with_a_session

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_large_import(monkeypatch, settings, tmp_path):
    """Above two rows the worker commits, two rows per chunk, and each chunk takes a second:
    long enough for the page to be seen waiting (100,000 rows take ~30 s in production)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(imports.jobs, "INLINE_COMMIT_ROWS", 2)
    monkeypatch.setattr(imports.validation, "CHUNK_SIZE", 2)
    write = imports.Writer.write

    def slow_write(self, results):
        time.sleep(1)
        return write(self, results)

    monkeypatch.setattr(imports.Writer, "write", slow_write)


def test_the_import_page_follows_the_worker_until_the_result(
    live_server, page, real_worker, slow_large_import, tmp_path
):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    case_manager = staff_member(tenant, Role.CASE_MANAGER, email="claire@example.org")
    contacts = tmp_path / "contacts.csv"
    contacts.write_bytes(csv_bytes([contact_row(i) for i in range(1, 6)], bom=True))
    base = live_server.url
    log_in_with_a_session(page, base, case_manager)

    page.goto(f"{base}/idf/suivi/imports/")
    page.get_by_label("Fichier", exact=True).set_input_files(str(contacts))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Importer 5 lignes").click()

    page.get_by_role("heading", name="Import en cours").wait_for()
    progress = page.get_by_role("progressbar", name="Lignes traitées")
    assert progress.get_attribute("max") == "5"
    # The script moves the bar as the worker writes its chunks…
    page.wait_for_function(
        "() => document.getElementById('import-progress')?.value >= 2", timeout=20_000
    )
    # …and the page shows the result by itself.
    page.get_by_role("heading", name="Import effectué").wait_for(timeout=20_000)
    assert page.get_by_text("5 dossier(s) créé(s)").is_visible()
    assert Dossier.objects.filter(tenant=tenant).count() == 5
