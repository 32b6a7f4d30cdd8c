"""National-scale data for bench/dashboard.py: 18 tenants sharing 100,000 dossiers, 5,000
sessions and 30,000 bookings (sizes from BENCH_* variables), written in bulk with dates spread
over the last eighteen months, and each tenant's indicator definitions (every computation of
the registry, and some entered ones with four quarters of values)."""

import os
import random
from datetime import timedelta

TENANTS = int(os.environ.get("BENCH_TENANTS", "18"))
DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "100000"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "5000"))
BOOKINGS = int(os.environ.get("BENCH_BOOKINGS", "30000"))
DAYS = 540  # eighteen months
BATCH = 5000
# The first tenant is a large region (a quarter of everything), the last a small département
# programme (a hundred dossiers): the dashboard's queries must be the same for both.
SMALL = 100
STAGES = {"to_contact": 55, "contacted": 15, "maturing": 9, "defined": 5, "under_way": 3,
          "installed": 5, "followed": 3, "closed": 5}  # fmt: skip
OUTCOMES = ["reached", "not_reached", "not_reached", "call_back", "qualified", "not_interested"]
ANNEX_OF = {"calls": 1, "permanences": 2, "follow_up": 3}


def shares(total):
    """The first tenant's share is a quarter, the last one's SMALL rows, the rest even."""
    if TENANTS == 1:
        return [total]
    first, last = total // 4, min(SMALL, total // 100)
    middle = (total - first - last) // max(TENANTS - 2, 1)
    return [first] + [middle] * (TENANTS - 2) + [last]


