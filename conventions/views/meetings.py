"""Meetings of a convention, with their decisions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.permissions import require

from .. import services
from ..forms import DecisionFormSet, MeetingForm
from ..models import Convention, Meeting
from ..permissions import can_edit_conventions, can_read_conventions
from .common import can_edit, crumbs_for, form_page, tenant_url, to


@require(can_read_conventions)
def meeting_detail(request, tenant_slug, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related("convention", "annex").prefetch_related("attendees"),
        pk=pk,
    )
    return render(
        request,
        "conventions/meeting_detail.html",
        {
            "meeting": meeting,
            "convention": meeting.convention,
            "decisions": meeting.decisions.select_related("owner_partner"),
            "crumbs": crumbs_for(request, meeting.convention),
            "can_edit": can_edit(request),
        },
    )


def _meeting_form_page(request, convention, meeting=None):
    form = MeetingForm(request.POST or None, instance=meeting, convention=convention)
    decisions = DecisionFormSet(
        request.POST or None,
        instance=form.instance,
        prefix="decisions",
        form_kwargs={"tenant": request.tenant},
    )
    if request.method == "POST" and form.is_valid() and decisions.is_valid():
        meeting = services.save_meeting(form=form, decisions=decisions)
        messages.success(request, _("Réunion enregistrée."))
        return to(request, "meeting_detail", pk=meeting.pk)
    crumbs = crumbs_for(request, convention)
    if meeting is not None:
        crumbs.append((str(meeting), tenant_url(request, "meeting_detail", pk=meeting.pk)))
    return form_page(
        request,
        title=_("Modifier la réunion") if meeting else _("Ajouter une réunion"),
        crumbs=crumbs,
        cancel_url=tenant_url(request, "meeting_detail", pk=meeting.pk)
        if meeting
        else tenant_url(request, "detail", pk=convention.pk),
        form=form,
        formsets=[(_("Décisions"), decisions, _("Décision"))],
    )


@require(can_edit_conventions)
def meeting_create(request, tenant_slug, pk):
    return _meeting_form_page(request, get_object_or_404(Convention, pk=pk))


@require(can_edit_conventions)
def meeting_edit(request, tenant_slug, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("convention"), pk=pk)
    return _meeting_form_page(request, meeting.convention, meeting)


@require(can_edit_conventions)
def meeting_delete(request, tenant_slug, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("convention"), pk=pk)
    convention = meeting.convention
    if request.method == "POST":
        services.delete_meeting(meeting=meeting)
        messages.success(request, _("Réunion supprimée."))
        return to(request, "detail", pk=convention.pk)
    return render(
        request,
        "conventions/confirm_delete.html",
        {
            "page_title": _("Supprimer la réunion"),
            "question": _("Supprimer la réunion « %(meeting)s » et ses décisions ?")
            % {"meeting": meeting},
            "crumbs": crumbs_for(request, convention),
            "cancel_url": tenant_url(request, "meeting_detail", pk=meeting.pk),
        },
    )
