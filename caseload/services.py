"""Writes of the caseload app: dossiers, their stage and case manager, interactions, call
campaigns and their queue, installations and the 12-month follow-up.

Every function takes keyword arguments only and runs in one transaction. A stage or case
manager change leaves a StageChange or AssignmentChange row, so the dossier's history is
complete. Any write to a dossier row bumps its `version`: an edit made from a stale page is
refused (optimistic concurrency) rather than silently overwriting someone else's work.
Errors a user must read are DossierError(code, message), the message already translated.
"""

import calendar
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from accounts.models.tenants import default_follow_up_months

from .follow_up_survey import queue_survey
from .models import (
    AssignmentChange,
    Campaign,
    CampaignTarget,
    ClosedReason,
    Dossier,
    FollowUp,
    FollowUpTopic,
    InstallationOutcome,
    Interaction,
    InteractionKind,
    Outcome,
    Stage,
    StageChange,
    TargetStatus,
)
from .permissions import can_be_assigned

# How long a case manager keeps the person the call queue gave them before another may get it.
CLAIM_MINUTES = 15

# Fields the dossier form edits; the stage and the case manager have their own services.
EDITABLE_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "rpps",
    "specialty",
    "diploma_year",
    "faculty",
    "source",
    "target_departement",
    "target_commune",
    "practice_mode",
    "zone_type",
    "tags",
    "next_action",
    "next_action_on",
    "do_not_call",
]

# Where a call outcome leaves the campaign target.
TARGET_STATUS_FOR_OUTCOME = {
    Outcome.REACHED: TargetStatus.REACHED,
    Outcome.NOT_REACHED: TargetStatus.PENDING,
    Outcome.CALL_BACK: TargetStatus.CALL_BACK,
    Outcome.NOT_INTERESTED: TargetStatus.NOT_INTERESTED,
    Outcome.QUALIFIED: TargetStatus.QUALIFIED,
    Outcome.DO_NOT_CALL: TargetStatus.DO_NOT_CALL,
}
# Targets nobody should call again in this campaign.
FINAL_TARGET_STATUSES = [
    TargetStatus.NOT_INTERESTED,
    TargetStatus.QUALIFIED,
    TargetStatus.DO_NOT_CALL,
]
# Outcomes that prove the person was reached (a dossier "to contact" becomes "contacted").
REACHED_OUTCOMES = {
    Outcome.REACHED,
    Outcome.QUALIFIED,
    Outcome.NOT_INTERESTED,
    Outcome.DO_NOT_CALL,
}
FUNNEL = list(Stage.values)

# The topics each touchpoint of the follow-up opens with (annex 3); the case manager ticks the
# ones actually covered when marking it done.
DEFAULT_TOPICS = {
    1: [FollowUpTopic.ACCOUNTING, FollowUpTopic.HEALTH_INSURANCE, FollowUpTopic.SUBSIDIES],
    3: [FollowUpTopic.ACCOUNTING, FollowUpTopic.TAXES, FollowUpTopic.EMPLOYER],
    6: [FollowUpTopic.TAXES, FollowUpTopic.EMPLOYER, FollowUpTopic.SUBSIDIES],
    12: [FollowUpTopic.TAXES, FollowUpTopic.ACCOUNTING, FollowUpTopic.ORGANISATION],
}
ALL_CORE_TOPICS = [
    FollowUpTopic.ACCOUNTING,
    FollowUpTopic.TAXES,
    FollowUpTopic.EMPLOYER,
    FollowUpTopic.SUBSIDIES,
]


class DossierError(Exception):
    """A caseload write refused for a reason the user must read (already translated)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def stale_error():
    return DossierError(
        "stale",
        _(
            "Ce dossier a été modifié par quelqu'un d'autre entre-temps : vos modifications "
            "n'ont pas été enregistrées. Rechargez la page pour voir la version à jour, puis "
            "recommencez."
        ),
    )


def _duplicate_error():
    return DossierError(
        "duplicate",
        _("Un autre dossier de l'espace a déjà cette adresse e-mail ou ce numéro RPPS."),
    )


def _lock(dossier):
    """The dossier's row, locked for the rest of the transaction and read fresh."""
    return Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)


def _save(dossier, fields):
    dossier.version = F("version") + 1
    dossier.save(update_fields=[*fields, "version", "updated_at"])
    dossier.refresh_from_db(fields=["version"])


def _set_stage(dossier, to_stage, *, acting_user, reason=""):
    """Move a locked dossier to `to_stage` and record it; returns the changed field names."""
    from_stage = dossier.stage
    dossier.stage = to_stage
    if to_stage == Stage.CLOSED:
        dossier.closed_reason = reason
        dossier.closed_at = timezone.now()
    else:
        dossier.closed_reason = ""
        dossier.closed_at = None
    StageChange.objects.create(
        tenant_id=dossier.tenant_id,
        dossier=dossier,
        from_stage=from_stage,
        to_stage=to_stage,
        reason=reason if to_stage == Stage.CLOSED else "",
        changed_by=acting_user,
    )
    return ["stage", "closed_reason", "closed_at"]


