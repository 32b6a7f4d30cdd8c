"""Reads of the caseload app that span several models: the call queue, the home's lists, the
load per case manager, a campaign's progress and a dossier's timeline.

Every list is built with a fixed number of queries (select_related, annotations, one query
per list), so a page costs the same with 10 or 100,000 dossiers. The tenant is always passed
explicitly: these also run where no tenant scope filters the managers (tests, tasks).
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Profile, Role
from permanences.models import Booking
from permanences.models.bookings import ACTIVE_STATUSES

from .models import (
    AssignmentChange,
    CampaignTarget,
    Dossier,
    FollowUp,
    InstallationOutcome,
    Interaction,
    Outcome,
    Stage,
    StageChange,
    TargetStatus,
)
from .services import CLAIM_MINUTES, FINAL_TARGET_STATUSES

# A campaign's "projects": dossiers whose project is defined, or further on.
PROJECT_STAGES = [Stage.DEFINED, Stage.UNDER_WAY, Stage.INSTALLED, Stage.FOLLOWED]
INSTALLED_STAGES = [Stage.INSTALLED, Stage.FOLLOWED]
UPCOMING_BOOKING_DAYS = 30
CASE_MANAGER_ROLES = [Role.ADMIN, Role.CASE_MANAGER]


def case_managers(tenant):
    """The tenant's members who may follow dossiers (case managers and admins)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__tenant=tenant, memberships__role__in=CASE_MANAGER_ROLES, is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def end_of_day(day):
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# Lists


def dossiers_for_list(tenant, *, today):
    """Dossiers with what a list row shows, in one query: case manager, département, and
    whether a touchpoint of the follow-up is overdue."""
    overdue = FollowUp.objects.filter(
        tenant=tenant, dossier=OuterRef("pk"), done_at__isnull=True, due_on__lt=today
    )
    return (
        Dossier.objects.filter(tenant=tenant)
        .select_related("assigned_to", "target_departement")
        .annotate(has_overdue_follow_up=Exists(overdue))
    )


def stage_counts(dossiers):
    """{stage: count} over a queryset, in one query, with every stage present."""
    counts = dict.fromkeys(Stage.values, 0)
    # count(*), not count(id): the (tenant, assigned_to, stage) index answers it alone.
    for row in dossiers.order_by().values("stage").annotate(count=Count("*")):
        counts[row["stage"]] = row["count"]
    return counts


def actions_due(tenant, user, *, today):
    """My dossiers whose next action (a call-back, usually) is due today or late, with the
    call-back time of a campaign when there is one."""
    call_back = CampaignTarget.objects.filter(
        tenant=tenant, dossier=OuterRef("pk"), status=TargetStatus.CALL_BACK
    ).order_by("call_back_at")
    return (
        Dossier.objects.filter(tenant=tenant, assigned_to=user, next_action_on__lte=today)
        .exclude(stage=Stage.CLOSED)
        .annotate(call_back_at=Subquery(call_back.values("call_back_at")[:1]))
        .order_by("next_action_on", "call_back_at", "last_name")
    )


def overdue_follow_ups(tenant, *, today, user=None):
    """Touchpoints not done and past due, oldest first; `user`: only their dossiers."""
    follow_ups = FollowUp.objects.filter(tenant=tenant).overdue(today)
    if user is not None:
        follow_ups = follow_ups.filter(dossier__assigned_to=user)
    return follow_ups.select_related("dossier").order_by("due_on", "pk")


def upcoming_bookings(tenant, user, *, now, days=UPCOMING_BOOKING_DAYS):
    """Permanence bookings in the next `days` of the people whose dossier I follow."""
    people = Dossier.objects.filter(tenant=tenant, assigned_to=user, person__isnull=False).values(
        "person_id"
    )
    dossier = Dossier.objects.filter(tenant=tenant, person=OuterRef("person_id")).values("pk")
    return (
        Booking.objects.filter(
            tenant=tenant,
            person_id__in=people,
            status__in=ACTIVE_STATUSES,
            session__starts_at__gte=now,
            session__starts_at__lt=now + timedelta(days=days),
        )
        .select_related("session__departement", "person")
        .annotate(dossier_id=Subquery(dossier[:1]))
        .order_by("session__starts_at", "slot_index")
    )


