"""The demo caseload's seeder: its seeded draws, the tenant's case managers, and the rows it
writes with their dates in the past."""

import random

from django.utils import timezone
from faker import Faker

from accounts.models import Membership, Role

from ..models import (
    Aid,
    AssignmentChange,
    FollowUp,
    FollowUpSatisfaction,
    InstallationOutcome,
    Interaction,
    InteractionKind,
    Outcome,
    StageChange,
    ZoneType,
)
from ..services import ALL_CORE_TOPICS, DEFAULT_TOPICS, add_months, follow_up_months
from .data import CALL_NOTES, COMMUNES, SEED, _at


class Seeder:
    def __init__(self, tenant):
        self.tenant = tenant
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.rng = random.Random(SEED)  # noqa: S311 (reproducible demo data, no secret)
        # The follow-up questionnaires draw apart, leaving the contacts' draws as they were.
        self.answers = random.Random(SEED + 1)  # noqa: S311
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(SEED)
        self.case_managers = list(
            Membership.objects.filter(tenant=tenant, role=Role.CASE_MANAGER)
            .select_related("user")
            .order_by("user__email")
        )
        self.admins = list(
            Membership.objects.filter(tenant=tenant, role=Role.ADMIN)
            .select_related("user")
            .order_by("user__email")
        )
        self.managers = [m.user for m in self.case_managers + self.admins]
        self.departements = {d.insee_code: d for d in tenant.departements.all()}

    # Rows with their dates in the past (auto_now_add fields are set after creation).

    def stage(self, dossier, from_stage, to_stage, at, by, reason=""):
        change = StageChange.objects.create(
            tenant=self.tenant,
            dossier=dossier,
            from_stage=from_stage,
            to_stage=to_stage,
            reason=reason,
            changed_by=by,
        )
        StageChange.objects.filter(pk=change.pk).update(changed_at=at)

    def assignment(self, dossier, to_user, at, by):
        change = AssignmentChange.objects.create(
            tenant=self.tenant, dossier=dossier, to_user=to_user, changed_by=by
        )
        AssignmentChange.objects.filter(pk=change.pk).update(changed_at=at)

    def call(self, dossier, outcome, at, by, campaign, call_back_at=None, kind=None):
        Interaction.objects.create(
            tenant=self.tenant,
            dossier=dossier,
            campaign=campaign,
            kind=kind or InteractionKind.CALL,
            occurred_at=at,
            author=by,
            outcome=outcome,
            call_back_at=call_back_at,
            text=self.rng.choice(CALL_NOTES[outcome]),
        )

    def install(self, dossier, installed_on, by, *, late=False, departement=None):
        """The installation and its touchpoints: past ones done, except the latest past one
        when `late` (it is then overdue); a finished follow-up has most often its
        questionnaire answered (annex 3)."""
        code = dossier.target_departement.insee_code if dossier.target_departement else "91"
        departement = departement or dossier.target_departement or self.departements.get(code)
        if departement is None:
            return
        InstallationOutcome.objects.create(
            tenant=self.tenant,
            dossier=dossier,
            installed_on=installed_on,
            commune=dossier.target_commune or self.rng.choice(COMMUNES.get(code, ["Étampes"])),
            departement=departement,
            practice_mode="liberal",
            structure=self.rng.choice(["msp", "groupe", "cabinet", "centre_sante"]),
            zone_type=self.rng.choice([ZoneType.ZIP, ZoneType.ZIP, ZoneType.ZAC]),
            aids_obtained=self.rng.sample([Aid.CDE, Aid.CESP, Aid.LOCAL], k=self.rng.randint(0, 2)),
        )
        months_list = follow_up_months(self.tenant)
        past = [m for m in months_list if add_months(installed_on, m) < self.today]
        left_late = past[-1] if late and past else None
        for months in months_list:
            due_on = add_months(installed_on, months)
            done = months in past and months != left_late
            FollowUp.objects.create(
                tenant=self.tenant,
                dossier=dossier,
                months_after=months,
                due_on=due_on,
                topics=list(DEFAULT_TOPICS.get(months, ALL_CORE_TOPICS)),
                done_at=_at(due_on) if done else None,
                notes="Point fait par téléphone, pas de difficulté particulière." if done else "",
            )
            if done:
                Interaction.objects.create(
                    tenant=self.tenant,
                    dossier=dossier,
                    kind=InteractionKind.CALL,
                    occurred_at=_at(due_on),
                    author=by,
                    outcome=Outcome.REACHED,
                    text=f"Point de suivi M+{months} fait.",
                )
        if len(past) == len(months_list) and not late and self.answers.random() < 0.7:
            self.questionnaire(dossier, _at(add_months(installed_on, months_list[-1]), 20))

    def questionnaire(self, dossier, answered_at):
        overall = self.answers.choices([5, 4, 3, 2], weights=[45, 35, 14, 6])[0]
        answer = FollowUpSatisfaction.objects.create(
            tenant=self.tenant,
            dossier=dossier,
            overall=overall,
            usefulness=max(1, overall - self.answers.choice([0, 0, 1])),
            would_recommend=overall >= 3,
        )
        FollowUpSatisfaction.objects.filter(pk=answer.pk).update(answered_at=answered_at)
