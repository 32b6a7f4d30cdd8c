"""Demo caseload: the "aller vers" campaign of annex 1 with a few hundred imported contacts at
every stage of the funnel, their timelines, installations with their follow-up (some late),
and the dossiers of the demo interns who shared their profile, linked to their accounts.

Reproducible (Faker fr_FR and `random` seeded) and idempotent: a contact is found by its
e-mail address, and only a dossier created by this run gets a timeline. Dates are relative to
the first run. Call it inside `scopes_disabled()` (seed_demo does).
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from accounts.demo import rpps_for
from accounts.models import Membership, Profile, Role

from .models import (
    Aid,
    AssignmentChange,
    Campaign,
    CampaignTarget,
    ClosedReason,
    Dossier,
    FollowUp,
    FollowUpSatisfaction,
    InstallationOutcome,
    Interaction,
    InteractionKind,
    LinkMethod,
    Outcome,
    Source,
    Stage,
    StageChange,
    TargetStatus,
    ZoneType,
)
from .services import ALL_CORE_TOPICS, DEFAULT_TOPICS, add_months, follow_up_months

DEMO_CAMPAIGN = "Aller vers 2026 — diplômés non installés"
CONTACTS = 300
SEED = 2026
# Far from the demo interns' numbers (accounts.demo uses 1, 2, 3…).
RPPS_OFFSET = 700_000

FACULTIES = [
    "Université Paris Cité",
    "Sorbonne Université",
    "Université Paris-Saclay",
    "Université Paris-Est Créteil",
    "Université Sorbonne Paris Nord",
    "Université de Versailles Saint-Quentin-en-Yvelines",
]
SPECIALTIES = ["medecine_generale"] * 7 + ["pediatrie", "psychiatrie", "gynecologie_medicale"]
TAGS = ["CESP", "thèse 2025", "remplaçant", "MSP", "contact CDOM", "salon des internes"]
COMMUNES = {
    "75": ["Paris 18e", "Paris 19e", "Paris 20e"],
    "77": ["Melun", "Meaux", "Provins", "Nemours"],
    "78": ["Mantes-la-Jolie", "Rambouillet", "Les Mureaux"],
    "91": ["Étampes", "Évry-Courcouronnes", "Dourdan"],
    "92": ["Nanterre", "Gennevilliers"],
    "93": ["Saint-Denis", "Aubervilliers", "Clichy-sous-Bois"],
    "94": ["Créteil", "Villeneuve-Saint-Georges", "Champigny-sur-Marne"],
    "95": ["Cergy", "Garges-lès-Gonesse", "Sarcelles"],
}
# (plan, weight): what happened to the contact during the campaign.
PLANS = [
    ("untouched", 40),
    ("not_reached", 10),
    ("call_back_due", 4),
    ("call_back_later", 4),
    ("reached", 10),
    ("not_interested", 6),
    ("do_not_call", 2),
    ("maturing", 9),
    ("defined", 6),
    ("under_way", 3),
    ("installed", 4),
    ("followed", 2),
]
CALL_NOTES = {
    Outcome.NOT_REACHED: ["Messagerie, pas de message laissé.", "Pas de réponse.", ""],
    Outcome.REACHED: [
        "Remplaçant en Essonne, réfléchit à une installation d'ici deux ans.",
        "Intéressé(e) par les permanences : lien envoyé par e-mail.",
        "Exerce à l'hôpital pour l'instant, à recontacter après l'été.",
    ],
    Outcome.CALL_BACK: ["Demande à être rappelé(e) en fin de journée.", "En consultation."],
    Outcome.NOT_INTERESTED: [
        "Installé(e) hors Île-de-France, pas de projet ici.",
        "Ne souhaite pas exercer en libéral.",
    ],
    Outcome.QUALIFIED: [
        "Projet en MSP avec deux confrères, cherche un local.",
        "Souhaite s'installer en zone d'intervention prioritaire, questions sur le CDE.",
        "Projet de cabinet de groupe, échéance l'an prochain.",
    ],
    Outcome.DO_NOT_CALL: ["Demande à ne plus être appelé(e)."],
}
MATURITY_STAGES = {
    "exploring": Stage.CONTACTED,
    "maturing": Stage.MATURING,
    "defined": Stage.DEFINED,
    "under_way": Stage.UNDER_WAY,
    "installed": Stage.INSTALLED,
}


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


class _Seeder:
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

    # Contacts of the campaign

    def contact(self, index, campaign):
        rng, fake = self.rng, self.fake
        # Every draw happens whether or not the dossier exists, so a re-run stays in step.
        first, last = fake.first_name(), fake.last_name()
        plan = rng.choices([p for p, _w in PLANS], weights=[w for _p, w in PLANS])[0]
        code = rng.choice(sorted(self.departements)) if self.departements else None
        commune = rng.choice(COMMUNES.get(code, [""])) if code else ""
        specialty = rng.choice(SPECIALTIES)
        diploma_year = rng.randint(2010, 2025)
        faculty = rng.choice(FACULTIES)
        phone = "0{} {:02d} {:02d} {:02d} {:02d}".format(
            rng.choice([6, 7]), *(rng.randint(0, 99) for _ in range(4))
        )
        tags = rng.sample(TAGS, k=rng.choice([0, 0, 1, 1, 2]))
        imported_at = self.now - timedelta(days=rng.randint(120, 420))
        owner_draw = rng.random()
        days_ago = [rng.randint(1, 100) for _ in range(4)]
        email = f"{slugify(first)}.{slugify(last)}.{index}@example.org"

        dossier, created = Dossier.objects.get_or_create(
            tenant=self.tenant,
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "phone": phone,
                "rpps": rpps_for(RPPS_OFFSET + index),
                "specialty": specialty,
                "diploma_year": diploma_year,
                "faculty": faculty,
                "source": Source.CALL_CAMPAIGN,
                "tags": tags,
            },
        )
        if not created or not self.managers:
            CampaignTarget.objects.get_or_create(
                tenant=self.tenant, campaign=campaign, dossier=dossier
            )
            return False
        owner = None
        if owner_draw < 0.8:
            owner = self.managers[0]
        elif owner_draw < 0.9:
            owner = self.managers[-1]
        importer = self.managers[0]
        # The dates of a project carried on to the installation, counted back from it.
        installed_on = None
        if plan == "installed":
            installed_on = self.today - timedelta(days=30 + days_ago[2] * 3)
        elif plan == "followed":
            installed_on = self.today - timedelta(days=380 + days_ago[2])
        if installed_on is not None:
            qualified_at = _at(installed_on, 11) - timedelta(days=90 + days_ago[1])
        else:
            qualified_at = self.now - timedelta(days=days_ago[1] + 20)
        imported_at = min(imported_at, qualified_at - timedelta(days=10 + days_ago[3]))
        self.stage(dossier, "", Stage.TO_CONTACT, imported_at, importer)
        if owner is not None:
            self.assignment(dossier, owner, imported_at, importer)
        caller = owner or importer
        target = CampaignTarget(tenant=self.tenant, campaign=campaign, dossier=dossier)
        stage = Stage.TO_CONTACT
        first_call = self.now - timedelta(days=days_ago[0], hours=rng.randint(0, 6))

        def reach(outcome, at):
            nonlocal stage
            self.call(dossier, outcome, at, caller, campaign)
            target.attempts += 1
            target.last_attempt_at = at
            if stage == Stage.TO_CONTACT:
                self.stage(dossier, stage, Stage.CONTACTED, at, caller)
                stage = Stage.CONTACTED

        def advance(to_stage, at, reason=""):
            nonlocal stage
            self.stage(dossier, stage, to_stage, at, caller, reason=reason)
            stage = to_stage

        if plan == "untouched":
            pass  # imported, not called yet
        elif plan == "not_reached":
            for attempt in range(rng.randint(1, 3)):
                at = first_call + timedelta(days=3 * attempt)
                self.call(dossier, Outcome.NOT_REACHED, min(at, self.now), caller, campaign)
                target.attempts += 1
                target.last_attempt_at = min(at, self.now)
        elif plan in ("call_back_due", "call_back_later"):
            if plan == "call_back_due":
                # Due earlier today (or this morning): first in the queue.
                call_back_at = self.now - timedelta(minutes=rng.randint(10, 180))
            else:
                call_back_at = self.now + timedelta(days=rng.randint(1, 10), hours=2)
            self.call(
                dossier, Outcome.CALL_BACK, first_call, caller, campaign, call_back_at=call_back_at
            )
            target.attempts, target.last_attempt_at = 1, first_call
            target.status, target.call_back_at = TargetStatus.CALL_BACK, call_back_at
            dossier.next_action = "Rappeler"
            dossier.next_action_on = timezone.localdate(call_back_at)
        elif plan == "reached":
            reach(Outcome.REACHED, first_call)
            target.status = TargetStatus.REACHED
        elif plan == "not_interested":
            reach(Outcome.NOT_INTERESTED, first_call)
            target.status = TargetStatus.NOT_INTERESTED
            reason = rng.choice([ClosedReason.NOT_INTERESTED, ClosedReason.SETTLED_ELSEWHERE])
            if rng.random() < 0.5:
                closed_at = first_call + timedelta(minutes=5)
                advance(Stage.CLOSED, closed_at, reason=reason)
                dossier.closed_reason, dossier.closed_at = reason, closed_at
        elif plan == "do_not_call":
            reach(Outcome.DO_NOT_CALL, first_call)
            target.status = TargetStatus.DO_NOT_CALL
            dossier.do_not_call = True
        else:
            # Qualified projects, some carried on to the installation.
            reach(Outcome.QUALIFIED, qualified_at)
            target.status = TargetStatus.QUALIFIED
            advance(Stage.MATURING, qualified_at + timedelta(minutes=2))
            dossier.target_departement = self.departements.get(code)
            dossier.target_commune = commune
            dossier.practice_mode = "liberal"
            dossier.zone_type = rng.choice([ZoneType.ZIP, ZoneType.ZAC, ZoneType.OUTSIDE])
            if plan in ("defined", "under_way", "installed", "followed"):
                meeting_at = qualified_at + timedelta(days=12)
                Interaction.objects.create(
                    tenant=self.tenant,
                    dossier=dossier,
                    kind=InteractionKind.MEETING,
                    occurred_at=meeting_at,
                    author=caller,
                    outcome=Outcome.REACHED,
                    text="Rendez-vous : statut, zonage, aides (CDE), locaux possibles.",
                    shareable=True,
                )
                advance(Stage.DEFINED, meeting_at + timedelta(hours=1))
            if plan in ("under_way", "installed", "followed"):
                advance(Stage.UNDER_WAY, qualified_at + timedelta(days=40))
            if plan == "maturing":
                dossier.next_action = "Proposer une permanence"
                dossier.next_action_on = self.today + timedelta(days=days_ago[2] % 20)
            if plan == "installed":
                advance(Stage.INSTALLED, _at(installed_on, 18))
                # About half the installations have a touchpoint left late.
                self.install(dossier, installed_on, caller, late=bool(days_ago[3] % 2))
            if plan == "followed":
                advance(Stage.INSTALLED, _at(installed_on, 18))
                self.install(dossier, installed_on, caller)
                last_done = add_months(installed_on, max(follow_up_months(self.tenant)))
                advance(Stage.FOLLOWED, _at(last_done, 11))
        target.save()
        dossier.stage = stage
        dossier.assigned_to = owner
        dossier.save()
        # Opened when imported, so that the steering figures spread over past quarters.
        Dossier.objects.filter(pk=dossier.pk).update(created_at=imported_at)
        return True

    # The demo interns who shared their profile with the tenant

    def interns(self):
        linked = 0
        owner = self.managers[0] if self.managers else None
        profiles = (
            Profile.objects.filter(followed_tenant=self.tenant, share_consent_at__isnull=False)
            .select_related("user")
            .order_by("user__email")
        )
        for profile in profiles:
            user = profile.user
            dossier, created = Dossier.objects.get_or_create(
                tenant=self.tenant,
                person=user,
                defaults={
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "email": user.email,
                    "phone": profile.phone,
                    "rpps": profile.rpps,
                    "specialty": profile.specialty,
                    "faculty": profile.faculty,
                    "practice_mode": profile.practice_mode,
                    "source": Source.SELF_REGISTRATION,
                    "link_method": LinkMethod.OPENED,
                    "assigned_to": owner,
                },
            )
            if not created:
                continue
            linked += 1
            registered = profile.share_consent_at - timedelta(days=60)
            stage = MATURITY_STAGES.get(profile.maturity, Stage.CONTACTED)
            self.stage(dossier, "", Stage.TO_CONTACT, registered, owner)
            if owner:
                self.assignment(dossier, owner, registered, owner)
            Interaction.objects.create(
                tenant=self.tenant,
                dossier=dossier,
                kind=InteractionKind.EMAIL,
                occurred_at=registered + timedelta(days=2),
                author=owner,
                outcome=Outcome.REACHED,
                text="Message de bienvenue : présentation du guichet unique et des permanences.",
                shareable=True,
            )
            self.stage(
                dossier, Stage.TO_CONTACT, Stage.CONTACTED, registered + timedelta(days=2), owner
            )
            Interaction.objects.create(
                tenant=self.tenant,
                dossier=dossier,
                kind=InteractionKind.NOTE,
                occurred_at=registered + timedelta(days=3),
                author=owner,
                text="Profil motivé ; à orienter vers la permanence de son département.",
            )
            if stage not in (Stage.TO_CONTACT, Stage.CONTACTED):
                self.stage(dossier, Stage.CONTACTED, stage, registered + timedelta(days=20), owner)
            departements = list(profile.departements_considered.all())
            if departements:
                dossier.target_departement = departements[0]
            if stage == Stage.INSTALLED:
                installed_on = add_months(self.today, -4)
                dossier.target_departement = dossier.target_departement or self.departements.get(
                    "77"
                )
                self.install(dossier, installed_on, owner, late=True)
            dossier.stage = stage
            dossier.save()
            Dossier.objects.filter(pk=dossier.pk).update(created_at=registered)
        return linked


def seed_caseload(tenant):
    """Seed the tenant's demo caseload; returns how many dossiers this run created."""
    seeder = _Seeder(tenant)
    campaign, _created = Campaign.objects.get_or_create(
        tenant=tenant,
        name=DEMO_CAMPAIGN,
        defaults={
            "description": (
                "Médecins formés en Île-de-France depuis 2010 et non installés (annexe 1) : "
                "les appeler, qualifier leur projet, les orienter vers les permanences."
            )
        },
    )
    campaign.case_managers.set([m.user for m in seeder.case_managers])
    created = sum(seeder.contact(index, campaign) for index in range(CONTACTS))
    from .demo_attendees import seed_attendees  # it builds on this module's seeder

    return created + seeder.interns() + seed_attendees(seeder)
