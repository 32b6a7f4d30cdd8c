"""The dossiers of the demo interns who shared their profile with the tenant, linked to their
accounts."""

from datetime import timedelta

from accounts.models import Profile

from ..models import (
    Dossier,
    Interaction,
    InteractionKind,
    LinkMethod,
    Outcome,
    Source,
    Stage,
)
from ..services import add_months
from .data import MATURITY_STAGES


def interns(seeder):
    """Open (once) the dossier of each intern who shared their profile; returns how many."""
    linked = 0
    owner = seeder.managers[0] if seeder.managers else None
    profiles = (
        Profile.objects.filter(followed_tenant=seeder.tenant, share_consent_at__isnull=False)
        .select_related("user")
        .order_by("user__email")
    )
    for profile in profiles:
        user = profile.user
        dossier, created = Dossier.objects.get_or_create(
            tenant=seeder.tenant,
            person=user,
            defaults={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "phone": profile.phone,
                "rpps": profile.rpps,
                "specialty": profile.specialty,
                "faculty": profile.faculty,
                "practice_mode": profile.practice_mode,
                "source": Source.SELF_REGISTRATION,
                "link_method": LinkMethod.OPENED,
                "assigned_to": owner,
            },
        )
        if not created:
            continue
        linked += 1
        _history(seeder, dossier, profile, owner)
    return linked


def _history(seeder, dossier, profile, owner):
    """Welcomed by e-mail, then at the stage their profile's maturity says (installed: four
    months ago, a touchpoint late)."""
    registered = profile.share_consent_at - timedelta(days=60)
    stage = MATURITY_STAGES.get(profile.maturity, Stage.CONTACTED)
    seeder.stage(dossier, "", Stage.TO_CONTACT, registered, owner)
    if owner:
        seeder.assignment(dossier, owner, registered, owner)
    Interaction.objects.create(
        tenant=seeder.tenant,
        dossier=dossier,
        kind=InteractionKind.EMAIL,
        occurred_at=registered + timedelta(days=2),
        author=owner,
        outcome=Outcome.REACHED,
        text="Message de bienvenue : présentation du guichet unique et des permanences.",
        shareable=True,
    )
    seeder.stage(dossier, Stage.TO_CONTACT, Stage.CONTACTED, registered + timedelta(days=2), owner)
    Interaction.objects.create(
        tenant=seeder.tenant,
        dossier=dossier,
        kind=InteractionKind.NOTE,
        occurred_at=registered + timedelta(days=3),
        author=owner,
        text="Profil motivé ; à orienter vers la permanence de son département.",
    )
    if stage not in (Stage.TO_CONTACT, Stage.CONTACTED):
        seeder.stage(dossier, Stage.CONTACTED, stage, registered + timedelta(days=20), owner)
    departements = list(profile.departements_considered.all())
    if departements:
        dossier.target_departement = departements[0]
    if stage == Stage.INSTALLED:
        installed_on = add_months(seeder.today, -4)
        dossier.target_departement = dossier.target_departement or seeder.departements.get("77")
        seeder.install(dossier, installed_on, owner, late=True)
    dossier.stage = stage
    dossier.save()
    Dossier.objects.filter(pk=dossier.pk).update(created_at=registered)
