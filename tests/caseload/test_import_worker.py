"""A large import goes to the worker: its page follows it (state URL, progress) until the
result, and a real Celery worker, through Redis, commits it once."""

import json
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.models import Role
from caseload import imports
from caseload.models import Dossier, ImportJob, ImportStatus
from tests.accounts.factories import staff_member
from tests.caseload.data_helpers import (  # noqa: F401  (_media_root is an autouse fixture)
    _media_root,
    contact_row,
    csv_bytes,
)
from tests.caseload.test_data_imports import start
from tests.celery_helpers import wait_for
from tests.tenancy import assert_other_tenant_object_is_404


def urls(tenant, job):
    kwargs = {"tenant_slug": tenant.slug, "pk": job.pk}
    return {
        name: reverse(f"caseload:import_{name}", kwargs=kwargs)
        for name in ("detail", "state", "confirm")
    }


@pytest.fixture
def queued_above(monkeypatch):
    """Files of more than two valid rows go to the worker (20,000 in production)."""
    monkeypatch.setattr(imports.jobs, "INLINE_COMMIT_ROWS", 2)


def confirm(client, tenant, job):
    return client.post(
        urls(tenant, job)["confirm"], {"fingerprint": job.report["fingerprint"]}, follow=True
    )


@pytest.mark.django_db
def test_a_queued_import_shows_its_progress_and_a_state_url(
    client, tenant, case_manager, queued_above, django_capture_on_commit_callbacks
):
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 6)]))
    client.force_login(case_manager)
    with django_capture_on_commit_callbacks():  # queued, and the worker never runs it
        page = confirm(client, tenant, job).content.decode()
    assert "Import en cours" in page
    assert f'data-import-state-url="{urls(tenant, job)["state"]}"' in page
    assert '<progress id="import-progress"' in page
    assert 'max="5"' in page and 'value="0"' in page
    assert "Importer 5 lignes" not in page  # no second confirmation while it runs

    state = client.get(urls(tenant, job)["state"])
    assert state["Cache-Control"] == "no-store"
    assert json.loads(state.content) == {
        "status": "previewed",
        "pending": True,
        "rows_done": 0,
        "rows_total": 5,
    }


@pytest.mark.django_db
def test_the_state_url_is_for_case_managers_of_the_tenant(
    client, tenant, other_tenant, case_manager, host
):
    job = start(tenant, case_manager, csv_bytes([contact_row(1)]))
    client.force_login(host)
    assert client.get(urls(tenant, job)["state"]).status_code == 403
    client.force_login(staff_member(other_tenant, Role.CASE_MANAGER, email="cm64@example.org"))
    assert_other_tenant_object_is_404(
        client, url_name="caseload:import_state", tenant=other_tenant, obj=job
    )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_commits_a_large_import_once_and_the_page_shows_the_result(
    client, tenant, case_manager, queued_above, real_worker
):
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 6)]))
    client.force_login(case_manager)
    assert "L&#x27;import est lancé" in confirm(client, tenant, job).content.decode()

    def committed():
        return ImportJob.objects.get(pk=job.pk).status == ImportStatus.COMMITTED

    assert wait_for(committed), "the worker did not commit the import"
    assert Dossier.objects.filter(tenant=tenant).count() == 5
    assert json.loads(client.get(urls(tenant, job)["state"]).content) == {
        "status": "committed",
        "pending": False,
        "rows_done": 5,
        "rows_total": 5,
    }
    page = client.get(urls(tenant, job)["detail"]).content.decode()
    assert "Import effectué" in page
    assert "5 dossier(s) créé(s)" in page
    assert "data-import-state-url" not in page
    # A duplicate delivery of the task finds the job committed and writes nothing.
    job.refresh_from_db()
    assert imports.commit_import_task(job.pk, case_manager.pk, None, "call_campaign", None) is False
    assert Dossier.objects.filter(tenant=tenant).count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_delivery_while_a_worker_commits_the_job_does_nothing(
    tenant, case_manager, queued_above, monkeypatch
):
    monkeypatch.setattr(imports.jobs, "publish", lambda *args: False)  # the message is lost
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 6)]))
    imports.commit_or_queue(job=job, user=case_manager)
    arguments = (job.pk, case_manager.pk, None, "call_campaign", None)
    committing, finish = threading.Event(), threading.Event()

    def another_worker():  # holds the job's row as a worker committing it does
        with scopes_disabled(), transaction.atomic():
            ImportJob.objects.select_for_update().get(pk=job.pk)
            committing.set()
            finish.wait(10)
        connection.close()

    thread = threading.Thread(target=another_worker)
    thread.start()
    assert committing.wait(10)
    try:
        # A redelivery meanwhile neither waits for that worker nor writes anything.
        assert imports.commit_import_task(*arguments) is False
    finally:
        finish.set()
        thread.join()
    assert not Dossier.objects.exists()
    job.refresh_from_db()
    assert imports.is_queued(job.report) and "commit_error" not in job.report
    assert imports.commit_import_task(*arguments) is True
    assert imports.commit_import_task(*arguments) is False
    assert Dossier.objects.filter(tenant=tenant).count() == 5
