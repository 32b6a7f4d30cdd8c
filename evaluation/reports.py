"""Rendering and storing the quarterly reports.

`render_final` renders a published quarter's report once per tenant (under the report row's
lock, so two runs take turns and the second finds it ready) and, in the same transaction,
records through the outbox one e-mail per steering member (keyed by tenant, quarter and
recipient: a second run records nothing). `request_draft` has the worker render the running
quarter on demand; its page follows the worker's steps through `progress`."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, Role
from core.outbox import enqueue

from . import exports, snapshots
from .models import Report, ReportStatus
from .pdf import render_pdf
from .report_content import breakdown_lines, report_content

logger = logging.getLogger(__name__)

REPORT_READY = "evaluation.report_ready"
DRAFT_STEPS = 3  # values, layout, storage
DRAFT_TIMEOUT = timedelta(minutes=15)  # a draft pending longer was lost by its worker


def render_report_pdf(tenant, quarter, *, draft=False):
    content = report_content(tenant, quarter)
    return render_pdf(
        "evaluation/pdf/quarterly.html", {"content": content, "tenant": tenant, "draft": draft}
    )


def render_report_xlsx(tenant, quarter):
    from django.utils.translation import gettext as _

    content = report_content(tenant, quarter)
    return exports.as_xlsx(
        content.board,
        extra_sheets=[
            (_("Détail"), [_("Indicateur"), _("Ventilation"), _("Ligne"), _("Valeur")],
             list(breakdown_lines(content))),
            (_("Budget"), [_("Annexe"), _("Financement prévu dans l'année"),
                           _("Consommé depuis janvier"), _("Part")], content.budget),
        ],
    )  # fmt: skip


def _store(report, pdf, now):
    if report.file:
        report.file.delete(save=False)
    report.file.save(f"{report.quarter.code}.pdf", ContentFile(pdf), save=False)
    report.size = len(pdf)
    report.status, report.rendered_at, report.error = ReportStatus.READY, now, ""
    report.save()


def announce(report):
    """One e-mail per steering member of the tenant, once (call in the report's transaction)."""
    members = Membership.objects.filter(
        tenant_id=report.tenant_id, role=Role.STEERING, user__is_active=True
    ).values_list("user_id", flat=True)
    for user_id in sorted(set(members)):
        enqueue(
            key=f"{REPORT_READY}:{report.tenant_id}:{report.quarter.code}:{user_id}",
            kind=REPORT_READY,
            payload={"report": report.pk, "user": user_id},
            tenant_id=report.tenant_id,
        )
    report.announced_at = timezone.now()
    report.save(update_fields=["announced_at"])


def _final_row(tenant, quarter):
    try:
        with transaction.atomic():
            Report.objects.get_or_create(tenant=tenant, period_start=quarter.start, is_draft=False)
    except IntegrityError:  # another run created it at the same moment
        pass
    return Report.objects.select_for_update().get(
        tenant=tenant, period_start=quarter.start, is_draft=False
    )


def render_final(*, tenant, quarter, force=False):
    """Publish the quarter if needed and render its report unless it is there (or `force`:
    render the same frozen figures again); returns (report, rendered?)."""
    snapshots.publish_quarter(tenant=tenant, quarter=quarter)
    with transaction.atomic():
        report = _final_row(tenant, quarter)
        if report.is_ready and not force:
            return report, False
        _store(report, render_report_pdf(tenant, quarter), timezone.now())
        if report.announced_at is None:
            announce(report)
    return report, True


# Drafts


def _progress_key(report_id):
    return f"evaluation:report-progress:{report_id}"


def set_progress(report_id, step):
    cache.set(_progress_key(report_id), step, timeout=int(DRAFT_TIMEOUT.total_seconds()))


def progress(report):
    return {"done": cache.get(_progress_key(report.pk)) or 0, "total": DRAFT_STEPS}


def is_pending(report, now=None):
    """Waiting for the worker, and not given up on (a worker that died leaves it pending)."""
    waiting = report.status in (ReportStatus.PENDING, ReportStatus.RENDERING)
    return waiting and (now or timezone.now()) - report.requested_at < DRAFT_TIMEOUT


def request_draft(*, tenant, quarter, acting_user):
    """Have the worker render a draft of an unpublished quarter (the same draft again if one
    is already under way); returns the draft."""
    from .tasks import render_draft

    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(
            tenant=tenant, period_start=quarter.start, is_draft=True,
            defaults={"requested_by": acting_user},
        )  # fmt: skip
        if not created and is_pending(report):
            return report
        report.status, report.requested_by, report.error = ReportStatus.PENDING, acting_user, ""
        report.requested_at = timezone.now()
        report.save()
        set_progress(report.pk, 0)
        transaction.on_commit(lambda: render_draft.delay(report.pk), robust=True)
    return report


def render_draft_now(report_id):
    """The worker's side of a draft: refresh the values, lay the PDF out, store it."""
    report = Report.objects.select_related("tenant").get(pk=report_id, is_draft=True)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING)
    try:
        set_progress(report.pk, 1)
        snapshots.refresh_quarter(tenant=report.tenant, quarter=report.quarter)
        set_progress(report.pk, 2)
        pdf = render_report_pdf(report.tenant, report.quarter, draft=True)
        set_progress(report.pk, 3)
        with transaction.atomic():
            _store(Report.objects.select_for_update().get(pk=report.pk), pdf, timezone.now())
    except Exception as error:
        logger.exception("Draft report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
