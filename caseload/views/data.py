"""Imports, exports and the audit journal of the caseload (tenant pages under /<slug>/suivi/).
The person's own personal-data pages are the privacy app's (privacy.views)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import can_administer_tenant, require
from core import audit as core_audit
from core.paging import keyset_page

from .. import audit, exports, imports
from ..filters import DossierFilter
from ..forms_data import ImportConfirmForm, ImportUploadForm
from ..models import Dossier, ImportJob, ImportKind, ImportStatus, Source
from ..permissions import can_follow_dossiers

JOBS_PER_PAGE = 20
CASELOAD_EVENTS = {audit.EXPORT, audit.IMPORT, audit.ANONYMISED, audit.LINK}
EXPORT_FORMATS = {"csv", "xlsx"}
TEMPLATE_KINDS = {"contacts": ImportKind.CONTACTS, "cdom": ImportKind.CDOM}


def _to_job(job):
    return redirect("caseload:import_detail", tenant_slug=job.tenant.slug, pk=job.pk)


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# Imports


@require(can_follow_dossiers)
def import_list(request, tenant_slug):
    """Upload a file (it is previewed, nothing saved), see the recent imports, export lists."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.start_import(
            tenant=request.tenant,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
            user=request.user,
        )
        _say_how_the_preview_went(request, job)
        return _to_job(job)
    jobs = keyset_page(
        request,
        ImportJob.objects.select_related("uploaded_by").order_by("-created_at", "-pk"),
        per_page=JOBS_PER_PAGE,
    )
    filters = DossierFilter(None, queryset=Dossier.objects.none(), tenant=request.tenant)
    return render(
        request,
        "caseload/data/imports.html",
        {
            "form": form,
            "jobs": jobs,
            "filters": filters,
            "max_size": imports.size_label(imports.MAX_UPLOAD_BYTES),
            "can_read_journal": can_administer_tenant(request.user, request.tenant),
        },
    )


def _say_how_the_preview_went(request, job):
    report = job.report or {}
    if job.status == ImportStatus.FAILED:
        messages.error(request, report.get("file_error", _("Ce fichier est refusé.")))
    elif job.status == ImportStatus.PREVIEWING:
        messages.info(
            request,
            _(
                "Fichier volumineux : son aperçu est préparé en arrière-plan. Cette page "
                "affiche le résultat dès qu'il est prêt."
            ),
        )
    elif not report.get("valid_rows"):
        messages.warning(request, _nothing_to_import(report))
    else:
        messages.info(
            request,
            _("Aperçu prêt : vérifiez les lignes en erreur, puis confirmez l'import."),
        )


def _nothing_to_import(report):
    return ngettext(
        "Rien ne peut être importé : la seule ligne du fichier est en erreur. Corrigez-la dans "
        "le fichier, puis déposez-le à nouveau.",
        "Rien ne peut être importé : les %(count)d lignes du fichier sont toutes en erreur. "
        "Corrigez-les dans le fichier, puis déposez-le à nouveau.",
        report.get("error_rows", 0),
    ) % {"count": report.get("error_rows", 0)}


def _detail_context(request, job, confirm_form=None):
    report = job.report or {}
    previewing = job.status == ImportStatus.PREVIEWING
    preview_queued = previewing and imports.preview_is_queued(job)
    queued = job.status == ImportStatus.PREVIEWED and imports.is_queued(report)
    confirmable = (
        job.status == ImportStatus.PREVIEWED
        and report.get("valid_rows", 0) > 0
        and not report.get("stale")
        and not queued
        and bool(job.file)
    )
    if confirmable and confirm_form is None:
        confirm_form = ImportConfirmForm(
            initial={"fingerprint": report.get("fingerprint")}, job=job
        )
    updates = report.get("updates") or []
    dossiers = Dossier.objects.in_bulk([row["dossier"] for row in updates]) if updates else {}
    return {
        "job": job,
        "report": report,
        "confirm_form": confirm_form if confirmable else None,
        "updates": [(row["row"], dossiers.get(row["dossier"])) for row in updates],
        "result": report.get("result"),
        "queued": queued,
        "previewing": previewing,
        "preview_queued": preview_queued,
        "progress": imports.commit_progress(job) if queued or preview_queued else None,
        "nothing_to_import": (
            _nothing_to_import(report)
            if job.status == ImportStatus.PREVIEWED and not report.get("valid_rows")
            else ""
        ),
    }


@require(can_follow_dossiers)
def import_detail(request, tenant_slug, pk):
    """The preview: counts, errors by row number, columns recognised and ignored; confirm."""
    job = get_object_or_404(ImportJob.objects.select_related("uploaded_by"), pk=pk)
    return render(request, "caseload/data/import_detail.html", _detail_context(request, job))


@require(can_follow_dossiers)
def import_state(request, tenant_slug, pk):
    """Where a preview or a commit in the worker is, for the detail page's script: it reloads
    the page when the work is no longer pending (done, or refused with a message)."""
    job = get_object_or_404(ImportJob, pk=pk)
    pending = imports.preview_is_queued(job) or (
        job.status == ImportStatus.PREVIEWED and imports.is_queued(job.report or {})
    )
    return JsonResponse(
        {"status": job.status, "pending": pending, **imports.commit_progress(job)},
        headers={"Cache-Control": "no-store"},
    )


