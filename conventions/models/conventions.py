"""Conventions and protocols between partners: who signs and commits to what, from when to when,
how the partners meet and what is due when (.schedule), and the signed documents."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel

from ..storage import document_path, get_private_storage
from .base import OwnedByParent

if TYPE_CHECKING:  # a convention's milestones live in .schedule, which imports this module
    from .schedule import Milestone


class ConventionKind(models.TextChoices):
    PROTOCOL = "protocol", _("Protocole d'accord")
    CONVENTION = "convention", _("Convention")
    AMENDMENT = "amendment", _("Avenant")


class ConventionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    BEING_SIGNED = "being_signed", _("En cours de signature")
    SIGNED = "signed", _("Signée, pas encore en vigueur")
    IN_FORCE = "in_force", _("En vigueur")
    EXPIRED = "expired", _("Échue")
    TERMINATED = "terminated", _("Résiliée")


class StatusOverride(models.TextChoices):
    """What the dates cannot tell: a signature under way, an early termination."""

    BEING_SIGNED = ConventionStatus.BEING_SIGNED.value, ConventionStatus.BEING_SIGNED.label
    TERMINATED = ConventionStatus.TERMINATED.value, ConventionStatus.TERMINATED.label


class MeetingKind(models.TextChoices):
    STEERING = "steering", _("Comité de pilotage")
    FOLLOW_UP = "follow_up", _("Réunion de suivi")
    TECHNICAL = "technical", _("Groupe technique")
    PROGRESS = "progress", _("Point d'avancement départemental")


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signataire")
    PARTNER = "partner", _("Partenaire")
    FUNDER = "funder", _("Financeur")


def add_months(day, months):
    return day + relativedelta(months=months)


@dataclass
class TimelineEntry:
    """One dated step of a convention's life, for the timeline table."""

    day: date | None
    label: str
    milestone: "Milestone | None" = None
    done: bool = False
    is_next: bool = False
    is_late: bool = False
    is_past: bool = False


