"""Starting an import, previewing it again, committing it: now for a small file, in the worker
for a large one, so that no request runs past gunicorn's 30 s. The job records that it waits
for the worker (status PREVIEWING for a preview, report["queued"] for a commit), the task is
sent after the commit (and sent again by the sweep, caseload.tasks), and a delivery that finds
the job taken by another worker, or no longer waiting, does nothing."""

import uuid
from datetime import datetime
from pathlib import Path

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from core.tasks import publish

from ..models import (
    ImportJob,
    ImportStatus,
    Source,
)
from . import progress
from .commit import ImportRefused, _check_committable, commit_import, is_queued
from .preview import preview

# Up to this many valid rows the commit runs in the request (about 10 seconds); beyond, the
# worker does it (caseload.imports.commit_import_task).
INLINE_COMMIT_ROWS = 20_000
# Up to this size a file is previewed in the request (a CSV of about 7,000 contacts, 2 to 3
# seconds); beyond, the worker does it (caseload.imports.preview_import_task): 100,000 rows
# take about 35 seconds.
INLINE_PREVIEW_BYTES = 1024 * 1024


def start_import(*, tenant, kind, uploaded_file, user):
    """Store the uploaded file (an unguessable name, under private/) and preview it, now or in
    the worker (then the job is PREVIEWING and its page follows it)."""
    extension = Path(uploaded_file.name).suffix.lower()
    job = ImportJob(
        tenant=tenant,
        kind=kind,
        original_name=Path(uploaded_file.name).name[:255],
        uploaded_by=user,
        status=ImportStatus.PREVIEWING,
    )
    uploaded_file.seek(0)
    job.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(uploaded_file.read()), save=False)
    job.save()
    return _preview_or_queue(job)


def revalidate(job):
    """Preview the stored file again (after a refused commit, or to refresh the report)."""
    if job.status == ImportStatus.COMMITTED:
        raise ImportRefused(_("Ce fichier a déjà été importé."))
    if is_queued(job.report):
        raise ImportRefused(_("L'import de ce fichier est en cours : attendez son résultat."))
    if preview_is_queued(job):
        raise ImportRefused(_("L'aperçu de ce fichier est en cours : attendez son résultat."))
    return _preview_or_queue(job)


def preview_is_queued(job, now=None):
    """The job's preview was handed to the worker less than QUEUE_TIMEOUT ago (after that,
    its worker is taken as lost and the preview may be started again)."""
    queued = (job.report or {}).get("preview_queued")
    if job.status != ImportStatus.PREVIEWING or not queued:
        return False
    now = now or timezone.now()
    return now - datetime.fromisoformat(queued["at"]) < progress.QUEUE_TIMEOUT


def _preview_or_queue(job):
    if not job.file or job.file.size <= INLINE_PREVIEW_BYTES:
        return preview(job)  # a file no longer kept fails at once, with its message
    with scope(tenant=job.tenant), transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        locked.status = ImportStatus.PREVIEWING
        # The previous report goes: the page shows the progress until the new one is ready.
        locked.report = {"preview_queued": {"at": timezone.now().isoformat()}}
        locked.save(update_fields=["status", "report"])
        progress.forget(job.pk)
        transaction.on_commit(lambda: send_preview_task(locked))
    job.refresh_from_db()
    return job


def send_preview_task(job):
    """Ask the worker to preview a job; False when the broker did not take it (the sweep of
    waiting jobs sends it later)."""
    return publish(preview_import_task, job.pk)


@shared_task(acks_late=True, name="caseload.imports.preview_import_task")
def preview_import_task(job_id):
    """A large file's preview, by the worker. A delivery that finds the job's row locked
    (another worker is previewing it) or the job no longer waiting for its preview does
    nothing."""
    with transaction.atomic():
        with scopes_disabled():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("tenant")
                .filter(pk=job_id, status=ImportStatus.PREVIEWING)
                .first()
            )
        if job is None:
            return False
        # Under the row lock taken above, so a second delivery skips this job meanwhile.
        preview(job, track_progress=True)
    return True


def commit_or_queue(*, job, user, campaign=None, source=Source.CALL_CAMPAIGN, fingerprint=None):
    """Commit now, or hand a large file to the worker: a web request would time out before
    100,000 rows are written. Returns True when committed now, False when queued.

    The job itself records that it is queued, and with what: the task is sent after the
    commit, and when the broker is down (or the worker dies) the beat's sweep of queued jobs
    (caseload.tasks.dispatch_queued_imports) sends it again."""
    if job.report.get("valid_rows", 0) <= INLINE_COMMIT_ROWS:
        commit_import(job=job, user=user, campaign=campaign, source=source, fingerprint=fingerprint)
        return True
    with scope(tenant=job.tenant), transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _check_committable(locked.report, locked.status, fingerprint=fingerprint, from_queue=False)
        locked.report.pop("commit_error", None)
        locked.report["queued"] = {
            "at": timezone.now().isoformat(),
            "by": user.pk,
            "campaign": campaign.pk if campaign else None,
            "source": str(source),
            "fingerprint": fingerprint,
        }
        locked.save(update_fields=["report"])
        progress.forget(job.pk)  # an earlier attempt's figures
        transaction.on_commit(lambda: send_commit_task(locked))
    return False


def send_commit_task(job):
    """Ask the worker to commit a queued job; False when the broker did not take it (the job
    stays queued and the sweep sends it later)."""
    queued = job.report["queued"]
    return publish(
        commit_import_task,
        job.pk,
        queued["by"],
        queued.get("campaign"),
        queued.get("source", Source.CALL_CAMPAIGN),
        queued.get("fingerprint"),
    )


def _record_commit_error(job_id, message):
    with transaction.atomic(), scopes_disabled():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        job.report.pop("queued", None)
        job.report["commit_error"] = message
        job.save(update_fields=["report"])


# The name it had before imports became a package: messages queued by then still find it.
@shared_task(acks_late=True, name="caseload.imports.commit_import_task")
def commit_import_task(job_id, user_id, campaign_id, source, fingerprint):
    """A large import's commit, by the worker. It may be delivered twice (a message redelivered
    after a worker died, the sweep of queued jobs): a delivery that finds the job's row locked
    (another worker is committing it), or the job no longer queued (committed, refused, or
    queued too long ago), does nothing."""
    from django.contrib.auth import get_user_model

    from ..models import Campaign

    with transaction.atomic():
        with scopes_disabled():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("tenant")
                .filter(pk=job_id)
                .first()
            )
            if job is None or job.status != ImportStatus.PREVIEWED or not is_queued(job.report):
                return False
            user = get_user_model().objects.filter(pk=user_id).first()
            campaign = Campaign.objects.filter(pk=campaign_id, tenant=job.tenant).first()
        try:
            # Under the row lock taken above, so a second delivery skips this job meanwhile.
            commit_import(
                job=job,
                user=user,
                campaign=campaign,
                source=source,
                fingerprint=fingerprint,
                from_queue=True,
            )
        except ImportRefused as refusal:
            _record_commit_error(job_id, refusal.message)
            return False
    return True
