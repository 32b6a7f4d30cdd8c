"""The contacts of the demo campaign, each with a plan (not reached, called back, qualified,
installed…) played as calls, stage changes and an installation."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from accounts.demo import rpps_for

from ..models import (
    CampaignTarget,
    ClosedReason,
    Dossier,
    Interaction,
    InteractionKind,
    Outcome,
    Source,
    Stage,
    TargetStatus,
    ZoneType,
)
from ..services import add_months, follow_up_months
from .data import COMMUNES, FACULTIES, PLANS, RPPS_OFFSET, SPECIALTIES, TAGS, _at


def contact(seeder, index, campaign):
    rng, fake = seeder.rng, seeder.fake
    # Every draw happens whether or not the dossier exists, so a re-run stays in step.
    first, last = fake.first_name(), fake.last_name()
    plan = rng.choices([p for p, _w in PLANS], weights=[w for _p, w in PLANS])[0]
    code = rng.choice(sorted(seeder.departements)) if seeder.departements else None
    commune = rng.choice(COMMUNES.get(code, [""])) if code else ""
    specialty = rng.choice(SPECIALTIES)
    diploma_year = rng.randint(2010, 2025)
    faculty = rng.choice(FACULTIES)
    phone = "0{} {:02d} {:02d} {:02d} {:02d}".format(
        rng.choice([6, 7]), *(rng.randint(0, 99) for _ in range(4))
    )
    tags = rng.sample(TAGS, k=rng.choice([0, 0, 1, 1, 2]))
    imported_at = seeder.now - timedelta(days=rng.randint(120, 420))
    owner_draw = rng.random()
    days_ago = [rng.randint(1, 100) for _ in range(4)]
    email = f"{slugify(first)}.{slugify(last)}.{index}@example.org"

    dossier, created = Dossier.objects.get_or_create(
        tenant=seeder.tenant,
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
    if not created or not seeder.managers:
        CampaignTarget.objects.get_or_create(
            tenant=seeder.tenant, campaign=campaign, dossier=dossier
        )
        return False
    owner = None
    if owner_draw < 0.8:
        owner = seeder.managers[0]
    elif owner_draw < 0.9:
        owner = seeder.managers[-1]
    importer = seeder.managers[0]
    # The dates of a project carried on to the installation, counted back from it.
    installed_on = None
    if plan == "installed":
        installed_on = seeder.today - timedelta(days=30 + days_ago[2] * 3)
    elif plan == "followed":
        installed_on = seeder.today - timedelta(days=380 + days_ago[2])
    if installed_on is not None:
        qualified_at = _at(installed_on, 11) - timedelta(days=90 + days_ago[1])
    else:
        qualified_at = seeder.now - timedelta(days=days_ago[1] + 20)
    imported_at = min(imported_at, qualified_at - timedelta(days=10 + days_ago[3]))
    seeder.stage(dossier, "", Stage.TO_CONTACT, imported_at, importer)
    if owner is not None:
        seeder.assignment(dossier, owner, imported_at, importer)
    caller = owner or importer
    target = CampaignTarget(tenant=seeder.tenant, campaign=campaign, dossier=dossier)
    stage = Stage.TO_CONTACT
    first_call = seeder.now - timedelta(days=days_ago[0], hours=rng.randint(0, 6))

    def reach(outcome, at):
        nonlocal stage
        seeder.call(dossier, outcome, at, caller, campaign)
        target.attempts += 1
        target.last_attempt_at = at
        if stage == Stage.TO_CONTACT:
            seeder.stage(dossier, stage, Stage.CONTACTED, at, caller)
            stage = Stage.CONTACTED

    def advance(to_stage, at, reason=""):
        nonlocal stage
        seeder.stage(dossier, stage, to_stage, at, caller, reason=reason)
        stage = to_stage

    if plan == "untouched":
        pass  # imported, not called yet
    elif plan == "not_reached":
        for attempt in range(rng.randint(1, 3)):
            at = first_call + timedelta(days=3 * attempt)
            seeder.call(dossier, Outcome.NOT_REACHED, min(at, seeder.now), caller, campaign)
            target.attempts += 1
            target.last_attempt_at = min(at, seeder.now)
    elif plan in ("call_back_due", "call_back_later"):
        if plan == "call_back_due":
            # Due earlier today (or this morning): first in the queue.
            call_back_at = seeder.now - timedelta(minutes=rng.randint(10, 180))
        else:
            call_back_at = seeder.now + timedelta(days=rng.randint(1, 10), hours=2)
        seeder.call(
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
        dossier.target_departement = seeder.departements.get(code)
        dossier.target_commune = commune
        dossier.practice_mode = "liberal"
        dossier.zone_type = rng.choice([ZoneType.ZIP, ZoneType.ZAC, ZoneType.OUTSIDE])
        if plan in ("defined", "under_way", "installed", "followed"):
            meeting_at = qualified_at + timedelta(days=12)
            Interaction.objects.create(
                tenant=seeder.tenant,
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
            dossier.next_action_on = seeder.today + timedelta(days=days_ago[2] % 20)
        if plan == "installed":
            advance(Stage.INSTALLED, _at(installed_on, 18))
            # About half the installations have a touchpoint left late.
            seeder.install(dossier, installed_on, caller, late=bool(days_ago[3] % 2))
        if plan == "followed":
            advance(Stage.INSTALLED, _at(installed_on, 18))
            seeder.install(dossier, installed_on, caller)
            last_done = add_months(installed_on, max(follow_up_months(seeder.tenant)))
            advance(Stage.FOLLOWED, _at(last_done, 11))
    target.save()
    dossier.stage = stage
    dossier.assigned_to = owner
    dossier.save()
    # Opened when imported, so that the steering figures spread over past quarters.
    Dossier.objects.filter(pk=dossier.pk).update(created_at=imported_at)
    return True
