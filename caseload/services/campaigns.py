""" "Aller vers" call campaigns: the campaign and its targets, the call queue's claims."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import (
    Campaign,
    CampaignTarget,
    Dossier,
    Stage,
    TargetStatus,
)

# How long a case manager keeps the person the call queue gave them before another may get it.
CLAIM_MINUTES = 15

# Targets nobody should call again in this campaign.
FINAL_TARGET_STATUSES = [
    TargetStatus.NOT_INTERESTED,
    TargetStatus.QUALIFIED,
    TargetStatus.DO_NOT_CALL,
]


# Call campaigns


def create_campaign(*, tenant, name, acting_user, description="", case_managers=(), dossiers=None):
    """A campaign and its target list (dossiers picked with the list's filters)."""
    with transaction.atomic():
        campaign = Campaign.objects.create(tenant=tenant, name=name, description=description)
        campaign.case_managers.set(case_managers)
        if dossiers is not None:
            add_targets(campaign=campaign, dossiers=dossiers)
    return campaign


def add_targets(*, campaign, dossiers):
    """Put dossiers in the campaign's queue, skipping those already there, closed, anonymised
    or not to be called; returns how many were added. `dossiers`: a queryset or pks."""
    if not hasattr(dossiers, "values_list"):
        dossiers = Dossier.objects.filter(pk__in=list(dossiers))
    eligible = (
        dossiers.filter(tenant=campaign.tenant, do_not_call=False, anonymised_at__isnull=True)
        .exclude(stage=Stage.CLOSED)
        .exclude(campaign_targets__campaign=campaign)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        before = CampaignTarget.objects.filter(campaign=campaign).count()
        CampaignTarget.objects.bulk_create(
            (
                CampaignTarget(tenant=campaign.tenant, campaign=campaign, dossier_id=pk)
                for pk in eligible.iterator()
            ),
            batch_size=1000,
            ignore_conflicts=True,  # a concurrent add of the same dossier
        )
        return CampaignTarget.objects.filter(campaign=campaign).count() - before


def claim_next_target(*, campaign, user, now=None):
    """The person this case manager should call now, reserved for them for CLAIM_MINUTES.

    The one they already hold comes first (a reload shows the same person). Otherwise the head
    of the queue is locked with SKIP LOCKED: two case managers asking at the same moment each
    get a different row, and once committed the claim hides it from the other's queue.
    """
    from ..selectors import call_queue

    now = now or timezone.now()
    queue = call_queue(campaign, user=user, now=now)
    with transaction.atomic():
        mine = queue.filter(claimed_by=user, claimed_at__gt=now - timedelta(minutes=CLAIM_MINUTES))
        held = mine.select_for_update(skip_locked=True, of=("self",)).first()
        if held is not None:
            return held
        target = queue.select_for_update(skip_locked=True, of=("self",)).first()
        if target is None:
            return None
        target.claimed_by, target.claimed_at = user, now
        target.save(update_fields=["claimed_by", "claimed_at"])
    return target


def release_claim(*, target, user):
    """Give the person back to the queue (the case manager stops calling)."""
    CampaignTarget.objects.filter(pk=target.pk, claimed_by=user).update(
        claimed_by=None, claimed_at=None
    )


def toggle_campaign(*, campaign):
    """End a running campaign (its call queue closes) or start an ended one again; returns
    the campaign with its new state."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        locked.is_active = not locked.is_active
        locked.save(update_fields=["is_active"])
    return locked
