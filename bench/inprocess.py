"""The in-process part of `make bench`, on the database the load was generated in, with
production settings (DJANGO_SETTINGS_MODULE, DATABASE_URL from bench/run.py). Prints one JSON
line of figures. Subcommands, each in a process of its own (their peak memory apart):

  pages      the steering dashboard (largest and smallest tenant: time and queries), one
             quarterly PDF and every tenant's, the case manager's first and last page of a
             tenant of BENCH_DOSSIERS dossiers (bench/caseload.py's data)
  copy CSV   the contact file's rows written by COPY (the import's floor)
  reminders  N confirmed bookings due for a reminder: two sweeps at once, then two relays at
             once, and whether each person got exactly one e-mail
"""

import csv
import json
import os
import resource
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import django

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.append(str(BENCH))  # after the project: bench/caseload.py must not hide the app
django.setup()

from common import measure  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load_tenants():
    """[(tenant, steering member)] of the load data, largest first (by dossiers)."""
    from django.db.models import Count

    from accounts.models import Membership, Role, Tenant
    from caseload.models import Dossier

    sizes = dict(
        Dossier.objects.values("tenant").annotate(n=Count("id")).values_list("tenant", "n")
    )
    tenants = sorted(Tenant.objects.filter(slug__startswith="charge-"),
                     key=lambda t: (-sizes.get(t.pk, 0), t.slug))  # fmt: skip
    steering = {m.tenant_id: m.user for m in Membership.objects.filter(role=Role.STEERING)
                .select_related("user")}  # fmt: skip
    return [(t, steering[t.pk]) for t in tenants], sizes


