"""Demo dossiers of the people received at the demo permanences (the attendee pool of
permanences.demo): opened at their first permanence, most of them installed within the
following year, as the protocol's "81 % installed" says, with their 12-month follow-up.
Reproducible (seeded per person) and idempotent (a person has one dossier per tenant)."""

import random
from datetime import timedelta

from accounts.models import User

from ..models import Dossier, LinkMethod, Source, Stage
from ..services import add_months
from .data import _at

ATTENDEE_PREFIX = "participant"
INSTALLED_SHARE = 0.8


def _first_visits(tenant):
    """{person: (first day present at a held permanence, its département)} for the pool."""
    from permanences.models import Booking

    visits = {}
    rows = (
        Booking.objects.filter(
            tenant=tenant,
            session__kind="interview",
            session__status="held",
            attendance="present",
            person__email__startswith=ATTENDEE_PREFIX,
        )
        .order_by("session__starts_at")
        .values_list("person_id", "session__starts_at", "session__departement_id")
    )
    for person_id, starts_at, departement_id in rows:
        visits.setdefault(person_id, (starts_at, departement_id))
    return visits


def seed_attendees(seeder):
    """Open the attendees' dossiers; returns how many this run created."""
    tenant, owner = seeder.tenant, (seeder.managers[0] if seeder.managers else None)
    visits = _first_visits(tenant)
    people = User.objects.in_bulk(list(visits))
    created = 0
    for person_id, (first_seen, departement_id) in sorted(visits.items()):
        person = people[person_id]
        if Dossier.objects.filter(tenant=tenant, person=person).exists():
            continue
        rng = random.Random(f"attendee-{person.email}")  # noqa: S311 (demo data)
        dossier = Dossier.objects.create(
            tenant=tenant, person=person, link_method=LinkMethod.EMAIL, email=person.email,
            first_name=person.first_name, last_name=person.last_name,
            source=Source.PERMANENCE, target_departement_id=departement_id,
            specialty="medecine_generale", assigned_to=owner, practice_mode="liberal",
        )  # fmt: skip
        seeder.stage(dossier, "", Stage.TO_CONTACT, first_seen, owner)
        seeder.stage(
            dossier, Stage.TO_CONTACT, Stage.MATURING, first_seen + timedelta(days=1), owner
        )
        stage = Stage.MATURING
        installed_on = add_months(first_seen.date(), rng.randint(2, 11))
        if rng.random() < INSTALLED_SHARE and installed_on < seeder.today:
            seeder.stage(dossier, stage, Stage.INSTALLED, _at(installed_on, 18), owner)
            seeder.install(dossier, installed_on, owner, late=rng.random() < 0.1,
                           departement=dossier.target_departement)  # fmt: skip
            stage = Stage.INSTALLED
            if not dossier.follow_ups.filter(done_at__isnull=True).exists():
                seeder.stage(
                    dossier, stage, Stage.FOLLOWED, first_seen + timedelta(days=400), owner
                )
                stage = Stage.FOLLOWED
        dossier.stage = stage
        dossier.save(update_fields=["stage"])
        Dossier.objects.filter(pk=dossier.pk).update(created_at=first_seen)
        created += 1
    return created