def shared_profiles_without_dossier(tenant):
    """People who follow the tenant and shared their profile, with no dossier here yet."""
    return (
        Profile.objects.filter(followed_tenant=tenant, share_consent_at__isnull=False)
        .exclude(Exists(Dossier.objects.filter(tenant=tenant, person=OuterRef("user"))))
        .select_related("user")
        .order_by("-share_consent_at")
    )


@dataclass
class LoadRow:
    user: object  # None: dossiers nobody follows
    counts: dict
    total: int = 0
    overdue: int = 0


def load_by_case_manager(tenant, *, today):
    """Every case manager's open dossiers per stage and overdue touchpoints (three queries),
    plus a row for dossiers nobody follows when there are some."""
    managers = list(case_managers(tenant))
    rows = {m.pk: LoadRow(user=m, counts=dict.fromkeys(Stage.values, 0)) for m in managers}
    unassigned = LoadRow(user=None, counts=dict.fromkeys(Stage.values, 0))
    per_stage = (
        Dossier.objects.filter(tenant=tenant)
        .order_by()
        .values("assigned_to", "stage")
        .annotate(count=Count("*"))  # from the (tenant, assigned_to, stage) index alone
    )
    for row in per_stage:
        target = rows.get(row["assigned_to"], unassigned)
        target.counts[row["stage"]] += row["count"]
        target.total += row["count"]
    overdue = (
        FollowUp.objects.filter(tenant=tenant)
        .overdue(today)
        .order_by()
        .values("dossier__assigned_to")
        .annotate(count=Count("pk"))
    )
    for row in overdue:
        rows.get(row["dossier__assigned_to"], unassigned).overdue += row["count"]
    result = list(rows.values())
    if unassigned.total:
        result.append(unassigned)
    return result


# The call queue