def _advance_to(dossier, to_stage, *, acting_user):
    """Move forward in the funnel only (never back, never out of "closed")."""
    if dossier.stage == Stage.CLOSED or FUNNEL.index(dossier.stage) >= FUNNEL.index(to_stage):
        return []
    return _set_stage(dossier, to_stage, acting_user=acting_user)


# Dossiers


def create_dossier(*, tenant, acting_user, assigned_to=None, stage=Stage.TO_CONTACT, **fields):
    """Open a dossier (with or without an account behind it) and record its first stage and
    case manager."""
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"person", "link_method"}
    if unknown:
        raise TypeError(f"not dossier fields: {sorted(unknown)}")
    if assigned_to is not None and not can_be_assigned(assigned_to, tenant):
        raise DossierError("not_case_manager", _("Cette personne ne suit pas les dossiers."))
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                tenant=tenant, stage=stage, assigned_to=assigned_to, **fields
            )
            StageChange.objects.create(
                tenant=tenant, dossier=dossier, to_stage=stage, changed_by=acting_user
            )
            if assigned_to is not None:
                AssignmentChange.objects.create(
                    tenant=tenant, dossier=dossier, to_user=assigned_to, changed_by=acting_user
                )
    except IntegrityError as error:
        raise _duplicate_error() from error
    return dossier


