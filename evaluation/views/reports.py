"""The tenant's report history: published quarterly reports (PDF from private storage, and the
same figures as a workbook), drafts of the running quarter rendered on demand by the worker
with their progress, and the semestrial report of a département."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import reports
from ..models import Report
from ..periods import Quarter
from ..permissions import can_read_reports, can_render_draft_report, require_evaluation
from .common import crumbs, to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_evaluation(can_read_reports)
def report_list(request, tenant_slug):
    history = list(Report.objects.filter(is_draft=False).order_by("-period_start"))
    running = Quarter.current()
    draft = Report.objects.filter(is_draft=True, period_start=running.start).first()
    pending = draft is not None and reports.is_pending(draft)
    return render(
        request,
        "evaluation/reports.html",
        {
            "history": history,
            "draft": draft,
            "draft_pending": pending,
            "progress": reports.progress(draft) if pending else None,
            "running": running,
            "can_render_draft": can_render_draft_report(request.user, request.tenant),
            "departements": request.tenant.departements.order_by("insee_code"),
            "semesters": [running.semester, running.minus(2).semester],
            "crumbs": crumbs(request),
        },
    )


@require_evaluation(can_render_draft_report)
@require_POST
def report_draft(request, tenant_slug):
    reports.request_draft(
        tenant=request.tenant, quarter=Quarter.current(), acting_user=request.user
    )
    messages.info(request, _("Le brouillon est en préparation : cette page le suit."))
    return to(request, "reports")


@require_evaluation(can_read_reports)
def report_state(request, tenant_slug, pk):
    """Where a draft is, for the history page's script (it reloads the page when it is over)."""
    report = get_object_or_404(Report, pk=pk)
    return JsonResponse(
        {
            "status": report.status,
            "pending": reports.is_pending(report),
            **reports.progress(report),
        },
        headers={"Cache-Control": "no-store"},
    )


def _filename(request, report, extension):
    kind = "brouillon" if report.is_draft else "rapport"
    return f"{kind}-{request.tenant.slug}-{report.quarter.code}.{extension}"


@require_evaluation(can_read_reports)
def report_pdf(request, tenant_slug, pk):
    report = get_object_or_404(Report, pk=pk)
    if not report.is_ready:
        raise Http404(_("Ce rapport n'est pas encore prêt."))
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Fichier introuvable.")) from missing
    response = FileResponse(
        handle, as_attachment=True, filename=_filename(request, report, "pdf"),
        content_type="application/pdf",
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@require_evaluation(can_read_reports)
def report_xlsx(request, tenant_slug, pk):
    """The report's figures as a workbook (indicators, breakdowns, budget)."""
    report = get_object_or_404(Report, pk=pk)
    content = reports.render_report_xlsx(request.tenant, report.quarter)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, report, "xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response