def _spread(table, column, tenant_id, days=DAYS):
    """Dates spread over `days` back from now (PostgreSQL), by row id."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = now() - (id %% %s) * interval '1 day' "  # noqa: S608
            "- (id %% 9) * interval '1 hour' WHERE tenant_id = %s",
            [days, tenant_id],
        )


def _tenant(index, departements):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import Membership, Role, Tenant, User

    slug = f"region-{index:02d}"
    tenant = Tenant.objects.create(slug=slug, name=f"Région {index:02d}",
                                   contact_email=f"{slug}@example.org")  # fmt: skip
    tenant.departements.set(departements)
    steering = User.objects.create(email=f"copil-{slug}@example.org", first_name="Copil")
    Membership.objects.create(tenant=tenant, user=steering, role=Role.STEERING)
    TOTP.activate(steering, generate_totp_secret())
    return tenant, steering


def _caseload(tenant, departements, size, rng):
    from django.utils import timezone

    from accounts.demo import rpps_for
    from caseload.models import Dossier, FollowUp, InstallationOutcome, Interaction, StageChange

    stages, weights = zip(*STAGES.items(), strict=True)
    dossiers = []
    for start in range(0, size, BATCH):
        dossiers += Dossier.objects.bulk_create(
            Dossier(tenant=tenant, first_name="Prénom", last_name=f"Nom{n}",
                    email=f"d{n}-{tenant.slug}@example.org", rpps=rpps_for(tenant.pk * 10**6 + n),
                    stage=(stage := rng.choices(stages, weights)[0]),
                    closed_reason="lost_contact" if stage == "closed" else "",
                    source=rng.choice(["call_campaign", "permanence", "cdom"]),
                    target_departement=departements[n % len(departements)])
            for n in range(start, min(start + BATCH, size))
        )  # fmt: skip
    StageChange.objects.bulk_create(
        (StageChange(tenant=tenant, dossier=d, to_stage=d.stage) for d in dossiers),
        batch_size=BATCH,
    )
    Interaction.objects.bulk_create(
        (Interaction(tenant=tenant, dossier=d, kind="call", occurred_at=d.created_at,
                     outcome=rng.choice(OUTCOMES)) for d in dossiers),
        batch_size=BATCH,
    )  # fmt: skip
    installed = [d for d in dossiers if d.stage in ("installed", "followed")]
    now = timezone.now()
    today = timezone.localdate()
    outcomes = InstallationOutcome.objects.bulk_create(
        InstallationOutcome(tenant=tenant, dossier=d, departement=d.target_departement,
                            installed_on=today - timedelta(days=rng.randint(0, DAYS)),
                            commune="Commune", practice_mode="liberal",
                            structure=rng.choice(["msp", "groupe", "cabinet"]),
                            zone_type=rng.choice(["zip", "zac", "outside"]),
                            aids_obtained=rng.choice([[], ["cde"]]))
        for d in installed
    )  # fmt: skip
    FollowUp.objects.bulk_create(
        (FollowUp(tenant=tenant, dossier_id=o.dossier_id, months_after=m,
                  due_on=o.installed_on + timedelta(days=30 * m),
                  done_at=now if rng.random() < 0.8 else None)
         for o in outcomes for m in (1, 3, 6, 12)),
        batch_size=BATCH,
    )  # fmt: skip
    for table, column in (("caseload_dossier", "created_at"), ("caseload_stagechange", "changed_at"),
                          ("caseload_interaction", "occurred_at")):  # fmt: skip
        _spread(table, column, tenant.pk)


def _permanences(tenant, departements, sessions, bookings, rng):
    from django.utils import timezone

    from accounts.models import User
    from permanences.models import Booking, SatisfactionResponse, Session

    now = timezone.now()
    made = Session.objects.bulk_create(
        Session(tenant=tenant, departement=departements[n % len(departements)],
                kind="information" if n % 10 == 0 else "interview",
                faculty=f"Faculté {n % 3}" if n % 10 == 0 else "",
                starts_at=(start := now - timedelta(days=DAYS * n // max(sessions, 1), hours=3)),
                ends_at=start + timedelta(hours=3, minutes=30), capacity=7, slot_minutes=30,
                status="held")
        for n in range(sessions)
    )  # fmt: skip
    interviews = [s for s in made if s.kind == "interview"] or made
    bookings = min(bookings, 7 * len(interviews))  # never more than a session's 7 places
    people = User.objects.bulk_create(
        (User(email=f"p{n}-{tenant.slug}@example.org", password="!") for n in range(bookings // 2 + 7)),
        batch_size=BATCH,
    )  # fmt: skip
    block = len(people) // 7  # the 7 people of a session come from 7 blocks: never twice
    rows = Booking.objects.bulk_create(
        (Booking(tenant=tenant, session=interviews[n // 7], status="confirmed", slot_index=n % 7,
                 person=people[(n % 7) * block + (n // 7) % block],
                 attendance=rng.choice(["present", "present", "present", "absent", "excused"]))
         for n in range(bookings)),
        batch_size=BATCH, ignore_conflicts=False,
    )  # fmt: skip
    SatisfactionResponse.objects.bulk_create(
        (SatisfactionResponse(tenant=tenant, booking=b, overall=rng.choice([5, 5, 4, 4, 3, 2]),
                              usefulness=4, would_recommend=True, intends_to_settle=True,
                              horizon="12m")
         for b in rows if b.attendance == "present" and rng.random() < 0.6),
        batch_size=BATCH,
    )  # fmt: skip


def _definitions(tenant):
    from conventions.models import Annex, Convention
    from evaluation.computations import registry
    from evaluation.models import EnteredValue, Indicator
    from evaluation.periods import Quarter

    convention = Convention.objects.create(tenant=tenant, title="Protocole", kind="protocol")
    annexes = {n: Annex.objects.create(tenant=tenant, convention=convention, number=n,
                                       title=f"Annexe {n}", axis="installation")
               for n in range(1, 9)}  # fmt: skip
    for position, computation in enumerate(registry.all_computations()):
        Indicator.objects.create(
            tenant=tenant, convention=convention, position=position,
            annex=annexes.get(ANNEX_OF.get(computation.code.split(".")[0])),
            code=computation.code.replace(".", "-").replace("_", "-"), label=str(computation.label),
            unit=computation.unit, source="computed", computation=computation.code, target=50,
        )  # fmt: skip
    quarters = [Quarter.current().minus(n) for n in range(5)]
    for number in range(4, 9):
        indicator = Indicator.objects.create(tenant=tenant, convention=convention,
                                             annex=annexes[number], code=f"saisi-{number}",
                                             label=f"Indicateur saisi {number}", source="entered")  # fmt: skip
        EnteredValue.objects.bulk_create(
            EnteredValue(tenant=tenant, indicator=indicator, period_start=q.start, value=number)
            for q in quarters
        )


def populate():
    """Every tenant with its share of the data; returns [(tenant, steering member)]."""
    from core.models import Departement

    rng = random.Random(2026)  # noqa: S311 (reproducible data, not a secret)
    departements = list(Departement.objects.order_by("insee_code"))
    tenants = []
    for index, (dossiers, sessions, bookings) in enumerate(
        zip(shares(DOSSIERS), shares(SESSIONS), shares(BOOKINGS), strict=True)
    ):
        own = departements[(index * 5) % len(departements) :][: 8 if index == 0 else 4]
        tenant, steering = _tenant(index, own)
        _caseload(tenant, own, dossiers, rng)
        _permanences(tenant, own, sessions, bookings, rng)
        _definitions(tenant)
        tenants.append((tenant, steering))
    return tenants
