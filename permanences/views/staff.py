"""Permanence management for the tenant's team (admins, case managers): sessions and monthly
templates. Bookings made, cancelled or moved on someone's behalf: permanences.views.desk."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_manage_permanences, require

from .. import audit, services
from ..forms_staff import (
    CancelSessionForm,
    GenerateForm,
    SessionFilterForm,
    SessionForm,
    SessionTemplateForm,
    rhythm_label,
)
from ..generation import generate_sessions
from ..models import BookingStatus, Session, SessionStatus, SessionTemplate
from ..services import BookingError

# What registrants must hear about when staff change it on a published session.
NOTIFIED_FIELDS = ["starts_at", "ends_at", "mode", "place", "video_link"]
SESSIONS_PER_PAGE = 30


class _Refused(Exception):
    """A change refused once the session is locked: roll back and tell the user why."""


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
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "permanences/staff/session_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@require(can_manage_permanences)
def session_create(request, tenant_slug):
    form = SessionForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.tenant = request.tenant
        session.status = SessionStatus.DRAFT
        with transaction.atomic():
            session.save()
            form.save_m2m()
            audit.log(session, request.user, audit.SESSION_CREATED)
        messages.success(
            request,
            _("Permanence créée en brouillon : publiez-la pour ouvrir les inscriptions."),
        )
        return _to_session(session)
    return render(request, "permanences/staff/session_form.html", {"form": form})


def _save_session(form, *, acting_user):
    """Save staff's changes with the session locked: refuse a change that would leave a
    confirmed person without a seat or slot, promote people waiting when seats open up, and
    tell registrants when the date, time, place or link of a published session changed."""
    session = form.instance
    with transaction.atomic():
        locked = services.lock_session(session.pk)
        if locked.status == SessionStatus.CANCELLED:
            raise _Refused(_("Cette permanence a été annulée entre-temps."))
        confirmed = list(
            locked.bookings.filter(status=BookingStatus.CONFIRMED).values_list(
                "slot_index", flat=True
            )
        )
        if len(confirmed) > session.seats:
            raise _Refused(
                _(
                    "%(count)d personnes ont déjà une place confirmée : annulez ou déplacez "
                    "des inscriptions avant de réduire le nombre de places."
                )
                % {"count": len(confirmed)}
            )
        if session.has_slots and any(
            index is not None and index >= session.slot_count for index in confirmed
        ):
            raise _Refused(
                _(
                    "Des personnes occupent des créneaux qui disparaîtraient avec ces horaires : "
                    "déplacez-les d'abord."
                )
            )
        changed = [
            name for name in NOTIFIED_FIELDS if getattr(locked, name) != getattr(session, name)
        ]
        more_seats = session.seats > locked.seats
        # Keep what was written since the form was read (status, revision) as it is now.
        session.status, session.revision = locked.status, locked.revision
        form.save()
        notified = session.status == SessionStatus.PUBLISHED and bool(changed)
        if notified:
            services.session_changed(session=session, acting_user=acting_user)  # fills too
        elif more_seats:
            services.fill_from_waiting_list(services.lock_session(session.pk))
        if form.has_changed():
            audit.log(
                session, acting_user, audit.SESSION_CHANGED,
                fields=form.changed_data, notified=notified,
            )  # fmt: skip
    return changed


@require(can_manage_permanences)
def session_edit(request, tenant_slug, pk):
    session = get_object_or_404(Session, pk=pk)
    if session.status == SessionStatus.CANCELLED:
        messages.error(request, _("Une permanence annulée ne peut plus être modifiée."))
        return _to_session(session)
    form = SessionForm(request.POST or None, instance=session, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            changed = _save_session(form, acting_user=request.user)
        except (_Refused, BookingError) as refusal:
            form.add_error(None, getattr(refusal, "message", str(refusal)))
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
        with transaction.atomic():
            session = services.lock_session(session.pk)
            if session.status != SessionStatus.DRAFT:
                raise _Refused(_("Seule une permanence en brouillon peut être publiée."))
            if session.starts_at <= timezone.now():
                raise _Refused(_("Cette permanence a déjà eu lieu : elle ne peut être publiée."))
            session.status = SessionStatus.PUBLISHED
            session.save(update_fields=["status"])
            audit.log(session, request.user, audit.SESSION_PUBLISHED)
    except (_Refused, BookingError) as refusal:
        messages.error(request, getattr(refusal, "message", str(refusal)))
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
        template = form.save(commit=False)
        template.tenant = request.tenant
        template.save()
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
@require_POST
def template_delete(request, tenant_slug, pk):
    template = get_object_or_404(SessionTemplate, pk=pk)
    template.delete()
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
