"""Conventions: the list (status, what is due next, next meeting), the page (parties, timeline,
governance, meetings, annexes, documents) and their forms."""

from decimal import Decimal

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require

from .. import services
from ..forms import CadenceFormSet, ConventionForm, MilestoneFormSet, PartyFormSet
from ..models import Annex, BudgetNature, Convention, ConventionParty, Meeting, PartyRole
from ..permissions import can_edit_conventions, can_read_conventions
from .common import can_edit, crumbs_for, form_page, tenant_url, to


@require(can_read_conventions)
def convention_list(request, tenant_slug):
    """Every convention with its status today, its next milestone and its next meeting."""
    now = timezone.now()
    today = timezone.localdate()
    conventions = list(
        Convention.objects.select_related("amends").prefetch_related(
            "milestones",
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(starts_at__gte=now).order_by("starts_at"),
                to_attr="upcoming_meetings",
            ),
        )
    )
    for convention in conventions:
        convention.status_today = convention.current_status(today)
        convention.next_due = convention.next_milestone(today)
        convention.next_meeting = (convention.upcoming_meetings or [None])[0]
    return render(
        request,
        "conventions/convention_list.html",
        {
            "conventions": conventions,
            "today": today,
            "crumbs": [],
            "can_edit": can_edit(request),
        },
    )


ROLE_ORDER = {PartyRole.SIGNATORY: 0, PartyRole.FUNDER: 1, PartyRole.PARTNER: 2}


def party_groups(parties):
    """Signatories, then funders, then partners; partners with the same role and the same
    commitments (the three CDOM, the three CPAM…) in one group, so each text is shown once."""
    groups = {}
    for party in sorted(parties, key=lambda p: (ROLE_ORDER[p.role], p.partner.name)):
        key = (party.role, party.representative, party.commitments)
        groups.setdefault(key, []).append(party)
    return list(groups.values())


@require(can_read_conventions)
def convention_detail(request, tenant_slug, pk):
    now = timezone.now()
    today = timezone.localdate()
    convention = get_object_or_404(
        Convention.objects.select_related("amends").prefetch_related(
            "milestones",
            "cadences",
            "amendments",
            "documents",
            Prefetch(
                "parties",
                queryset=ConventionParty.objects.select_related("partner").prefetch_related(
                    "partner__contacts"
                ),
            ),
            Prefetch(
                "annexes",
                queryset=Annex.objects.prefetch_related("budget_lines"),
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.prefetch_related("attendees").order_by("starts_at"),
            ),
        ),
        pk=pk,
    )
    meetings = list(convention.meetings.all())
    upcoming = [meeting for meeting in meetings if meeting.starts_at >= now]
    past = [meeting for meeting in meetings if meeting.starts_at < now]
    for cadence in convention.cadences.all():
        cadence.convention = convention
    annexes = list(convention.annexes.all())
    for annex in annexes:
        funding = [line for line in annex.budget_lines.all() if line.nature == BudgetNature.FUNDING]
        annex.funding_total = sum((line.amount for line in funding), Decimal("0"))
        years = sorted({line.year for line in funding if line.year})
        annex.funding_years = (years[0], years[-1]) if years else None
    return render(
        request,
        "conventions/convention_detail.html",
        {
            "convention": convention,
            "status": convention.current_status(today),
            "timeline": convention.timeline(today),
            "next_due": convention.next_milestone(today),
            "next_meeting": upcoming[0] if upcoming else None,
            "upcoming_meetings": upcoming,
            "past_meetings": list(reversed(past)),
            "cadences": [cadence.follow_up(meetings, now) for cadence in convention.cadences.all()],
            "annexes": annexes,
            "party_groups": party_groups(convention.parties.all()),
            "today": today,
            "crumbs": crumbs_for(request),
            "can_edit": can_edit(request),
        },
    )


def _convention_form_page(request, convention=None):
    form = ConventionForm(request.POST or None, instance=convention, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        convention = services.save_convention(form=form)
        messages.success(request, _("Convention enregistrée."))
        return to(request, "detail", pk=convention.pk)
    crumbs = crumbs_for(request, convention) if convention else crumbs_for(request)
    return form_page(
        request,
        title=_("Modifier la convention") if convention else _("Ajouter une convention"),
        intro=_(
            "Le statut se déduit des dates : brouillon avant la signature, en vigueur entre "
            "l'entrée en vigueur et la fin, échue ensuite."
        ),
        crumbs=crumbs,
        cancel_url=tenant_url(request, "detail", pk=convention.pk)
        if convention
        else tenant_url(request, "list"),
        form=form,
    )


@require(can_edit_conventions)
def convention_create(request, tenant_slug):
    return _convention_form_page(request)


@require(can_edit_conventions)
def convention_edit(request, tenant_slug, pk):
    return _convention_form_page(request, get_object_or_404(Convention, pk=pk))


@require(can_edit_conventions)
def convention_parties(request, tenant_slug, pk):
    """The parties, their roles and commitments, on one page."""
    convention = get_object_or_404(Convention, pk=pk)
    parties = PartyFormSet(
        request.POST or None,
        instance=convention,
        prefix="parties",
        form_kwargs={"tenant": request.tenant},
        queryset=ConventionParty.objects.select_related("partner"),
    )
    if request.method == "POST" and parties.is_valid():
        services.save_parties(formset=parties)
        messages.success(request, _("Parties et engagements enregistrés."))
        return to(request, "detail", pk=convention.pk)
    return form_page(
        request,
        title=_("Parties et engagements"),
        intro=_(
            "Un partenaire peut figurer deux fois s'il a deux rôles (par exemple signataire et "
            "financeur). Ajoutez d'abord les partenaires manquants dans la liste des partenaires."
        ),
        crumbs=crumbs_for(request, convention),
        cancel_url=tenant_url(request, "detail", pk=convention.pk),
        formsets=[(_("Parties"), parties, _("Partie"))],
    )


@require(can_edit_conventions)
def convention_schedule(request, tenant_slug, pk):
    """Milestones and the rhythm of the meetings the convention requires."""
    convention = get_object_or_404(Convention, pk=pk)
    milestones = MilestoneFormSet(request.POST or None, instance=convention, prefix="jalons")
    cadences = CadenceFormSet(request.POST or None, instance=convention, prefix="rythmes")
    if request.method == "POST" and milestones.is_valid() and cadences.is_valid():
        services.save_schedule(milestones=milestones, cadences=cadences)
        messages.success(request, _("Jalons et rythme des réunions enregistrés."))
        return to(request, "detail", pk=convention.pk)
    return form_page(
        request,
        title=_("Jalons et rythme des réunions"),
        intro=_(
            "Un jalon a une échéance, ou un nombre de mois après le début de la convention "
            "(l'événement de départ s'il y en a un) : sa date se calcule alors d'elle-même."
        ),
        crumbs=crumbs_for(request, convention),
        cancel_url=tenant_url(request, "detail", pk=convention.pk),
        formsets=[
            (_("Jalons"), milestones, _("Jalon")),
            (_("Rythme des réunions"), cadences, _("Rythme")),
        ],
    )