def update_dossier(*, dossier, version, changes, acting_user):
    """Save the form's changes if nobody saved the dossier since `version` was read.

    `UPDATE … SET version = version + 1 WHERE id = … AND version = <read>` decides: when it
    touches no row, someone else saved in between and nothing is written (DossierError
    "stale"). The changes are then saved through the model, so the audit log sees them.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable dossier fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            bumped = Dossier.objects.filter(pk=dossier.pk, version=version).update(
                version=F("version") + 1
            )
            if not bumped:
                raise stale_error()
            for name, value in changes.items():
                setattr(dossier, name, value)
            dossier.version = version + 1
            dossier.save(update_fields=[*changes, "version", "updated_at"])
    except IntegrityError as error:
        raise _duplicate_error() from error
    return dossier


def change_stage(*, dossier, to_stage, acting_user, reason="", version=None):
    """Move the dossier to another stage of the funnel; closing it requires a reason.

    "Installed" and "12-month follow-up done" come from recording the installation and
    completing its touchpoints, not from this function (they need the installation's data).
    """
    if to_stage not in Stage.values:
        raise DossierError("bad_stage", _("Étape inconnue."))
    if to_stage == Stage.CLOSED and reason not in ClosedReason.values:
        raise DossierError("reason_required", _("Indiquez pourquoi le dossier est clos."))
    with transaction.atomic():
        locked = _lock(dossier)
        if version is not None and locked.version != version:
            raise stale_error()
        if to_stage in (Stage.INSTALLED, Stage.FOLLOWED) and not _has_installation(locked):
            raise DossierError(
                "installation_required",
                _("Enregistrez d'abord l'installation : le dossier passe alors à « Installé(e) »."),
            )
        if locked.stage == to_stage and (
            to_stage != Stage.CLOSED or locked.closed_reason == reason
        ):
            return locked
        _save(locked, _set_stage(locked, to_stage, acting_user=acting_user, reason=reason))
    return locked


def _has_installation(dossier):
    return InstallationOutcome.objects.filter(dossier=dossier).exists()


def assign_dossier(*, dossier, to_user, acting_user):
    """Give the dossier to a case manager (None: nobody) and record the handover."""
    if to_user is not None and not can_be_assigned(to_user, dossier.tenant):
        raise DossierError("not_case_manager", _("Cette personne ne suit pas les dossiers."))
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.assigned_to_id == (to_user.pk if to_user else None):
            return locked
        AssignmentChange.objects.create(
            tenant_id=locked.tenant_id,
            dossier=locked,
            from_user_id=locked.assigned_to_id,
            to_user=to_user,
            changed_by=acting_user,
        )
        locked.assigned_to = to_user
        _save(locked, ["assigned_to"])
    return locked


def transfer_dossiers(*, tenant, dossier_ids, to_user, acting_user):
    """Hand several dossiers over to one case manager at once; returns how many moved."""
    if not can_be_assigned(to_user, tenant):
        raise DossierError("not_case_manager", _("Cette personne ne suit pas les dossiers."))
    with transaction.atomic():
        moving = list(
            Dossier.objects.filter(tenant=tenant, pk__in=dossier_ids)
            .exclude(assigned_to=to_user)
            .select_for_update(of=("self",))
            .only("pk", "assigned_to_id")
        )
        AssignmentChange.objects.bulk_create(
            AssignmentChange(
                tenant=tenant,
                dossier_id=dossier.pk,
                from_user_id=dossier.assigned_to_id,
                to_user=to_user,
                changed_by=acting_user,
            )
            for dossier in moving
        )
        Dossier.objects.filter(pk__in=[dossier.pk for dossier in moving]).update(
            assigned_to=to_user, version=F("version") + 1, updated_at=timezone.now()
        )
    return len(moving)


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
    if outcome and outcome not in Outcome.values:
        raise DossierError("bad_outcome", _("Résultat inconnu."))
    if outcome == Outcome.CALL_BACK:
        if call_back_at is None:
            raise DossierError("call_back_required", _("Indiquez quand rappeler la personne."))
        if call_back_at <= now:
            raise DossierError("call_back_past", _("La date de rappel doit être dans le futur."))
    else:
        call_back_at = None
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
        changed = []
        if outcome == Outcome.CALL_BACK:
            locked.next_action = _call_back_label(call_back_at)
            locked.next_action_on = timezone.localdate(call_back_at)
            changed += ["next_action", "next_action_on"]
        elif outcome and locked.next_action_on and locked.next_action_on <= timezone.localdate(now):
            # The call the dossier was waiting for has happened.
            locked.next_action, locked.next_action_on = "", None
            changed += ["next_action", "next_action_on"]
        if outcome == Outcome.DO_NOT_CALL and not locked.do_not_call:
            locked.do_not_call = True
            changed.append("do_not_call")
        if outcome in REACHED_OUTCOMES:
            changed += _advance_to(locked, Stage.CONTACTED, acting_user=author)
        if outcome == Outcome.QUALIFIED:
            changed += _advance_to(locked, Stage.MATURING, acting_user=author)
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
    from .selectors import call_queue

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


# Installation and the 12-month follow-up


def add_months(day, months):
    """The same day `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))


def follow_up_months(tenant):
    months = tenant.follow_up_months or default_follow_up_months()
    return sorted({int(m) for m in months if int(m) > 0})


def record_installation(*, dossier, acting_user, installed_on, **fields):
    """Record where and how the person settled (again: corrects it), move the dossier to
    "installed", and open the touchpoints of the follow-up at the tenant's cadence (M+1, M+3,
    M+6, M+12 by default), each due `n` months after the installation date."""
    with transaction.atomic():
        locked = _lock(dossier)
        outcome, _created = InstallationOutcome.objects.update_or_create(
            dossier=locked,
            defaults={"tenant_id": locked.tenant_id, "installed_on": installed_on, **fields},
        )
        for months in follow_up_months(locked.tenant):
            due_on = add_months(installed_on, months)
            follow_up, created = FollowUp.objects.get_or_create(
                dossier=locked,
                months_after=months,
                defaults={
                    "tenant_id": locked.tenant_id,
                    "due_on": due_on,
                    "topics": list(DEFAULT_TOPICS.get(months, ALL_CORE_TOPICS)),
                },
            )
            if not created and follow_up.done_at is None and follow_up.due_on != due_on:
                follow_up.due_on = due_on  # the installation date was corrected
                follow_up.save(update_fields=["due_on"])
        if locked.stage not in (Stage.INSTALLED, Stage.FOLLOWED):
            _save(locked, _set_stage(locked, Stage.INSTALLED, acting_user=acting_user))
    return outcome


def complete_follow_up(*, follow_up, acting_user, kind=InteractionKind.CALL, topics=None, notes=""):
    """Mark a touchpoint done and log it on the timeline. When it was the last one, the
    dossier moves from "installed" to "12-month follow-up done"."""
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update(of=("self",)).get(pk=follow_up.pk)
        if locked.done_at is not None:
            raise DossierError("already_done", _("Ce point de suivi est déjà fait."))
        locked.done_at = timezone.now()
        locked.notes = notes
        fields = ["done_at", "notes"]
        if topics is not None:
            locked.topics = list(topics)
            fields.append("topics")
        locked.save(update_fields=fields)
        summary = _("Point de suivi M+%(months)d fait.") % {"months": locked.months_after}
        if locked.topic_labels():
            summary += " " + _("Sujets : %(topics)s.") % {
                "topics": ", ".join(str(label) for label in locked.topic_labels())
            }
        Interaction.objects.create(
            tenant_id=locked.tenant_id,
            dossier_id=locked.dossier_id,
            kind=kind,
            occurred_at=locked.done_at,
            author=acting_user,
            outcome=Outcome.REACHED,
            text=f"{summary}\n{notes}".strip(),
        )
        dossier = _lock(locked.dossier)
        if (
            dossier.stage == Stage.INSTALLED
            and not FollowUp.objects.filter(dossier=dossier).pending().exists()
        ):
            _save(dossier, _set_stage(dossier, Stage.FOLLOWED, acting_user=acting_user))
        if not FollowUp.objects.filter(
            dossier=dossier, months_after__gt=locked.months_after
        ).exists():
            # The last touchpoint (M+12 by default) comes with the questionnaire of annex 3.
            queue_survey(dossier)
    return locked
