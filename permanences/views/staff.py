"""Permanence management for the tenant's team (admins, case managers): sessions and monthly
templates. Bookings made, cancelled or moved on someone's behalf: permanences.views.desk."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_manage_permanences, require
from core.pages import confirm_page
from core.paging import keyset_page

from .. import services, session_services
from ..forms_staff import (
    CancelSessionForm,
    GenerateForm,
    SessionFilterForm,
    SessionForm,
    SessionTemplateForm,
    rhythm_label,
)
from ..generation import generate_sessions
from ..models import Session, SessionStatus, SessionTemplate
from ..services import BookingError

SESSIONS_PER_PAGE = 30


def _to_session(session):
    return redirect("permanences:host_session", tenant_slug=session.tenant.slug, pk=session.pk)


# Sessions


@require(can_manage_permanences)
def session_list(request, tenant_slug):
    """Every session of the tenant, upcoming first (or past), with seats taken and waiting."""
    filters = SessionFilterForm(request.GET or None, tenant=request.tenant)
    sessions = filters.filter(
        Session.objects.with_counts().select_related("departement").prefetch_related("hosts"),
        timezone.now(),
    )
    page = keyset_page(request, sessions, per_page=SESSIONS_PER_PAGE)
    return render(
        request, "permanences/staff/session_list.html", {"filters": filters, "page": page}
    )


@require(can_manage_permanences)
def session_create(request, tenant_slug):
    form = SessionForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        session = session_services.create_session(
            form=form, tenant=request.tenant, acting_user=request.user
        )
        messages.success(
            request,
            _("Permanence créée en brouillon : publiez-la pour ouvrir les inscriptions."),
        )
        return _to_session(session)
    return render(request, "permanences/staff/session_form.html", {"form": form})


@require(can_manage_permanences)
def session_edit(request, tenant_slug, pk):
    session = get_object_or_404(Session, pk=pk)
    if session.status == SessionStatus.CANCELLED:
        messages.error(request, _("Une permanence annulée ne peut plus être modifiée."))
        return _to_session(session)
    form = SessionForm(request.POST or None, instance=session, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            changed = session_services.save_session_changes(form=form, acting_user=request.user)
        except BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            if changed and session.status == SessionStatus.PUBLISHED:
                messages.success(
                    request,
                    _("Permanence mise à jour : les personnes inscrites sont prévenues."),
                )
            else:
                messages.success(request, _("Permanence mise à jour."))
            return _to_session(session)
    return render(
        request, "permanences/staff/session_form.html", {"form": form, "session": session}
    )


@require(can_manage_permanences)
@require_POST
def session_publish(request, tenant_slug, pk):
    session = get_object_or_404(Session, pk=pk)
    try:
        session = session_services.publish_session(session=session, acting_user=request.user)
    except BookingError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Permanence publiée : elle est ouverte aux inscriptions."))
    return _to_session(session)


@require(can_manage_permanences)
def session_cancel(request, tenant_slug, pk):
    session = get_object_or_404(Session.objects.select_related("departement"), pk=pk)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.HELD):
        messages.error(request, _("Cette permanence ne peut plus être annulée."))
        return _to_session(session)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                session=session, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Permanence annulée : les personnes inscrites et en attente sont prévenues."),
            )
            return _to_session(session)
    return render(
        request, "permanences/staff/session_cancel.html", {"form": form, "session": session}
    )


# Monthly templates


@require(can_manage_permanences)
def template_list(request, tenant_slug):
    today = timezone.localdate()
    templates = SessionTemplate.objects.select_related("departement").order_by(
        "departement__insee_code", "week_of_month", "weekday", "start_time"
    )
    rows = [
        (template, rhythm_label(template), GenerateForm(today=today, prefix=f"t{template.pk}"))
        for template in templates
    ]
    return render(request, "permanences/staff/template_list.html", {"rows": rows})


def _template_form(request, instance=None):
    form = SessionTemplateForm(request.POST or None, instance=instance, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        session_services.save_template(form=form, tenant=request.tenant)
        messages.success(request, _("Le rythme mensuel est enregistré."))
        return redirect("permanences:staff_template_list", tenant_slug=request.tenant.slug)
    return render(
        request, "permanences/staff/template_form.html", {"form": form, "template": instance}
    )


@require(can_manage_permanences)
def template_create(request, tenant_slug):
    return _template_form(request)


@require(can_manage_permanences)
def template_edit(request, tenant_slug, pk):
    return _template_form(request, get_object_or_404(SessionTemplate, pk=pk))


@require(can_manage_permanences)
def template_delete(request, tenant_slug, pk):
    """Delete a monthly template, once confirmed on a page of its own."""
    template = get_object_or_404(SessionTemplate.objects.select_related("departement"), pk=pk)
    if request.method != "POST" or "confirm" not in request.POST:
        return confirm_page(
            request,
            title=_("Supprimer le rythme"),
            question=_("Supprimer le rythme « %(rhythm)s » (%(departement)s) ?")
            % {"rhythm": rhythm_label(template), "departement": template.departement.name},
            consequences=[_("Les permanences qu'il a déjà préparées sont conservées.")],
            confirm_label=_("Supprimer le rythme"),
            cancel_url=reverse(
                "permanences:staff_template_list", kwargs={"tenant_slug": tenant_slug}
            ),
            crumbs=[
                (
                    _("Rythmes mensuels"),
                    reverse("permanences:staff_template_list", kwargs={"tenant_slug": tenant_slug}),
                )
            ],
        )
    session_services.delete_template(template=template)
    messages.success(
        request, _("Le rythme est supprimé ; les permanences déjà créées sont conservées.")
    )
    return redirect("permanences:staff_template_list", tenant_slug=tenant_slug)


@require(can_manage_permanences)
@require_POST
def template_generate(request, tenant_slug, pk):
    template = get_object_or_404(SessionTemplate, pk=pk)
    form = GenerateForm(request.POST, today=timezone.localdate(), prefix=f"t{template.pk}")
    if not form.is_valid():
        messages.error(request, _("Choisissez la période à préparer."))
    elif not template.is_active:
        messages.error(request, _("Ce rythme est inactif : activez-le d'abord."))
    else:
        created = generate_sessions(template=template, year=form.year)
        if created:
            messages.success(
                request,
                _(
                    "%(count)d permanences créées en brouillon : vérifiez-les, ajoutez les "
                    "hôtes, puis publiez-les."
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("Aucune permanence à créer : elles existent déjà."))
    return redirect("permanences:staff_template_list", tenant_slug=tenant_slug)
