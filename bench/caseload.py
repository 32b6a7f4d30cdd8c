"""The case manager's pages with 100,000 dossiers in the tenant, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/caseload.py

DATABASE_URL names the PostgreSQL server (its database part is ignored): the script creates a
throw-away database (cap_bench_caseload), migrates it and fills two tenants with the same
shape of data, one with BENCH_DOSSIERS dossiers (default 100,000) and one with 1/1000 of it:
ten case managers and an admin, every dossier with its first stage and an interaction, the
installed ones with their follow-up (some overdue), call-backs due today, a campaign over half
the dossiers, people with upcoming permanence bookings. It then sends BENCH_REQUESTS (default
20) requests per page through django.test.Client as a case manager (the admin for the load
table), with production settings, and prints the median and p95 server time and the number of
SQL queries of each page in the big tenant, beside the median and queries in the small one (what
the rows cost, and queries that do not grow with them). It drops the database at the end (unless BENCH_KEEP_DATABASE is set, to
EXPLAIN the queries).
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bench_database, measure  # noqa: E402

DB_NAME = "cap_bench_caseload"
DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
MANAGERS = 10
BATCH = 5000
GOAL_MS = 300
# Stage weights of a caseload fed by call campaigns: most people are still to be reached.
STAGE_WEIGHTS = {
    "to_contact": 60,
    "contacted": 15,
    "maturing": 8,
    "defined": 5,
    "under_way": 3,
    "installed": 3,
    "followed": 2,
    "closed": 4,
}
DEPARTEMENTS = ["75", "77", "78", "91", "92", "93", "94", "95"]
TAGS = [[], [], [], ["cesp"], ["msu"], ["cesp", "zip"]]


def populate(slug, size, seed):
    """A tenant with `size` dossiers; returns what the pages need (users and object ids)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from accounts.demo import rpps_for
    from accounts.models import Membership, Role, Tenant, User
    from caseload.models import (
        Campaign,
        CampaignTarget,
        Dossier,
        FollowUp,
        InstallationOutcome,
        Interaction,
        StageChange,
    )
    from core.models import Departement
    from core.paging import last_cursor
    from permanences.models import Booking, Session

    rng = random.Random(seed)  # noqa: S311 (reproducible data, not a secret)
    now, today = timezone.now(), timezone.localdate()
    departements = {
        d.insee_code: d for d in Departement.objects.filter(insee_code__in=DEPARTEMENTS)
    }
    tenant = Tenant.objects.create(
        slug=slug, name=slug.title(), contact_email=f"{slug}@example.org"
    )
    tenant.departements.set(departements.values())

    def staff(email, role):
        user = User.objects.create(email=email, first_name=email.split("@")[0], last_name=slug)
        Membership.objects.create(tenant=tenant, user=user, role=role)
        TOTP.activate(user, generate_totp_secret())
        return user

    managers = [staff(f"cm{i}-{slug}@example.org", Role.CASE_MANAGER) for i in range(MANAGERS)]
    admin = staff(f"admin-{slug}@example.org", Role.ADMIN)

    # People with an account (about one dossier in 100), each with an upcoming booking.
    people = User.objects.bulk_create(
        User(email=f"person{n}-{slug}@example.org", password="!", first_name="Personne",
             last_name=f"N{n}")
        for n in range(max(size // 100, 1))
    )  # fmt: skip
    EmailAddress.objects.bulk_create(
        EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in people
    )
    stages, weights = zip(*STAGE_WEIGHTS.items(), strict=True)
    offset = seed * 10_000_000
    dossiers = []
    for start in range(0, size, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, size)):
            stage = rng.choices(stages, weights)[0]
            batch.append(
                Dossier(
                    tenant=tenant,
                    # One dossier in 101 has an account (101: spread over the case managers).
                    person=people[n // 101] if n % 101 == 0 and n // 101 < len(people) else None,
                    first_name=f"Prénom{n}",
                    last_name=f"Nom{n}",
                    email=f"contact{n}-{slug}@example.org",
                    phone="06 12 34 56 78",
                    rpps=rpps_for(offset + n),
                    specialty="medecine_generale",
                    diploma_year=2010 + n % 15,
                    faculty="Université Paris Cité",
                    # One dossier in 50 waits for a case manager.
                    assigned_to=None if n % 50 == 49 else managers[n % MANAGERS],
                    stage=stage,
                    closed_reason="lost_contact" if stage == "closed" else "",
                    closed_at=now - timedelta(days=rng.randint(1, 900))
                    if stage == "closed"
                    else None,
                    source="call_campaign",
                    target_departement=departements[DEPARTEMENTS[n % len(DEPARTEMENTS)]],
                    tags=TAGS[n % len(TAGS)],
                    # One in 21 has a next action due today or late (21: spread over the 10
                    # case managers, where 20 would give them all to one).
                    next_action="Rappeler" if n % 21 == 0 else "",
                    next_action_on=today - timedelta(days=n % 5) if n % 21 == 0 else None,
                )
            )
        dossiers += Dossier.objects.bulk_create(batch)
    for start in range(0, size, BATCH):
        chunk = dossiers[start : start + BATCH]
        StageChange.objects.bulk_create(
            StageChange(tenant=tenant, dossier=d, to_stage=d.stage, changed_by=admin) for d in chunk
        )
        Interaction.objects.bulk_create(
            Interaction(tenant=tenant, dossier=d, kind="call", occurred_at=now - timedelta(days=3),
                        author=d.assigned_to, outcome="not_reached", text="Messagerie.")
            for d in chunk
        )  # fmt: skip

    installed = [d for d in dossiers if d.stage in ("installed", "followed")]
    InstallationOutcome.objects.bulk_create(
        InstallationOutcome(tenant=tenant, dossier=d, installed_on=today - timedelta(days=100),
                            commune="Étampes", departement=departements["91"],
                            practice_mode="liberal", structure="msp", aids_obtained=["cde"])
        for d in installed
    )  # fmt: skip
    # M+1 done, M+3 and M+6 overdue for half of them: the case managers' alerts.
    FollowUp.objects.bulk_create(
        FollowUp(tenant=tenant, dossier=d, months_after=months,
                 due_on=today - timedelta(days=100 - 30 * months),
                 done_at=now if months == 1 or i % 2 else None, topics=["accounting"])
        for i, d in enumerate(installed)
        for months in (1, 3, 6, 12)
    )  # fmt: skip

    campaign = Campaign.objects.create(tenant=tenant, name="Aller vers 2026")
    campaign.case_managers.set(managers)
    targets = [d for d in dossiers if d.stage != "closed"][: size // 2]
    CampaignTarget.objects.bulk_create(
        (
            CampaignTarget(
                tenant=tenant, campaign=campaign, dossier=d,
                status="call_back" if i % 10 == 0 else "pending",
                attempts=0 if i % 3 else 1,
                last_attempt_at=None if i % 3 else now - timedelta(days=2),
                call_back_at=now - timedelta(hours=1) + timedelta(days=i % 3) if i % 10 == 0
                else None,
            )
            for i, d in enumerate(targets)
        ),
        batch_size=BATCH,
    )  # fmt: skip

    start_at = (now + timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)
    sessions = Session.objects.bulk_create(
        Session(tenant=tenant, departement=departements[DEPARTEMENTS[i % 8]],
                starts_at=start_at + timedelta(days=i), ends_at=start_at + timedelta(days=i, hours=3),
                capacity=7, slot_minutes=30, status="published")
        for i in range(max(len(people) // 7 + 1, 1))
    )  # fmt: skip
    Booking.objects.bulk_create(
        Booking(tenant=tenant, session=sessions[i // 7], person=p, status="confirmed",
                slot_index=i % 7)
        for i, p in enumerate(people)
    )  # fmt: skip
    return {
        "slug": slug,
        "manager": managers[0],
        "admin": admin,
        "dossier": next(d for d in dossiers if d.stage == "installed").pk,
        "campaign": campaign.pk,
        "search_name": f"Nom{size // 2 + 10}",
        "search_rpps": rpps_for(offset + size // 3)[:8],
        # The list is paged by key (core.paging): the last page's cursor names no row.
        "last_page": last_cursor(Dossier.objects.all()),
    }


def pages(data):
    slug = data["slug"]
    home = f"/{slug}/suivi/"
    return [
        ("home: my dossiers", "manager", home),
        ("home: everyone's, page 1", "manager", f"{home}?assigned_to="),
        ("home: everyone's, last page", "manager", f"{home}?assigned_to=&page={quote(data['last_page'])}"),
        ("home: search a name", "manager", f"{home}?assigned_to=&q={data['search_name']}"),
        ("home: search an RPPS prefix", "manager", f"{home}?assigned_to=&q={data['search_rpps']}"),
        ("home: installed, overdue, tag", "manager",
         f"{home}?assigned_to=&stage=installed&overdue=on&tag=cesp"),
        ("home as admin (load table)", "admin", home),
        ("dossier and its timeline", "manager", f"/{slug}/suivi/dossiers/{data['dossier']}/"),
        ("campaign progress", "manager", f"/{slug}/suivi/campagnes/{data['campaign']}/"),
        ("call queue: next person", "manager", f"/{slug}/suivi/campagnes/{data['campaign']}/appels/"),
    ]  # fmt: skip


def main():
    with bench_database(DB_NAME, "caseload.py", "migrate, collectstatic"):
        from django.db import connection
        from django.test import Client
        from django_scopes import scopes_disabled

        small_size = max(DOSSIERS // 1000, 100)
        started = time.perf_counter()
        with scopes_disabled():
            big = populate("grand", DOSSIERS, seed=1)
            small = populate("petit", small_size, seed=2)
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load (PostgreSQL 13+ vacuums after inserts too):
            # statistics, and the visibility map that lets counts read an index alone.
            cursor.execute("VACUUM ANALYZE")
        print(
            f"   {DOSSIERS:,} and {small_size:,} dossiers (with stages, interactions, follow-ups, "
            f"campaign targets) written in {time.perf_counter() - started:.0f} s"
        )
        print(
            f"== Server time over {REQUESTS} requests per page (django.test.Client, production "
            "settings, PostgreSQL)"
        )
        print(
            f"{'page':<34} {'median':>9} {'p95':>9} {'queries':>8}   "
            f"with {small_size:,} dossiers: {'median':>9} {'queries':>8}"
        )
        worst = 0
        grown = []
        for (name, who, path), (_, _, small_path) in zip(pages(big), pages(small), strict=True):
            client, small_client = Client(), Client()
            client.force_login(big[who])
            small_client.force_login(small[who])
            median, p95, queries, _ = measure(client, path, REQUESTS)
            small_median, _, small_queries, _ = measure(small_client, small_path, 5)
            worst = max(worst, p95)
            if queries > small_queries:
                grown.append(name)
            print(
                f"{name:<34} {median:>6.0f} ms {p95:>6.0f} ms {queries:>8}   "
                f"{'':>{len(f'with {small_size:,} dossiers:')}} {small_median:>6.0f} ms "
                f"{small_queries:>8}"
            )
        verdict = "OK" if worst < GOAL_MS else "OVER"
        print(
            f"slowest page p95 {worst:.0f} ms against a goal of {GOAL_MS} ms ({verdict}); "
            + (f"queries grew on: {', '.join(grown)}" if grown else "no page's queries grew")
        )


if __name__ == "__main__":
    main()
