""" "Aller vers" call campaigns: the list, creating one from the dossier filters, its progress,
and the call queue (the next person to call, with one-click outcomes)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import require

from .. import audit, selectors, services
from ..filters import DossierFilter
from ..forms import CallOutcomeForm, CampaignForm
from ..models import Campaign, CampaignTarget, FollowUp, Interaction, InteractionKind, Stage
from ..permissions import can_follow_dossiers, can_work_campaign
from ..services import CLAIM_MINUTES, DossierError

RECENT_INTERACTIONS = 5


def _to_campaign(campaign):
    return redirect("caseload:campaign", tenant_slug=campaign.tenant.slug, pk=campaign.pk)


def _to_queue(campaign):
    return redirect("caseload:call_queue", tenant_slug=campaign.tenant.slug, pk=campaign.pk)


def _eligible(dossiers):
    """The dossiers a campaign may call (the service applies the same rule)."""
    return dossiers.filter(do_not_call=False, anonymised_at__isnull=True).exclude(
        stage=Stage.CLOSED
    )


def _workable_campaign(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    if not can_work_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


def _target_filters(request):
    return DossierFilter(
        request.GET,
        queryset=selectors.dossiers_for_list(request.tenant, today=timezone.localdate()),
        tenant=request.tenant,
    )


@require(can_follow_dossiers)
def campaign_list(request, tenant_slug):
    campaigns = Campaign.objects.annotate(
        target_count=Count("targets", distinct=True),
        qualified_count=Count("targets", filter=Q(targets__status="qualified"), distinct=True),
    ).prefetch_related("case_managers")
    return render(request, "caseload/campaign_list.html", {"campaigns": campaigns})


@require(can_follow_dossiers)
def campaign_create(request, tenant_slug):
    """Filter the dossiers (GET), then name the campaign (POST): its targets are the dossiers
    matching the filters, except those not to be called and closed ones."""
    filters = _target_filters(request)
    form = CampaignForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        campaign = services.create_campaign(
            tenant=request.tenant,
            acting_user=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            case_managers=form.cleaned_data["case_managers"],
            dossiers=filters.qs,
        )
        count = campaign.targets.count()
        messages.success(
            request,
            ngettext(
                "Campagne créée avec %(count)d personne à appeler.",
                "Campagne créée avec %(count)d personnes à appeler.",
                count,
            )
            % {"count": count},
        )
        return _to_campaign(campaign)
    return render(
        request,
        "caseload/campaign_form.html",
        {
            "form": form,
            "filters": filters,
            "matching": _eligible(filters.qs).count(),
            "query": request.GET.urlencode(),
        },
    )


@require(can_follow_dossiers)
def campaign_detail(request, tenant_slug, pk):
    """A campaign's progress: reached, qualified, projects, installations."""
    campaign = get_object_or_404(Campaign.objects.prefetch_related("case_managers"), pk=pk)
    now = timezone.now()
    progress = selectors.campaign_progress(campaign, user=request.user, now=now)
    next_call_back = (
        CampaignTarget.objects.filter(campaign=campaign, status="call_back", call_back_at__gt=now)
        .order_by("call_back_at")
        .values_list("call_back_at", flat=True)
        .first()
    )
    return render(
        request,
        "caseload/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": progress,
            "in_queue": progress["in_queue"],
            "next_call_back": next_call_back,
            "can_work": can_work_campaign(request.user, campaign),
        },
    )


@require(can_follow_dossiers)
def campaign_add_targets(request, tenant_slug, pk):
    campaign = _workable_campaign(request, pk)
    filters = _target_filters(request)
    if request.method == "POST":
        added = services.add_targets(campaign=campaign, dossiers=filters.qs)
        messages.success(
            request,
            ngettext(
                "%(count)d personne ajoutée à la campagne.",
                "%(count)d personnes ajoutées à la campagne.",
                added,
            )
            % {"count": added},
        )
        return _to_campaign(campaign)
    return render(
        request,
        "caseload/campaign_form.html",
        {
            "campaign": campaign,
            "filters": filters,
            "matching": _eligible(filters.qs).exclude(campaign_targets__campaign=campaign).count(),
            "query": request.GET.urlencode(),
        },
    )


