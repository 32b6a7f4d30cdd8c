"""Partners: list, page, creation and edition with contacts, CSV/XLSX export, import with a
preview."""

import base64
import uuid

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.permissions import require
from core.audit import log_event

from .. import services
from ..audit import PARTNERS_EXPORT
from ..forms import ContactFormSet, PartnerForm, PartnerImportForm
from ..models import BudgetLine, ConventionParty, Partner
from ..permissions import can_edit_conventions, can_read_conventions
from .common import can_edit, crumbs_for, form_page, tenant_url, to

IMPORT_SESSION_KEY = "conventions_partner_import"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require(can_read_conventions)
def partner_list(request, tenant_slug):
    """Every partner of the tenant, with its contacts."""
    partners = (
        Partner.objects.select_related("departement")
        .prefetch_related("contacts")
        .annotate(party_count=Count("parties"))
    )
    return render(
        request,
        "conventions/partner_list.html",
        {
            "partners": partners,
            "crumbs": crumbs_for(request),
            "can_edit": can_edit(request),
        },
    )


@require(can_read_conventions)
def partner_detail(request, tenant_slug, pk):
    partner = get_object_or_404(
        Partner.objects.select_related("departement").prefetch_related("contacts"), pk=pk
    )
    parties = ConventionParty.objects.filter(partner=partner).select_related("convention")
    funded = (
        BudgetLine.objects.filter(funder=partner)
        .select_related("annex", "annex__convention")
        .order_by("annex__convention__title", "annex__number", "year")
    )
    return render(
        request,
        "conventions/partner_detail.html",
        {
            "partner": partner,
            "parties": parties,
            "funded": funded,
            "crumbs": crumbs_for(request) + [(_("Partenaires"), tenant_url(request, "partners"))],
            "can_edit": can_edit(request),
        },
    )


def _partner_form_page(request, partner=None):
    form = PartnerForm(request.POST or None, instance=partner, tenant=request.tenant)
    contacts = ContactFormSet(request.POST or None, instance=form.instance, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        partner = services.save_partner(form=form, contacts=contacts)
        messages.success(request, _("Partenaire enregistré."))
        return to(request, "partner_detail", pk=partner.pk)
    crumbs = crumbs_for(request) + [(_("Partenaires"), tenant_url(request, "partners"))]
    if partner is not None:
        crumbs.append((str(partner), tenant_url(request, "partner_detail", pk=partner.pk)))
    return form_page(
        request,
        title=_("Modifier le partenaire") if partner else _("Ajouter un partenaire"),
        crumbs=crumbs,
        cancel_url=tenant_url(request, "partner_detail", pk=partner.pk)
        if partner
        else tenant_url(request, "partners"),
        form=form,
        formsets=[(_("Contacts"), contacts, _("Contact"))],
    )


@require(can_edit_conventions)
def partner_create(request, tenant_slug):
    return _partner_form_page(request)


@require(can_edit_conventions)
def partner_edit(request, tenant_slug, pk):
    return _partner_form_page(request, get_object_or_404(Partner, pk=pk))


@require(can_read_conventions)
def partner_export(request, tenant_slug, extension):
    content = services.export_partners(request.tenant, extension)
    log_event(
        request.tenant.pk, request.user, PARTNERS_EXPORT, request.tenant,
        format=extension, count=Partner.objects.count(),
    )  # fmt: skip
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = (
        f'attachment; filename="partenaires-{request.tenant.slug}.{extension}"'
    )
    return response


@require(can_edit_conventions)
def partner_import(request, tenant_slug):
    """Upload a file and see what it would do, row by row; confirm to import it all, or nothing
    if a row is in error. The file waits in the session between the preview and the
    confirmation, tied to this tenant."""
    form = PartnerImportForm()
    crumbs = crumbs_for(request) + [(_("Partenaires"), tenant_url(request, "partners"))]
    context = {"crumbs": crumbs, "form": form}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        pending = request.session.get(IMPORT_SESSION_KEY) or {}
        if (
            pending.get("token") != request.POST.get("token")
            or pending.get("tenant") != request.tenant.pk
        ):
            messages.error(request, _("Cet aperçu a expiré : déposez le fichier à nouveau."))
            return to(request, "partner_import")
        content = base64.b64decode(pending["content"])
        try:
            report = services.apply_partner_import(
                tenant=request.tenant, content=content, extension=pending["extension"]
            )
        except services.ImportFileError as error:
            messages.error(request, error.message)
            return to(request, "partner_import")
        if report.has_errors:
            context.update(report=report, filename=pending.get("filename"))
            messages.error(request, _("Rien n'a été importé : corrigez les lignes en erreur."))
            return render(request, "conventions/partner_import.html", context)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request,
            _("Import terminé : %(new)d partenaire(s) ajouté(s), %(update)d mis à jour.")
            % {"new": report.count("new"), "update": report.count("update")},
        )
        return to(request, "partners")
    if request.method == "POST":
        form = PartnerImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                report = services.preview_partner_import(
                    tenant=request.tenant, content=content, extension=form.extension
                )
            except services.ImportFileError as error:
                form.add_error("file", error.message)
            else:
                token = uuid.uuid4().hex
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "tenant": request.tenant.pk,
                    "extension": form.extension,
                    "filename": upload.name,
                    "content": base64.b64encode(content).decode("ascii"),
                }
                context.update(report=report, token=token, filename=upload.name)
    return render(request, "conventions/partner_import.html", context)
