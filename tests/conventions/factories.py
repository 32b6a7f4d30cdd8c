from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conventions import services
from conventions.models import (
    Annex,
    Axis,
    BudgetLine,
    BudgetNature,
    Convention,
    ConventionKind,
    Meeting,
    MeetingKind,
    Milestone,
    Partner,
    PartnerKind,
)
from tests.accounts.factories import TenantFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = PartnerKind.OTHER


class ConventionFactory(factory.django.DjangoModelFactory):
    """A convention signed a month ago, in force for two years from its signature."""

    class Meta:
        model = Convention

    tenant = factory.SubFactory(TenantFactory)
    title = factory.Sequence(lambda n: f"Convention {n}")
    kind = ConventionKind.CONVENTION
    signature_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    start_date = factory.SelfAttribute("signature_date")
    duration_months = 24


class AnnexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annex

    convention = factory.SubFactory(ConventionFactory)
    tenant = factory.SelfAttribute("convention.tenant")
    number = factory.Sequence(lambda n: n % 90 + 1)
    title = factory.Sequence(lambda n: f"Fiche action {n}")
    axis = Axis.INSTALLATION
    objectives = "Informer et conseiller les médecins."


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    annex = factory.SubFactory(AnnexFactory)
    tenant = factory.SelfAttribute("annex.tenant")
    nature = BudgetNature.FUNDING
    year = 2024
    amount = 1000
    pays_for = "1 ETP de chargé(e) de mission"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    convention = factory.SubFactory(ConventionFactory)
    tenant = factory.SelfAttribute("convention.tenant")
    label = factory.Sequence(lambda n: f"Jalon {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    convention = factory.SubFactory(ConventionFactory)
    tenant = factory.SelfAttribute("convention.tenant")
    kind = MeetingKind.STEERING
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    agenda = "Suivi des actions"


def pdf_upload(name="convention-signee.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_document(convention, title="Convention signée"):
    return services.add_document(
        convention=convention, title=title, uploaded_file=pdf_upload(), uploaded_by=None
    )
