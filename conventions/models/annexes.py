"""Annexes (fiches action) of a convention: every section of the protocol's fiches and the budget
as lines (their indicators are defined in the evaluation app)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from .base import OwnedByParent


class Axis(models.TextChoices):
    """The four axes of the ARS/URPS protocol (article 2), and room for others."""

    INSTALLATION = "installation", _("Aide à l'installation")
    ACCESS = "access", _("Accès aux soins et développement de l'offre")
    GROUP_PRACTICE = (
        "group_practice",
        _("Soutien au fonctionnement et à l'investissement des structures d'exercice collectif"),
    )
    PREVENTION = "prevention", _("Santé publique et prévention")
    OTHER = "other", _("Autre")


class BudgetNature(models.TextChoices):
    """A fiche gives what a funder grants, and often what that grant covers in part: both are
    kept, and never added together."""

    FUNDING = "funding", _("Financement")
    COST = "cost", _("Coût prévu")


# The sections of a fiche action, in the protocol's order, with their headings.
ANNEX_SECTIONS = [
    "context",
    "objectives",
    "actions",
    "eligibility",
    "public",
    "communication",
    "animation",
    "means",
    "format",
    "phasing",
    "budget_text",
    "technical_group",
    "evaluation",
]


class Annex(OwnedByParent):
    """A fiche action: one action of a convention, with its axis, sections and budget."""

    parent_field = "convention"

    convention = models.ForeignKey(
        "conventions.Convention",
        on_delete=models.CASCADE,
        related_name="annexes",
        verbose_name=_("convention"),
    )
    number = models.PositiveSmallIntegerField(
        _("numéro"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    title = models.CharField(_("intitulé"), max_length=255)
    axis = models.CharField(_("axe"), max_length=20, choices=Axis.choices)
    context = models.TextField(_("rappel de la problématique / contexte"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    actions = models.TextField(_("actions à mettre en œuvre"), blank=True)
    eligibility = models.TextField(_("éligibilité"), blank=True)
    public = models.TextField(_("public"), blank=True)
    communication = models.TextField(_("communication"), blank=True)
    animation = models.TextField(_("animation"), blank=True)
    means = models.TextField(_("moyens"), blank=True)
    format = models.TextField(_("format"), blank=True)
    phasing = models.TextField(_("phasage"), blank=True)
    budget_text = models.TextField(
        _("budget (texte de la fiche)"),
        blank=True,
        help_text=_("Le budget tel que la fiche le rédige ; les montants se saisissent en lignes."),
    )
    technical_group = models.TextField(_("composition du groupe technique associé"), blank=True)
    evaluation = models.TextField(_("évaluation"), blank=True)

    class Meta:
        ordering = ["convention", "number"]
        verbose_name = _("annexe (fiche action)")
        verbose_name_plural = _("annexes (fiches action)")
        constraints = [
            models.UniqueConstraint(fields=["convention", "number"], name="annex_unique_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def sections(self, exclude=()):
        """(heading, text) of its non-empty sections, in the protocol's order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ANNEX_SECTIONS
            if getattr(self, name) and name not in exclude
        ]

    def totals_by_year(self):
        """Per year: the funding granted and the costs planned (each summed on its own), years in
        order and lines without a year (a multi-year envelope) last."""
        zero = Decimal("0")
        rows = (
            self.budget_lines.order_by()
            .values("year")
            .annotate(
                funding=Sum("amount", filter=Q(nature=BudgetNature.FUNDING), default=zero),
                cost=Sum("amount", filter=Q(nature=BudgetNature.COST), default=zero),
            )
            .order_by(F("year").asc(nulls_last=True))
        )
        return list(rows)


class BudgetLine(OwnedByParent):
    """An amount of a fiche action: a funder's grant, or a planned cost, for a year."""

    parent_field = "annex"

    annex = models.ForeignKey(
        Annex, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("annexe")
    )
    nature = models.CharField(
        _("nature"), max_length=10, choices=BudgetNature.choices, default=BudgetNature.FUNDING
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Vide pour une enveloppe sur toute la durée."),
    )
    amount = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    funder = models.ForeignKey(
        "conventions.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_lines",
        verbose_name=_("financeur"),
        help_text=_("Vide si la fiche ne le précise pas."),
    )
    pays_for = models.CharField(
        _("objet"),
        max_length=255,
        help_text=_("Ce que le montant paie, par exemple « 1 ETP de chargé(e) de mission »."),
    )
    note = models.CharField(_("précision"), max_length=255, blank=True)

    class Meta:
        ordering = [F("year").asc(nulls_last=True), "nature", "pk"]
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")

    def __str__(self):
        from ..templatetags.conventions_tags import euros

        return f"{self.year or _('toute la durée')} — {self.pays_for} ({euros(self.amount)})"

    def clean(self):
        if self.funder_id and self.annex_id:
            self.check_same_tenant(funder=self.funder)