@require(can_follow_dossiers)
@require_POST
def campaign_toggle(request, tenant_slug, pk):
    campaign = services.toggle_campaign(campaign=_workable_campaign(request, pk))
    if campaign.is_active:
        messages.success(request, _("Campagne relancée."))
    else:
        messages.success(request, _("Campagne terminée : sa file d'appels est fermée."))
    return _to_campaign(campaign)


def _queue_context(request, campaign, target, form):
    dossier = target.dossier
    profile = audit.shown_profile(
        dossier=dossier, tenant=request.tenant, actor=request.user, via="call_queue"
    )
    now = timezone.now()
    return {
        "campaign": campaign,
        "target": target,
        "dossier": dossier,
        "form": form,
        "profile": profile,
        "interactions": Interaction.objects.filter(dossier=dossier).select_related(
            "author", "campaign"
        )[:RECENT_INTERACTIONS],
        "overdue_follow_ups": FollowUp.objects.filter(dossier=dossier)
        .overdue(timezone.localdate())
        .count(),
        "remaining": selectors.queue_size(campaign, user=request.user, now=now),
        "claim_minutes": CLAIM_MINUTES,
        "outcome_url": reverse(
            "caseload:call_outcome",
            kwargs={"tenant_slug": campaign.tenant.slug, "pk": campaign.pk, "target_pk": target.pk},
        ),
    }


@require(can_follow_dossiers)
def call_queue(request, tenant_slug, pk):
    """The next person to call, held for this case manager for CLAIM_MINUTES."""
    campaign = _workable_campaign(request, pk)
    if not campaign.is_active:
        messages.info(request, _("Cette campagne est terminée : sa file d'appels est fermée."))
        return _to_campaign(campaign)
    target = services.claim_next_target(campaign=campaign, user=request.user)
    if target is None:
        next_call_back = (
            CampaignTarget.objects.filter(
                campaign=campaign, status="call_back", call_back_at__gt=timezone.now()
            )
            .order_by("call_back_at")
            .values_list("call_back_at", flat=True)
            .first()
        )
        return render(
            request,
            "caseload/call_queue_empty.html",
            {"campaign": campaign, "next_call_back": next_call_back},
        )
    target = CampaignTarget.objects.select_related(
        "dossier__assigned_to", "dossier__target_departement", "dossier__person"
    ).get(pk=target.pk)
    return render(
        request,
        "caseload/call_queue.html",
        _queue_context(request, campaign, target, CallOutcomeForm()),
    )


@require(can_follow_dossiers)
@require_POST
def call_outcome(request, tenant_slug, pk, target_pk):
    """One click: log the call with its outcome, then on to the next person."""
    campaign = _workable_campaign(request, pk)
    target = get_object_or_404(
        CampaignTarget.objects.select_related(
            "dossier__assigned_to", "dossier__target_departement", "dossier__person"
        ),
        pk=target_pk,
        campaign=campaign,
    )
    recent = timezone.now() - timedelta(minutes=CLAIM_MINUTES)
    if target.claimed_by_id not in (None, request.user.pk) and target.claimed_at > recent:
        messages.error(
            request, _("Un(e) autre chargé(e) de mission appelle cette personne en ce moment.")
        )
        return _to_queue(campaign)
    form = CallOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.log_interaction(
                dossier=target.dossier,
                target=target,
                author=request.user,
                kind=InteractionKind.CALL,
                outcome=form.cleaned_data["outcome"],
                call_back_at=form.cleaned_data["call_back_at"],
                text=form.cleaned_data["text"],
            )
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Appel enregistré pour %(name)s.") % {"name": target.dossier.display_name},
            )
            return _to_queue(campaign)
    return render(
        request,
        "caseload/call_queue.html",
        _queue_context(request, campaign, target, form),
    )


@require(can_follow_dossiers)
@require_POST
def call_release(request, tenant_slug, pk, target_pk):
    """Stop calling: the person held for me goes back to the queue for the others."""
    campaign = _workable_campaign(request, pk)
    target = get_object_or_404(CampaignTarget, pk=target_pk, campaign=campaign)
    services.release_claim(target=target, user=request.user)
    messages.info(request, _("Vous avez quitté la file d'appels."))
    return _to_campaign(campaign)