def _bench_module(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(requests, dossiers):
    import dashboard as dashboard_bench

    caseload_bench = _bench_module("caseload")

    figures = {}
    with scopes_disabled():
        tenants, sizes = _load_tenants()
    (big, big_user), (small, small_user) = tenants[0], tenants[-1]
    figures["dashboard_tenants"] = {"largest": [big.slug, sizes.get(big.pk, 0)],
                                    "smallest": [small.slug, sizes.get(small.pk, 0)]}  # fmt: skip
    rows, worst = [], 0.0
    for (name, path), (_n, small_path) in zip(
        dashboard_bench.pages(big), dashboard_bench.pages(small), strict=True
    ):
        client, small_client = Client(), Client()
        client.force_login(big_user)
        small_client.force_login(small_user)
        median, p95, queries, _ = measure(client, path, requests)
        _m, _p, small_queries, _ = measure(small_client, small_path, 3)
        rows.append({"page": name, "median_ms": round(median, 1), "p95_ms": round(p95, 1),
                     "queries": queries, "queries_smallest": small_queries})  # fmt: skip
        if not name.startswith("export"):
            worst = max(worst, p95)
    figures["dashboard_pages"] = rows
    figures["dashboard_national_p95_ms"] = round(worst, 1)
    figures["dashboard_queries_national"] = rows[0]["queries"]
    figures["dashboard_queries_small"] = rows[0]["queries_smallest"]
    (cold, warm), size, every = dashboard_bench.time_reports(tenants)
    figures.update(pdf_one_s=round(warm, 2), pdf_one_cold_s=round(cold, 2),
                   pdf_all_tenants_s=round(every, 1), pdf_tenants=len(tenants))  # fmt: skip

    started = time.perf_counter()
    with scopes_disabled():
        data = caseload_bench.populate("grand", dossiers, seed=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    figures["caseload_dossiers"] = dossiers
    figures["caseload_populate_s"] = round(time.perf_counter() - started, 1)
    caseload_pages = caseload_bench.pages(data)
    client = Client()
    client.force_login(data["manager"])
    (_n1, _w1, first), (_n2, _w2, last) = caseload_pages[1], caseload_pages[2]
    _m, first_p95, first_queries, _ = measure(client, first, requests)
    _m, last_p95, last_queries, _ = measure(client, last, requests)
    figures.update(caseload_first_page_p95_ms=round(first_p95, 1),
                   caseload_last_page_p95_ms=round(last_p95, 1),
                   caseload_last_page_ratio=round(last_p95 / first_p95, 2),
                   caseload_queries=[first_queries, last_queries])  # fmt: skip
    return figures


def copy_contacts(path):
    """The contact file's rows as dossiers (and first stages), by COPY, in one transaction."""
    from accounts.models import Tenant
    from caseload.models import Dossier, StageChange
    from core.models import Departement
    from portal.loadgen.bulk import copy_rows

    started = time.perf_counter()
    now = timezone.now()
    with scopes_disabled(), transaction.atomic():
        tenant = Tenant.objects.create(
            slug="bench-copy", name="Copie", contact_email="c@example.org"
        )
        departements = dict(Departement.objects.values_list("insee_code", "pk"))
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            rows = [{"tenant_id": tenant.pk, "last_name": r[0], "first_name": r[1], "email": r[2],
                     "phone": r[3], "rpps": r[4], "specialty": "medecine_generale",
                     "diploma_year": int(r[6]), "faculty": r[7], "source": "import",
                     "target_departement_id": departements[r[8]], "stage": "to_contact"}
                    for r in reader]  # fmt: skip
        copy_rows(Dossier, rows, now=now)
        copy_rows(StageChange, ({"tenant_id": tenant.pk, "dossier_id": d["id"],
                                 "to_stage": "to_contact"} for d in rows), now=now)  # fmt: skip
    return {"rows": len(rows), "seconds": time.perf_counter() - started}


def _due_bookings(count, now):
    """`count` bookings confirmed ten days ago on sessions starting in 20 hours (their day-before
    reminder is due); returns their ids."""
    from accounts.models import Tenant, User
    from core.models import OutboxMessage
    from permanences.models import Booking, Session

    with scopes_disabled():
        tenant = Tenant.objects.create(
            slug="bench-rappels", name="Rappels", contact_email="r@example.org"
        )
        departement = tenant.departements.model.objects.order_by("insee_code").first()
        tenant.departements.set([departement])
        people = list(User.objects.filter(email__startswith="interne").order_by("pk")
                      .values_list("pk", flat=True)[:7 * 50])  # fmt: skip
        starts = now + timedelta(hours=20)
        sessions = Session.objects.bulk_create(
            Session(tenant=tenant, departement=departement, starts_at=starts + timedelta(minutes=i % 60),
                    ends_at=starts + timedelta(hours=3), capacity=7, slot_minutes=30,
                    status="published")
            for i in range(-(-count // 7))
        )  # fmt: skip
        bookings = Booking.objects.bulk_create(
            (Booking(tenant=tenant, session=sessions[n // 7], person_id=people[(n // 7 % 50) * 7 + n % 7],
                     status="confirmed", slot_index=n % 7, confirmed_at=now - timedelta(days=10))
             for n in range(count)),
            batch_size=5000,
        )  # fmt: skip
        # Only these messages are relayed: the storms' confirmations are left pending.
        OutboxMessage.objects.filter(status="pending").update(
            next_attempt_at=now + timedelta(days=1)
        )
    return {b.pk for b in bookings}


def reminders(count):
    """`count` bookings due for their day-before reminder; two sweeps at once, then two relays
    at once: every booking's reminder recorded once and sent once."""
    from core import outbox
    from core.models import OutboxMessage
    from permanences.emails import booking_key
    from permanences.notifications import reminder_kind
    from permanences.tasks import send_due_reminders

    ids = _due_bookings(count, timezone.now())
    started = time.perf_counter()
    _twice(send_due_reminders)
    swept = time.perf_counter() - started
    with scopes_disabled():
        keys = list(
            OutboxMessage.objects.filter(key__contains=":reminder_").values_list("key", flat=True)
        )
    reminded = [int(k.split(":")[1]) for k in keys if int(k.split(":")[1]) in ids]
    started = time.perf_counter()
    # Two relays at once, in two processes (as two workers would be; threads would share one
    # core under the GIL): each prints the Message-IDs it sent.
    relays = [subprocess.Popen([sys.executable, __file__, "relay"], stdout=subprocess.PIPE,
                               text=True) for _ in range(2)]  # fmt: skip
    outputs = [json.loads(r.communicate()[0].strip().splitlines()[-1]) for r in relays]
    relayed = time.perf_counter() - started
    counts = [o["counts"] for o in outputs]
    sent = [message for o in outputs for message in o["message_ids"]]
    # The load's own upcoming bookings get their reminders too: count these bookings' only.
    expected = {outbox.message_id(booking_key(pk, reminder_kind(1))) for pk in ids}
    mine = [message for message in sent if message in expected]
    sent_once = len(reminded) == count == len(set(reminded)) == len(mine) == len(set(mine))
    return {"reminders": count, "recorded": len(reminded), "emails": len(mine),
            "emails_all": len(sent), "relayed": sum(c["sent"] for c in counts),
            "sweep_s": round(swept, 1), "relay_s": round(relayed, 1), "sent_once": sent_once}  # fmt: skip


def _twice(function):
    """Run `function` in two threads at once (each with its own connection)."""
    results = []

    def run():
        try:
            results.append(function())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "relay":
        from django.core import mail

        from core import outbox

        counts = outbox.relay(limit=10**6)
        ids = [m.extra_headers.get("Message-ID") for m in getattr(mail, "outbox", [])]
        print(json.dumps({"counts": counts, "message_ids": ids}))
        sys.exit(0)
    if command == "pages":
        figures = pages(int(os.environ.get("BENCH_REQUESTS", "20")),
                        int(os.environ.get("BENCH_DOSSIERS", "100000")))  # fmt: skip
    elif command == "copy":
        figures = copy_contacts(sys.argv[2])
    else:
        figures = reminders(int(sys.argv[2]))
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(figures, default=str))
