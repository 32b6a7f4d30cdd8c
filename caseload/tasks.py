"""The caseload's periodic tasks: the daily overdue digest, and the sweep of queued imports.

Daily e-mail to each case manager listing their overdue follow-up touchpoints: the beat runs
`send_overdue_follow_up_alerts` once a day; it records one digest per (tenant, recipient, day)
in the outbox, and the relay reads the overdue touchpoints again when it sends
(caseload.emails). The key names the day, so a second run the same day records nothing more.
Touchpoints of dossiers nobody follows go to the tenant's admins.

A large import's preview or commit is queued in its own row (caseload.imports.jobs); the sweep
sends it to the worker again when the first message was lost (`dispatch_queued_imports`).
"""

from datetime import datetime, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import Membership, Role, Tenant
from core import outbox

from . import imports
from .models import FollowUp, ImportJob, ImportStatus

OVERDUE_DIGEST = "caseload.overdue_digest"


def overdue(tenant, today):
    return (
        FollowUp.objects.filter(tenant=tenant, dossier__anonymised_at__isnull=True)
        .overdue(today)
        .select_related("dossier")
        .order_by("due_on", "pk")
    )


def _recipients(tenant, today):
    """Case managers with overdue touchpoints; admins also get the unassigned ones."""
    assigned = set(overdue(tenant, today).values_list("dossier__assigned_to", flat=True))
    recipients = {pk for pk in assigned if pk is not None}
    if None in assigned:
        recipients |= set(
            Membership.objects.filter(tenant=tenant, role=Role.ADMIN).values_list(
                "user_id", flat=True
            )
        )
    return recipients


@shared_task
def send_overdue_follow_up_alerts():
    """Record today's digests (beat: once a day, in the morning); returns how many."""
    today = timezone.localdate()
    with scopes_disabled(), transaction.atomic():
        return outbox.enqueue_many(
            {
                "key": f"{OVERDUE_DIGEST}:{tenant.pk}:{user_id}:{today.isoformat()}",
                "kind": OVERDUE_DIGEST,
                "payload": {"tenant": tenant.pk, "user": user_id, "day": today.isoformat()},
                "tenant_id": tenant.pk,
            }
            for tenant in Tenant.objects.filter(is_active=True)
            for user_id in sorted(_recipients(tenant, today))
        )


# An import still queued this long after its confirmation was not taken by a worker (the broker
# was down when it was sent) or its worker died: it is sent again.
RESEND_QUEUED_IMPORT_AFTER = timedelta(minutes=1)


@shared_task(ignore_result=True)
def dispatch_queued_imports():
    """Beat, every minute: send again the preview or the commit of each import waiting for the
    worker for more than a minute that no worker holds now (its row is not locked). A second
    delivery does nothing (caseload.imports.jobs). Returns how many were sent."""
    now = timezone.now()
    with scopes_disabled(), transaction.atomic():
        jobs = list(
            ImportJob.objects.select_for_update(skip_locked=True).filter(
                Q(status=ImportStatus.PREVIEWED, report__has_key="queued")
                | Q(status=ImportStatus.PREVIEWING, report__has_key="preview_queued")
            )
        )
    sent = 0
    for job in jobs:
        if job.status == ImportStatus.PREVIEWING:
            if imports.preview_is_queued(job, now) and _waited(job.report["preview_queued"], now):
                sent += imports.send_preview_task(job)
        elif imports.is_queued(job.report, now) and _waited(job.report["queued"], now):
            sent += imports.send_commit_task(job)
    return sent


def _waited(queued, now):
    return now - datetime.fromisoformat(queued["at"]) >= RESEND_QUEUED_IMPORT_AFTER