def call_queue(campaign, *, user, now):
    """The campaign's targets in the order they should be called by `user` at `now`:

    1. call-backs that are due (call_back_at <= now), the oldest first;
    2. people never attempted;
    3. the others, fewest attempts first, then the longest since the last attempt.

    Left out: dossiers not to be called, closed or anonymised; targets that said no, were
    qualified or asked not to be called; call-backs not due yet; and targets another case
    manager claimed less than CLAIM_MINUTES ago.
    """
    return (
        CampaignTarget.objects.filter(campaign=campaign, tenant=campaign.tenant)
        .filter(_in_queue(user=user, now=now))
        .annotate(
            queue_rank=Case(
                When(call_back_at__lte=now, then=Value(0)),
                When(attempts=0, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "queue_rank",
            "call_back_at",
            "attempts",
            "last_attempt_at",
            "pk",
        )
    )


def _in_queue(*, user, now):
    """The rule of `call_queue` as one condition on a target (campaign_progress counts it)."""
    claim_cutoff = now - timedelta(minutes=CLAIM_MINUTES)
    return (
        ~Q(status__in=FINAL_TARGET_STATUSES)
        & ~Q(dossier__do_not_call=True)
        & ~Q(dossier__stage=Stage.CLOSED)
        & ~Q(dossier__anonymised_at__isnull=False)
        & ~Q(call_back_at__gt=now)
        & ~(Q(claimed_at__gt=claim_cutoff) & ~Q(claimed_by=user))
    )


def queue_size(campaign, *, user, now):
    return call_queue(campaign, user=user, now=now).count()


def campaign_progress(campaign, *, user, now):
    """The campaign's figures in one query: targets, attempted, reached, qualified, call-backs
    pending, not to call, projects (dossiers at "project defined" or further), installations,
    and how many are in `user`'s call queue at `now`, over the same join as the others (at
    50,000 targets the page's two counts took 250 + 100 ms; this one query about 110 ms)."""
    # Not correlated: PostgreSQL hashes the campaign's calls that reached someone once,
    # rather than probing the interactions once per target.
    reached_by_call = Interaction.objects.filter(
        campaign=campaign,
        outcome__in=[Outcome.REACHED, Outcome.QUALIFIED, Outcome.NOT_INTERESTED],
    ).values("dossier_id")
    targets = CampaignTarget.objects.filter(campaign=campaign, tenant=campaign.tenant)
    return targets.aggregate(
        total=Count("pk"),
        attempted=Count("pk", filter=Q(attempts__gt=0)),
        reached=Count(
            "pk",
            filter=Q(
                status__in=[
                    TargetStatus.REACHED,
                    TargetStatus.QUALIFIED,
                    TargetStatus.NOT_INTERESTED,
                ]
            )
            | Q(dossier_id__in=reached_by_call),
        ),
        qualified=Count("pk", filter=Q(status=TargetStatus.QUALIFIED)),
        call_backs=Count("pk", filter=Q(status=TargetStatus.CALL_BACK)),
        not_interested=Count("pk", filter=Q(status=TargetStatus.NOT_INTERESTED)),
        do_not_call=Count(
            "pk", filter=Q(status=TargetStatus.DO_NOT_CALL) | Q(dossier__do_not_call=True)
        ),
        projects=Count("pk", filter=Q(dossier__stage__in=PROJECT_STAGES)),
        installations=Count("pk", filter=Q(dossier__stage__in=INSTALLED_STAGES)),
        in_queue=Count("pk", filter=_in_queue(user=user, now=now)),
    )


# A dossier's timeline


@dataclass
class TimelineEntry:
    at: datetime
    kind: str  # interaction, booking, stage, assignment, installation
    title: str
    author: object = None
    text: str = ""
    private: bool = False
    obj: object = None
    extra: dict = field(default_factory=dict)


def dossier_timeline(dossier):
    """Interactions, permanence bookings of the linked person in this tenant, stage changes,
    handovers and the installation, newest first (one query each)."""
    entries = [
        *_interaction_entries(dossier),
        *_booking_entries(dossier),
        *_stage_entries(dossier),
        *_assignment_entries(dossier),
        *_installation_entries(dossier),
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _interaction_entries(dossier):
    for interaction in Interaction.objects.filter(dossier=dossier).select_related(
        "author", "campaign"
    ):
        title = interaction.get_kind_display()
        if interaction.outcome:
            title = f"{title} — {interaction.get_outcome_display()}"
        yield TimelineEntry(
            at=interaction.occurred_at,
            kind="interaction",
            title=title,
            author=interaction.author,
            text=interaction.text,
            private=not interaction.shareable,
            obj=interaction,
        )


def _booking_entries(dossier):

    if not dossier.person_id:
        return
    bookings = Booking.objects.filter(
        tenant_id=dossier.tenant_id, person_id=dossier.person_id
    ).select_related("session__departement", "booked_by")
    for booking in bookings:
        # Placed at the permanence's date: what matters is when the person goes (or went).
        yield TimelineEntry(
            at=booking.session.starts_at,
            kind="booking",
            title=_("Permanence — inscription %(status)s")
            % {"status": booking.get_status_display().lower()},
            author=booking.booked_by,
            obj=booking,
        )


def _stage_entries(dossier):

    for change in StageChange.objects.filter(dossier=dossier).select_related("changed_by"):
        yield TimelineEntry(
            at=change.changed_at,
            kind="stage",
            title=_("Étape : %(stage)s") % {"stage": change.get_to_stage_display()},
            author=change.changed_by,
            text=change.get_reason_display() if change.reason else "",
            obj=change,
        )


def _assignment_entries(dossier):

    for change in AssignmentChange.objects.filter(dossier=dossier).select_related(
        "from_user", "to_user", "changed_by"
    ):
        to_user = change.to_user
        name = (to_user.get_full_name() or to_user.email) if to_user else _("personne")
        yield TimelineEntry(
            at=change.changed_at,
            kind="assignment",
            title=_("Chargé(e) de mission : %(name)s") % {"name": name},
            author=change.changed_by,
            obj=change,
        )


def _installation_entries(dossier):

    installation = (
        InstallationOutcome.objects.filter(dossier=dossier).select_related("departement").first()
    )
    if installation is not None:
        yield TimelineEntry(
            at=timezone.make_aware(datetime.combine(installation.installed_on, time(12))),
            kind="installation",
            title=_("Installation à %(commune)s (%(departement)s)")
            % {"commune": installation.commune, "departement": installation.departement},
            obj=installation,
        )
