"""Interactions (calls, e-mails, meetings, notes) and what they change: the dossier's stage and
next action, the campaign target's status and call-back."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from ..models import (
    CampaignTarget,
    Interaction,
    InteractionKind,
    Outcome,
    Stage,
    TargetStatus,
)
from .base import DossierError, _advance_to, _lock, _save
from .campaigns import FINAL_TARGET_STATUSES

# Where a call outcome leaves the campaign target.
TARGET_STATUS_FOR_OUTCOME = {
    Outcome.REACHED: TargetStatus.REACHED,
    Outcome.NOT_REACHED: TargetStatus.PENDING,
    Outcome.CALL_BACK: TargetStatus.CALL_BACK,
    Outcome.NOT_INTERESTED: TargetStatus.NOT_INTERESTED,
    Outcome.QUALIFIED: TargetStatus.QUALIFIED,
    Outcome.DO_NOT_CALL: TargetStatus.DO_NOT_CALL,
}
# Outcomes that prove the person was reached (a dossier "to contact" becomes "contacted").
REACHED_OUTCOMES = {
    Outcome.REACHED,
    Outcome.QUALIFIED,
    Outcome.NOT_INTERESTED,
    Outcome.DO_NOT_CALL,
}


# Interactions


def _call_back_label(call_back_at):
    local = timezone.localtime(call_back_at)
    return _("Rappeler le %(date)s à %(time)s") % {
        "date": date_format(local, "MONTH_DAY_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
    }


def log_interaction(
    *,
    dossier,
    kind,
    author,
    outcome="",
    text="",
    occurred_at=None,
    call_back_at=None,
    shareable=False,
    target=None,
    now=None,
):
    """Record a call, e-mail, meeting… and what it changes.

    - "call back on …" sets the dossier's next action and the campaign target's call-back
      date, so the person comes back in the call queue then;
    - "do not call" flags the dossier: no campaign queue offers it again;
    - an outcome that proves the person was reached moves a dossier "to contact" on to
      "contacted", and a qualified project to "project maturing";
    - a call made from a campaign (`target`) counts as an attempt and releases the claim.
      Logged from the dossier page, the outcome also updates the dossier's open targets in
      running campaigns, so the queue never calls someone who just said no.
    """
    now = now or timezone.now()
    occurred_at = occurred_at or now
    call_back_at = _checked_call_back(outcome, call_back_at, now)
    if target is not None and target.dossier_id != dossier.pk:
        raise ValueError("the target belongs to another dossier")

    with transaction.atomic():
        locked = _lock(dossier)
        interaction = Interaction.objects.create(
            tenant_id=locked.tenant_id,
            dossier=locked,
            campaign_id=target.campaign_id if target is not None else None,
            kind=kind,
            occurred_at=occurred_at,
            author=author,
            outcome=outcome,
            call_back_at=call_back_at,
            text=text,
            shareable=shareable,
        )
        changed = _apply_outcome(locked, outcome, call_back_at, author=author, now=now)
        if changed:
            _save(locked, sorted(set(changed)))
        if outcome:
            _update_targets(
                locked,
                target,
                outcome=outcome,
                kind=kind,
                at=occurred_at,
                call_back_at=call_back_at,
            )
    return interaction


def _checked_call_back(outcome, call_back_at, now):
    """The call-back date an outcome keeps (only "call back" keeps one, in the future)."""
    if outcome and outcome not in Outcome.values:
        raise DossierError("bad_outcome", _("Résultat inconnu."))
    if outcome != Outcome.CALL_BACK:
        return None
    if call_back_at is None:
        raise DossierError("call_back_required", _("Indiquez quand rappeler la personne."))
    if call_back_at <= now:
        raise DossierError("call_back_past", _("La date de rappel doit être dans le futur."))
    return call_back_at


def _apply_outcome(dossier, outcome, call_back_at, *, author, now):
    """What an outcome changes on the (locked) dossier; returns the changed field names."""
    changed = []
    if outcome == Outcome.CALL_BACK:
        dossier.next_action = _call_back_label(call_back_at)
        dossier.next_action_on = timezone.localdate(call_back_at)
        changed += ["next_action", "next_action_on"]
    elif outcome and dossier.next_action_on and dossier.next_action_on <= timezone.localdate(now):
        # The call the dossier was waiting for has happened.
        dossier.next_action, dossier.next_action_on = "", None
        changed += ["next_action", "next_action_on"]
    if outcome == Outcome.DO_NOT_CALL and not dossier.do_not_call:
        dossier.do_not_call = True
        changed.append("do_not_call")
    if outcome in REACHED_OUTCOMES:
        changed += _advance_to(dossier, Stage.CONTACTED, acting_user=author)
    if outcome == Outcome.QUALIFIED:
        changed += _advance_to(dossier, Stage.MATURING, acting_user=author)
    return changed


def _update_targets(dossier, target, *, outcome, kind, at, call_back_at):
    if target is not None:
        targets = CampaignTarget.objects.filter(pk=target.pk)
    else:
        targets = CampaignTarget.objects.filter(dossier=dossier, campaign__is_active=True).exclude(
            status__in=FINAL_TARGET_STATUSES
        )
    for locked in targets.select_for_update(of=("self",)):
        locked.status = TARGET_STATUS_FOR_OUTCOME[Outcome(outcome)]
        locked.call_back_at = call_back_at
        locked.claimed_by, locked.claimed_at = None, None
        fields = ["status", "call_back_at", "claimed_by", "claimed_at"]
        if kind == InteractionKind.CALL:
            locked.attempts = F("attempts") + 1
            locked.last_attempt_at = at
            fields += ["attempts", "last_attempt_at"]
        locked.save(update_fields=fields)