class Convention(TenantOwnedModel):
    """A protocol, convention or amendment binding several partners of the tenant."""

    title = models.CharField(_("intitulé"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=ConventionKind.choices)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("convention modifiée"),
        help_text=_("Pour un avenant : la convention ou le protocole qu'il modifie."),
    )
    purpose = models.TextField(_("objet"), blank=True)
    signature_date = models.DateField(
        _("date de signature"),
        null=True,
        blank=True,
        help_text=_("Vide tant que toutes les parties n'ont pas signé."),
    )
    start_date = models.DateField(
        _("date d'entrée en vigueur"),
        null=True,
        blank=True,
        help_text=_(
            "Vide si la convention court à partir d'un événement (ci-dessous) ou de sa signature."
        ),
    )
    start_event = models.CharField(
        _("événement de départ"),
        max_length=255,
        blank=True,
        help_text=_(
            "Par exemple « prise de fonction du/de la chargé(e) de mission » : la durée et les "
            "jalons en « mois après le début » se comptent alors à partir de cet événement."
        ),
    )
    start_event_date = models.DateField(
        _("date de l'événement de départ"),
        null=True,
        blank=True,
        help_text=_("Vide tant que l'événement n'a pas eu lieu."),
    )
    end_date = models.DateField(
        _("date de fin"),
        null=True,
        blank=True,
        help_text=_("Dernier jour d'application. Indiquez une date de fin ou une durée."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("durée en mois"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Comptée à partir du début (l'événement de départ s'il y en a un)."),
    )
    status_override = models.CharField(
        _("statut particulier"),
        max_length=20,
        choices=StatusOverride.choices,
        blank=True,
        help_text=_(
            "Le statut se déduit des dates ; indiquez seulement une signature en cours ou une "
            "résiliation anticipée."
        ),
    )
    governance = models.TextField(
        _("gouvernance"),
        blank=True,
        help_text=_(
            "Instances de suivi, leur composition et leur rythme, tels que le texte les prévoit."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "title"], name="convention_unique_title")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.end_date and self.duration_months:
            errors["duration_months"] = _("Indiquez une date de fin ou une durée, pas les deux.")
        if self.start_event_date and not self.start_event:
            errors["start_event"] = _("Nommez l'événement dont vous donnez la date.")
        if self.kind == ConventionKind.AMENDMENT and not self.amends_id:
            errors["amends"] = _("Un avenant modifie une convention : choisissez-la.")
        if self.kind != ConventionKind.AMENDMENT and self.amends_id:
            errors["amends"] = _("Seul un avenant modifie une autre convention.")
        if self.amends_id and self.pk and self.amends_id == self.pk:
            errors["amends"] = _("Un avenant ne peut pas se modifier lui-même.")
        if self.amends_id and self.tenant_id and self.amends.tenant_id != self.tenant_id:
            errors["amends"] = _("Cette convention n'appartient pas à cet espace.")
        start, end = self.takes_effect_on, self.end_date
        if start and end and end < start:
            errors["end_date"] = _("La date de fin précède l'entrée en vigueur.")
        if errors:
            raise ValidationError(errors)

    # Dates and status

    @property
    def takes_effect_on(self):
        """The day it applies from: its start date, else its start event, else its signature."""
        if self.start_date:
            return self.start_date
        if self.start_event:
            return self.start_event_date
        return self.signature_date

    @property
    def term_start(self):
        """The day durations and "months after the start" count from (None while unknown)."""
        if self.start_event:
            return self.start_event_date
        return self.takes_effect_on

    @property
    def ends_on(self):
        """The last day it applies: its end date, or the day before its duration is over."""
        if self.end_date:
            return self.end_date
        if self.duration_months and self.term_start:
            return add_months(self.term_start, self.duration_months) - timedelta(days=1)
        return None

    def months_after_start(self, months):
        return add_months(self.term_start, months) if self.term_start else None

    def current_status(self, today):
        """The status on `today`: from the signature and dates, unless staff said otherwise."""
        if self.status_override == StatusOverride.TERMINATED:
            return ConventionStatus.TERMINATED
        if self.signature_date is None or self.signature_date > today:
            if self.status_override == StatusOverride.BEING_SIGNED:
                return ConventionStatus.BEING_SIGNED
            return ConventionStatus.DRAFT
        start = self.takes_effect_on
        if start is None or start > today:
            return ConventionStatus.SIGNED
        if self.ends_on and self.ends_on < today:
            return ConventionStatus.EXPIRED
        return ConventionStatus.IN_FORCE

    # Milestones and timeline

    def milestones_by_date(self):
        """Its milestones with their due dates, dated ones first in date order."""
        milestones = list(self.milestones.all())
        for milestone in milestones:
            milestone.convention = self  # no query per milestone for the start date
        return sorted(milestones, key=lambda m: (m.due_on is None, m.due_on or date.max, m.pk))

    def next_milestone(self, today):
        """What is due next: the earliest dated milestone not done yet (late or not)."""
        for milestone in self.milestones_by_date():
            if not milestone.done and milestone.due_on is not None:
                return milestone
        return None

    def timeline(self, today):
        """Signature, start, milestones and end in date order; undated milestones last."""
        entries = []
        if self.signature_date:
            entries.append(TimelineEntry(self.signature_date, _("Signature"), done=True))
        if self.takes_effect_on:
            entries.append(TimelineEntry(self.takes_effect_on, _("Entrée en vigueur")))
        if self.start_event and self.start_event_date != self.takes_effect_on:
            label = self.start_event[:1].upper() + self.start_event[1:]
            entries.append(TimelineEntry(self.start_event_date, label))
        next_milestone = self.next_milestone(today)
        for milestone in self.milestones_by_date():
            entries.append(
                TimelineEntry(
                    milestone.due_on,
                    milestone.label,
                    milestone=milestone,
                    done=milestone.done,
                    is_next=milestone == next_milestone,
                    is_late=milestone.is_late(today),
                )
            )
        if self.ends_on:
            entries.append(TimelineEntry(self.ends_on, _("Fin de la convention")))
        for entry in entries:
            entry.is_past = entry.day is not None and entry.day < today
        return sorted(entries, key=lambda e: (e.day is None, e.day or date.max))


class ConventionParty(OwnedByParent):
    """A partner bound by a convention, in one role, with what it commits to."""

    parent_field = "convention"

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="parties", verbose_name=_("convention")
    )
    partner = models.ForeignKey(
        "conventions.Partner",
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("partenaire"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=PartyRole.choices)
    representative = models.CharField(
        _("représentée par"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple « sa Présidente, Dr Valérie Briole »."),
    )
    commitments = models.TextField(_("engagements"), blank=True)

    class Meta:
        ordering = ["role", "partner__name"]
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "partner", "role"], name="party_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.partner} ({self.get_role_display()})"

    def clean(self):
        if self.partner_id and self.convention_id:
            self.check_same_tenant(partner=self.partner)


class ConventionDocument(OwnedByParent):
    """A signed document (PDF), stored privately and served only to the tenant's staff."""

    parent_field = "convention"

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="documents", verbose_name=_("convention")
    )
    title = models.CharField(_("intitulé"), max_length=255)
    file = models.FileField(
        _("fichier PDF"), storage=get_private_storage, upload_to=document_path, max_length=255
    )
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document signé")
        verbose_name_plural = _("documents signés")

    def __str__(self):
        return self.title
