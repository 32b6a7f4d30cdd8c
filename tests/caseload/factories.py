"""Factories of the caseload app: dossiers, their history, campaigns and the follow-up."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.demo import rpps_for
from caseload.models import (
    AssignmentChange,
    Campaign,
    CampaignTarget,
    Dossier,
    FollowUp,
    InstallationOutcome,
    Interaction,
    InteractionKind,
    LinkMethod,
    Source,
    Stage,
    StageChange,
)
from core.models import Departement
from tests.accounts.factories import TenantFactory


def departement(code="91"):
    return Departement.objects.get(insee_code=code)


class DossierFactory(factory.django.DjangoModelFactory):
    """An imported contact (no account), to contact, with a unique e-mail and a valid RPPS."""

    class Meta:
        model = Dossier

    tenant = factory.SubFactory(TenantFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "06 12 34 56 78"
    rpps = factory.Sequence(lambda n: rpps_for(50_000_000 + n))
    specialty = "medecine_generale"
    stage = Stage.TO_CONTACT
    source = Source.CALL_CAMPAIGN
    person = None
    # A dossier given an account in a test was opened from it: a proven link.
    link_method = factory.Maybe("person", yes_declaration=LinkMethod.OPENED, no_declaration="")


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    dossier = factory.SubFactory(DossierFactory)
    tenant = factory.SelfAttribute("dossier.tenant")
    from_stage = Stage.TO_CONTACT
    to_stage = Stage.CONTACTED


class AssignmentChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssignmentChange

    dossier = factory.SubFactory(DossierFactory)
    tenant = factory.SelfAttribute("dossier.tenant")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    dossier = factory.SubFactory(DossierFactory)
    tenant = factory.SelfAttribute("dossier.tenant")
    kind = InteractionKind.CALL
    occurred_at = factory.LazyFunction(timezone.now)
    text = "Premier échange."


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Campagne {n}")


class CampaignTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTarget

    campaign = factory.SubFactory(CampaignFactory)
    tenant = factory.SelfAttribute("campaign.tenant")
    dossier = factory.SubFactory(DossierFactory, tenant=factory.SelfAttribute("..tenant"))


class InstallationOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstallationOutcome

    dossier = factory.SubFactory(DossierFactory, stage=Stage.INSTALLED)
    tenant = factory.SelfAttribute("dossier.tenant")
    installed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    commune = "Étampes"
    departement = factory.LazyFunction(departement)
    practice_mode = "liberal"
    structure = "msp"
    zone_type = "zip"
    aids_obtained = ["cde"]


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    dossier = factory.SubFactory(DossierFactory, stage=Stage.INSTALLED)
    tenant = factory.SelfAttribute("dossier.tenant")
    months_after = 1
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    topics = ["comptabilite"]
