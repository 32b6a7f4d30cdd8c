"""The load, part by part, each timed (`manage.py generate_load_data`)."""

import random
import time
from contextlib import contextmanager
from datetime import datetime
from datetime import time as day_time

from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from . import caseload, evaluation, people, permanences


@contextmanager
def timed(report, part):
    started = time.perf_counter()
    yield
    report(part, time.perf_counter() - started)


def anchor_for(day):
    """Noon (Paris) of `day`: every date of the load is counted from it."""
    return timezone.make_aware(datetime.combine(day, day_time(12)))


def generate(
    scale, *, seed, day, atlas=True, compute_indicators=False, report=lambda part, seconds: None
):
    """Write the whole load of `scale`; returns the number of rows written per part."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The load is written with PostgreSQL's COPY: set DATABASE_URL.")
    rng = random.Random(seed)  # noqa: S311 (reproducible data, not a secret)
    anchor = anchor_for(day)
    counts = {}
    with scopes_disabled(), transaction.atomic():
        with timed(report, "tenants and staff"):
            tenants = people.tenants(scale, anchor)
        counts["tenants"] = len(tenants)
        with timed(report, "people, e-mail addresses, profiles"):
            people_by_tenant = people.people(scale, tenants, rng, anchor)
        counts["people"] = sum(len(ids) for ids in people_by_tenant.values())
        with timed(report, "dossiers and first stages"):
            dossiers = caseload.dossiers(scale, tenants, people_by_tenant, rng, anchor)
        counts["dossiers"] = len(dossiers)
        with timed(report, "interactions"):
            counts["interactions"] = caseload.interactions(scale, dossiers, rng, anchor)
        with timed(report, "installations and follow-ups"):
            counts["installations"] = caseload.installations(dossiers, rng, anchor)
        with timed(report, "sessions"):
            sessions = permanences.sessions(scale, tenants, anchor)
        counts["sessions"] = sum(len(rows) for rows in sessions.values())
        with timed(report, "bookings"):
            bookings = permanences.bookings(scale, sessions, people_by_tenant, rng, anchor)
        counts["bookings"] = len(bookings)
        with timed(report, "questionnaire answers"):
            counts["answers"] = permanences.answers(scale, bookings, rng, anchor)
        with timed(report, "ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        with timed(report, f"indicators, {scale.quarters} quarters published and the running one"):
            counts["indicator_values"] = evaluation.indicator_values(
                scale, tenants, rng, anchor, compute=compute_indicators
            )
    if atlas:
        from aids.atlas import import_atlas
        from aids.models import AidMeasure

        with timed(report, "the aids atlas"):
            import_atlas()
        counts["aids"] = AidMeasure.objects.count()
    return counts
