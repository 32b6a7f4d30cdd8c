"""Signed documents: uploaded by admins, downloaded by the tenant's staff through this view only
(the tenant scope makes another tenant's document a 404)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.permissions import require
from core.audit import log_event

from .. import services
from ..audit import DOCUMENT_DOWNLOAD
from ..forms import DocumentForm
from ..models import Convention, ConventionDocument
from ..permissions import can_edit_conventions, can_read_conventions
from .common import crumbs_for, form_page, tenant_url, to


@require(can_edit_conventions)
def document_upload(request, tenant_slug, pk):
    convention = get_object_or_404(Convention, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_document(
            convention=convention,
            title=form.cleaned_data["title"],
            uploaded_file=form.cleaned_data["file"],
            uploaded_by=request.user,
        )
        messages.success(request, _("Document ajouté."))
        return to(request, "detail", pk=convention.pk)
    return form_page(
        request,
        title=_("Ajouter un document signé"),
        intro=_("Le document n'est visible que par l'équipe de l'espace, jamais publié."),
        crumbs=crumbs_for(request, convention),
        cancel_url=tenant_url(request, "detail", pk=convention.pk),
        form=form,
    )


@require(can_read_conventions)
def document_download(request, tenant_slug, pk):
    document = get_object_or_404(ConventionDocument, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Fichier introuvable.")) from missing
    log_event(
        request.tenant.pk, request.user, DOCUMENT_DOWNLOAD, document,
        convention=document.convention_id,
    )  # fmt: skip
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require(can_edit_conventions)
def document_delete(request, tenant_slug, pk):
    document = get_object_or_404(ConventionDocument.objects.select_related("convention"), pk=pk)
    convention = document.convention
    if request.method == "POST":
        services.delete_document(document=document)
        messages.success(request, _("Document supprimé."))
        return to(request, "detail", pk=convention.pk)
    return render(
        request,
        "conventions/confirm_delete.html",
        {
            "page_title": _("Supprimer le document"),
            "question": _("Supprimer le document « %(title)s » ?") % {"title": document.title},
            "crumbs": crumbs_for(request, convention),
            "cancel_url": tenant_url(request, "detail", pk=convention.pk),
        },
    )