@require(can_follow_dossiers)
@require_POST
def import_confirm(request, tenant_slug, pk):
    """Commit every valid row in one transaction, or nothing (caseload.imports.commit_import)."""
    job = get_object_or_404(ImportJob, pk=pk)
    form = ImportConfirmForm(request.POST, job=job)
    if not form.is_valid():
        return render(
            request,
            "caseload/data/import_detail.html",
            _detail_context(request, job, confirm_form=form),
        )
    try:
        committed = imports.commit_or_queue(
            job=job,
            user=request.user,
            campaign=form.cleaned_data["campaign"],
            source=form.cleaned_data.get("source") or Source.CALL_CAMPAIGN,
            fingerprint=form.cleaned_data["fingerprint"],
        )
    except imports.ImportRefused as refusal:
        messages.error(request, refusal.message)
        return _to_job(job)
    if not committed:
        messages.info(
            request,
            _(
                "L'import est lancé : un fichier de cette taille peut prendre une minute ou deux. "
                "Cette page affiche le résultat dès qu'il est prêt."
            ),
        )
        return _to_job(job)
    job.refresh_from_db()
    result = job.report["result"]
    text = ngettext(
        "Import terminé : %(created)d dossier créé",
        "Import terminé : %(created)d dossiers créés",
        result["created"],
    ) % {"created": result["created"]}
    if job.kind == ImportKind.CDOM:
        text += ngettext(
            ", %(updated)d mis à jour", ", %(updated)d mis à jour", result["updated"]
        ) % {"updated": result["updated"]}
    if result["campaign"]:
        text += _(", ajoutés à la campagne « %(name)s »") % {"name": result["campaign"]}
    messages.success(request, text + ".")
    return _to_job(job)


@require(can_follow_dossiers)
@require_POST
def import_revalidate(request, tenant_slug, pk):
    """Preview the stored file again, against the dossiers as they are now."""
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        job = imports.revalidate(job)
    except imports.ImportRefused as refusal:
        messages.error(request, refusal.message)
    else:
        _say_how_the_preview_went(request, job)
    return _to_job(job)


@require(can_follow_dossiers)
def import_errors(request, tenant_slug, pk):
    """Every row error the preview found, as CSV (the page shows the first ones); the same
    after the commit, since they are the preview's, stored with the import."""
    job = get_object_or_404(ImportJob, pk=pk)
    if job.status not in (ImportStatus.PREVIEWED, ImportStatus.COMMITTED):
        raise Http404

    def rows():
        for row, errors in imports.iter_errors(job):
            yield [row, " ".join(errors)]

    core_audit.log_event(
        request.tenant.pk, request.user, audit.IMPORT_ERRORS_DOWNLOAD, job, job=job.pk
    )
    chunks = exports.csv_chunks(request.tenant, [_("ligne"), _("erreurs")], rows())
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    return _attachment(response, f"import-{job.pk}-erreurs.csv")


@require(can_follow_dossiers)
def import_template(request, tenant_slug, kind):
    if kind not in TEMPLATE_KINDS:
        raise Http404
    response = HttpResponse(
        imports.template_csv(TEMPLATE_KINDS[kind]), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, f"modele-{kind}.csv")


# Exports


def _export(request, *, list_name, fmt, build):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    try:
        dossiers, shown = exports.filtered_dossiers(request.tenant, request.GET)
    except exports.ExportFilterError as error:
        messages.error(request, error.message)
        return redirect("caseload:import_list", tenant_slug=request.tenant.slug)
    headers, rows, queryset = build(dossiers)
    audit.log_export(
        tenant=request.tenant,
        actor=request.user,
        list_name=list_name,
        fmt=fmt,
        filters=shown,
        count=queryset.count(),
    )
    stamp = timezone.localdate().isoformat()
    filename = f"{list_name}-{request.tenant.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(request.tenant, headers, rows),
            content_type="text/csv; charset=utf-8",
        )
        return _attachment(response, filename)
    title = _("Dossiers") if list_name == "dossiers" else _("Échanges")
    response = FileResponse(
        exports.xlsx_file(headers, rows, title=title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, filename)


def _dossiers(dossiers):
    headers, rows = exports.dossier_export(dossiers)
    return headers, rows, dossiers


@require(can_follow_dossiers)
def export_dossiers(request, tenant_slug, fmt):
    """The dossier list with its current filters (the list's GET parameters)."""
    return _export(request, list_name="dossiers", fmt=fmt, build=_dossiers)


@require(can_follow_dossiers)
def export_interactions(request, tenant_slug, fmt):
    """The interactions of the dossiers the current filters select."""
    return _export(request, list_name="echanges", fmt=fmt, build=exports.interaction_export)


# The audit journal


@require(can_administer_tenant)
def journal(request, tenant_slug):
    """The caseload's journal is now the tenant's (accounts' tenant admin): the old address
    keeps working, with the caseload's entries and the same filters."""
    event = request.GET.get("event", "")
    if event in CASELOAD_EVENTS:
        query = {"kind": f"e:{event}"}
    else:  # "changes", or nothing: everything of the caseload
        query = {"kind": f"{'m' if event == 'changes' else 'c'}:{audit.CATEGORY}"}
    dossier = request.GET.get("dossier", "")
    if dossier.isdigit():
        query.update(ref="dossier", ref_id=dossier)
    url = reverse("tenant_admin:journal", kwargs={"tenant_slug": tenant_slug})
    return redirect(f"{url}?{urlencode(query)}")
