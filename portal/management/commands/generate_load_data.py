"""`manage.py generate_load_data --scale region|national`: load data for the benchmarks.

Writes, in an empty migrated PostgreSQL database, the tenants (one per region), their staff,
the people with profiles, dossiers, interactions, sessions, bookings, questionnaires, four
quarters of indicator values and the aids atlas (portal/loadgen), printing each part's time.
The same scale, seed and day give the same rows. Every account's password is
portal.loadgen.people.PASSWORD: never run it on a database that real people use.
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from portal.loadgen.run import generate
from portal.loadgen.scales import SCALES


class Command(BaseCommand):
    help = "Charge des données de test à l'échelle d'une région ou de la France (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="region")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--day", type=date.fromisoformat, default=None,
                            help="the day the dates count from (default today), YYYY-MM-DD")  # fmt: skip
        parser.add_argument("--no-atlas", action="store_true", help="skip the aids atlas")
        parser.add_argument("--compute-indicators", action="store_true",
                            help="run the real quarterly computations (slow) instead of drawn values")  # fmt: skip

    def handle(self, *args, scale, seed, day, no_atlas, compute_indicators, **options):
        from django.utils import timezone

        from accounts.models import Tenant

        if Tenant.objects.filter(slug__startswith="charge-").exists():
            raise CommandError("Load data is already there: generate it in an empty database.")
        started = time.perf_counter()

        def report(part, seconds):
            self.stdout.write(f"{part:<60} {seconds:>7.1f} s")

        counts = generate(SCALES[scale], seed=seed, day=day or timezone.localdate(),
                          atlas=not no_atlas, compute_indicators=compute_indicators,
                          report=report)  # fmt: skip
        written = ", ".join(f"{name} {number:,}" for name, number in counts.items())
        self.stdout.write(f"{scale}: {written} in {time.perf_counter() - started:.0f} s")
