"""The installation and the 12-month follow-up: touchpoints opened at the tenant's cadence,
marked done, the questionnaire queued after the last one."""

import calendar
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models.tenants import default_follow_up_months

from ..follow_up_survey import queue_survey
from ..models import (
    FollowUp,
    FollowUpSatisfaction,
    FollowUpTopic,
    InstallationOutcome,
    Interaction,
    InteractionKind,
    Outcome,
    Stage,
)
from .base import DossierError, _lock, _save, _set_stage

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


def answer_follow_up_survey(*, dossier, answers):
    """Record the person's answers to the end-of-follow-up questionnaire; None when the
    dossier already has them (one answer per dossier: a double submission, the first won)."""
    try:
        with transaction.atomic():
            return FollowUpSatisfaction.objects.create(
                tenant_id=dossier.tenant_id, dossier=dossier, **answers
            )
    except IntegrityError:
        return None
