"""The contacts of the demo campaign, each with a plan (not reached, called back, qualified,
installed…) played as calls, stage changes and an installation."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


@dataclass
class _Draws:
    """Everything drawn for one contact, in the order it is drawn."""

    first: str
    last: str
    plan: str
    code: str | None
    commune: str
    specialty: str
    diploma_year: int
    faculty: str
    phone: str
    tags: list
    imported_at: datetime
    owner_draw: float
    days_ago: list
    email: str


def _draw(seeder, index):
    # Every draw happens whether or not the dossier exists, so a re-run stays in step.
    rng, fake = seeder.rng, seeder.fake
    first, last = fake.first_name(), fake.last_name()
    plan = rng.choices([p for p, _w in PLANS], weights=[w for _p, w in PLANS])[0]
    code = rng.choice(sorted(seeder.departements)) if seeder.departements else None
    return _Draws(
        first=first,
        last=last,
        plan=plan,
        code=code,
        commune=rng.choice(COMMUNES.get(code, [""])) if code else "",
        specialty=rng.choice(SPECIALTIES),
        diploma_year=rng.randint(2010, 2025),
        faculty=rng.choice(FACULTIES),
        phone="0{} {:02d} {:02d} {:02d} {:02d}".format(
            rng.choice([6, 7]), *(rng.randint(0, 99) for _ in range(4))
        ),
        tags=rng.sample(TAGS, k=rng.choice([0, 0, 1, 1, 2])),
        imported_at=seeder.now - timedelta(days=rng.randint(120, 420)),
        owner_draw=rng.random(),
        days_ago=[rng.randint(1, 100) for _ in range(4)],
        email=f"{slugify(first)}.{slugify(last)}.{index}@example.org",
    )


class _Story:
    """One contact's campaign as it is played: the stage the dossier has reached, the target."""

    def __init__(self, seeder, dossier, campaign, caller):
        self.seeder, self.dossier, self.campaign, self.caller = seeder, dossier, campaign, caller
        self.target = CampaignTarget(tenant=seeder.tenant, campaign=campaign, dossier=dossier)
        self.stage = Stage.TO_CONTACT

    def attempt(self, outcome, at):
        self.seeder.call(self.dossier, outcome, at, self.caller, self.campaign)
        self.target.attempts += 1
        self.target.last_attempt_at = at

    def reach(self, outcome, at):
        self.attempt(outcome, at)
        if self.stage == Stage.TO_CONTACT:
            self.advance(Stage.CONTACTED, at)

    def advance(self, to_stage, at, reason=""):
        self.seeder.stage(self.dossier, self.stage, to_stage, at, self.caller, reason=reason)
        self.stage = to_stage


def _owner(seeder, owner_draw):
    if owner_draw < 0.8:
        return seeder.managers[0]
    if owner_draw < 0.9:
        return seeder.managers[-1]
    return None


def _dates(seeder, draws):
    """(installed_on, qualified_at, imported_at): a project carried on to the installation is
    dated back from it."""
    installed_on = None
    if draws.plan == "installed":
        installed_on = seeder.today - timedelta(days=30 + draws.days_ago[2] * 3)
    elif draws.plan == "followed":
        installed_on = seeder.today - timedelta(days=380 + draws.days_ago[2])
    if installed_on is not None:
        qualified_at = _at(installed_on, 11) - timedelta(days=90 + draws.days_ago[1])
    else:
        qualified_at = seeder.now - timedelta(days=draws.days_ago[1] + 20)
    imported_at = min(draws.imported_at, qualified_at - timedelta(days=10 + draws.days_ago[3]))
    return installed_on, qualified_at, imported_at


def contact(seeder, index, campaign):
    """Seed contact number `index` of the campaign; True when this run created its dossier."""
    draws = _draw(seeder, index)
    dossier, created = Dossier.objects.get_or_create(
        tenant=seeder.tenant,
        email=draws.email,
        defaults={
            "first_name": draws.first,
            "last_name": draws.last,
            "phone": draws.phone,
            "rpps": rpps_for(RPPS_OFFSET + index),
            "specialty": draws.specialty,
            "diploma_year": draws.diploma_year,
            "faculty": draws.faculty,
            "source": Source.CALL_CAMPAIGN,
            "tags": draws.tags,
        },
    )
    if not created or not seeder.managers:
        CampaignTarget.objects.get_or_create(
            tenant=seeder.tenant, campaign=campaign, dossier=dossier
        )
        return False
    owner = _owner(seeder, draws.owner_draw)
    importer = seeder.managers[0]
    installed_on, qualified_at, imported_at = _dates(seeder, draws)
    seeder.stage(dossier, "", Stage.TO_CONTACT, imported_at, importer)
    if owner is not None:
        seeder.assignment(dossier, owner, imported_at, importer)
    story = _Story(seeder, dossier, campaign, caller=owner or importer)
    first_call = seeder.now - timedelta(days=draws.days_ago[0], hours=seeder.rng.randint(0, 6))
    if draws.plan in ("not_reached", "call_back_due", "call_back_later"):
        _unreached(story, draws.plan, first_call)
    elif draws.plan in ("reached", "not_interested", "do_not_call"):
        _answered(story, draws.plan, first_call)
    elif draws.plan != "untouched":  # "untouched": imported, not called yet
        _project(story, draws, qualified_at, installed_on)
    story.target.save()
    dossier.stage = story.stage
    dossier.assigned_to = owner
    dossier.save()
    # Opened when imported, so that the steering figures spread over past quarters.
    Dossier.objects.filter(pk=dossier.pk).update(created_at=imported_at)
    return True


