"""Demo caseload: the "aller vers" campaign of annex 1 with a few hundred imported contacts at
every stage of the funnel, their timelines, installations with their follow-up (some late),
and the dossiers of the demo interns who shared their profile, linked to their accounts.

Reproducible (Faker fr_FR and `random` seeded) and idempotent: a contact is found by its
e-mail address, and only a dossier created by this run gets a timeline. Dates are relative to
the first run. Call it inside `scopes_disabled()` (seed_demo does).
"""

from ..models import Campaign
from .contacts import contact
from .data import CONTACTS, DEMO_CAMPAIGN
from .interns import interns
from .seeder import Seeder

__all__ = ["CONTACTS", "DEMO_CAMPAIGN", "seed_caseload"]


def seed_caseload(tenant):
    """Seed the tenant's demo caseload; returns how many dossiers this run created."""
    seeder = Seeder(tenant)
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
    created = sum(contact(seeder, index, campaign) for index in range(CONTACTS))
    from .attendees import seed_attendees  # it builds on this module's seeder

    return created + interns(seeder) + seed_attendees(seeder)