def _unreached(story, plan, first_call):
    """Not reached (one to three attempts), or asked to be called back."""
    rng, now, target = story.seeder.rng, story.seeder.now, story.target
    if plan == "not_reached":
        for attempt in range(rng.randint(1, 3)):
            story.attempt(Outcome.NOT_REACHED, min(first_call + timedelta(days=3 * attempt), now))
        return
    if plan == "call_back_due":
        # Due earlier today (or this morning): first in the queue.
        call_back_at = now - timedelta(minutes=rng.randint(10, 180))
    else:
        call_back_at = now + timedelta(days=rng.randint(1, 10), hours=2)
    story.seeder.call(
        story.dossier,
        Outcome.CALL_BACK,
        first_call,
        story.caller,
        story.campaign,
        call_back_at=call_back_at,
    )
    target.attempts, target.last_attempt_at = 1, first_call
    target.status, target.call_back_at = TargetStatus.CALL_BACK, call_back_at
    story.dossier.next_action = "Rappeler"
    story.dossier.next_action_on = timezone.localdate(call_back_at)


def _answered(story, plan, first_call):
    """Reached, and either nothing more yet, not interested (sometimes closed), or "do not
    call"."""
    rng, dossier = story.seeder.rng, story.dossier
    if plan == "reached":
        story.reach(Outcome.REACHED, first_call)
        story.target.status = TargetStatus.REACHED
    elif plan == "not_interested":
        story.reach(Outcome.NOT_INTERESTED, first_call)
        story.target.status = TargetStatus.NOT_INTERESTED
        reason = rng.choice([ClosedReason.NOT_INTERESTED, ClosedReason.SETTLED_ELSEWHERE])
        if rng.random() < 0.5:
            closed_at = first_call + timedelta(minutes=5)
            story.advance(Stage.CLOSED, closed_at, reason=reason)
            dossier.closed_reason, dossier.closed_at = reason, closed_at
    else:
        story.reach(Outcome.DO_NOT_CALL, first_call)
        story.target.status = TargetStatus.DO_NOT_CALL
        dossier.do_not_call = True


def _project(story, draws, qualified_at, installed_on):
    """A qualified project, carried on as far as the plan says (up to the installation and
    the end of its follow-up)."""
    seeder, dossier, plan = story.seeder, story.dossier, draws.plan
    story.reach(Outcome.QUALIFIED, qualified_at)
    story.target.status = TargetStatus.QUALIFIED
    story.advance(Stage.MATURING, qualified_at + timedelta(minutes=2))
    dossier.target_departement = seeder.departements.get(draws.code)
    dossier.target_commune = draws.commune
    dossier.practice_mode = "liberal"
    dossier.zone_type = seeder.rng.choice([ZoneType.ZIP, ZoneType.ZAC, ZoneType.OUTSIDE])
    if plan in ("defined", "under_way", "installed", "followed"):
        meeting_at = qualified_at + timedelta(days=12)
        Interaction.objects.create(
            tenant=seeder.tenant,
            dossier=dossier,
            kind=InteractionKind.MEETING,
            occurred_at=meeting_at,
            author=story.caller,
            outcome=Outcome.REACHED,
            text="Rendez-vous : statut, zonage, aides (CDE), locaux possibles.",
            shareable=True,
        )
        story.advance(Stage.DEFINED, meeting_at + timedelta(hours=1))
    if plan in ("under_way", "installed", "followed"):
        story.advance(Stage.UNDER_WAY, qualified_at + timedelta(days=40))
    if plan == "maturing":
        dossier.next_action = "Proposer une permanence"
        dossier.next_action_on = seeder.today + timedelta(days=draws.days_ago[2] % 20)
    if plan in ("installed", "followed"):
        _installed(story, plan, installed_on, late=bool(draws.days_ago[3] % 2))


def _installed(story, plan, installed_on: date, *, late):
    seeder = story.seeder
    story.advance(Stage.INSTALLED, _at(installed_on, 18))
    if plan == "installed":
        # About half the installations have a touchpoint left late.
        seeder.install(story.dossier, installed_on, story.caller, late=late)
        return
    seeder.install(story.dossier, installed_on, story.caller)
    last_done = add_months(installed_on, max(follow_up_months(seeder.tenant)))
    story.advance(Stage.FOLLOWED, _at(last_done, 11))
