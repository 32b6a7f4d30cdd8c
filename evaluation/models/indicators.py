"""Indicator definitions (per convention, optionally per annex), the values staff enter by
hand where the portal has no source, and the tenant's evaluation settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class Unit(models.TextChoices):
    COUNT = "count", _("nombre")
    PERCENTAGE = "percentage", _("pourcentage")
    EUROS = "euros", _("euros")
    DAYS = "days", _("jours")
    SCORE = "score", _("note sur 5")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Plus la valeur est haute, mieux c'est")
    LOWER = "lower", _("Plus la valeur est basse, mieux c'est")


class SourceKind(models.TextChoices):
    COMPUTED = "computed", _("Calculé par le portail")
    ENTERED = "entered", _("Saisi par l'équipe")


class TargetScope(models.TextChoices):
    """Annex 2 fixes "10 permanences per département": such a target is multiplied by the
    number of départements when the whole tenant is shown."""

    TENANT = "tenant", _("Pour tout l'espace")
    DEPARTEMENT = "departement", _("Pour chaque département")


class Indicator(TenantOwnedModel):
    """What the steering committee follows: for a convention as a whole, or for one of its
    annexes (fiches action), with its target and where its values come from."""

    convention = models.ForeignKey(
        "conventions.Convention",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("convention"),
    )
    annex = models.ForeignKey(
        "conventions.Annex",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("annexe"),
        help_text=_("Vide pour un indicateur de la convention dans son ensemble."),
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_(
            "Court et stable (lettres, chiffres, tirets) : il nomme l'indicateur dans les exports."
        ),
    )
    label = models.CharField(_("indicateur"), max_length=255)
    unit = models.CharField(_("unité"), max_length=12, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(
        _("sens"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.DecimalField(
        _("cible annuelle"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Vide si aucune cible n'est fixée. Un taux ou une moyenne se vise tel quel ; un nombre se compare au prorata de la période affichée."
        ),
    )
    target_scope = models.CharField(
        _("la cible s'entend"),
        max_length=12,
        choices=TargetScope.choices,
        default=TargetScope.TENANT,
    )
    baseline = models.DecimalField(
        _("valeur de référence"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        # xgettext:no-python-format  (the "96 %" is a percentage, not a format spec)
        help_text=_("Le point de départ, par exemple 96 % de satisfaction depuis 2012."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=SourceKind.choices, default=SourceKind.ENTERED
    )
    # A key of evaluation.computations (validated against the registry, which lives in code).
    computation = models.CharField(_("calcul"), max_length=60, blank=True)
    method = models.TextField(
        _("mode de calcul"), blank=True, help_text=_("D'où vient la donnée et comment la compter.")
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    is_key = models.BooleanField(
        _("chiffre clé"),
        default=False,
        help_text=_("Repris en tête du rapport trimestriel, face à sa cible."),
    )

    is_active = models.BooleanField(
        _("suivi"),
        default=True,
        help_text=_("Décochez pour ne plus l'afficher ; ses valeurs publiées restent."),
    )

    class Meta:
        ordering = ["convention", "annex__number", "position", "pk"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        constraints = [
            models.UniqueConstraint(fields=["convention", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(computation=""))
                | (Q(source="entered") & Q(computation="")),
                name="indicator_computation_iff_computed",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        from ..computations import registry

        errors = {}
        if self.annex_id and self.convention_id and self.annex.convention_id != self.convention_id:
            errors["annex"] = _("Cette annexe appartient à une autre convention.")
        if self.source == SourceKind.COMPUTED and not registry.get(self.computation):
            errors["computation"] = _("Choisissez le calcul de cet indicateur.")
        if self.source == SourceKind.ENTERED and self.computation:
            errors["computation"] = _("Un indicateur saisi n'a pas de calcul.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.annex_id and not self.convention_id:
            self.convention_id = self.annex.convention_id
        if not self.tenant_id:
            self.tenant_id = self.convention.tenant_id
        super().save(*args, **kwargs)

    @property
    def is_computed(self):
        return self.source == SourceKind.COMPUTED

    @property
    def is_rate(self):
        return self.unit == Unit.PERCENTAGE


class EnteredValue(TenantOwnedModel):
    """A value typed by staff for a quarter (and optionally a département). Every entry is
    kept: the latest one is the value, the earlier ones its history."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="entries", verbose_name=_("indicateur")
    )
    period_start = models.DateField(_("trimestre"), help_text=_("Premier jour du trimestre."))
    departement = models.ForeignKey(
        "core.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("département"),
    )
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("commentaire"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    entered_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        verbose_name = _("valeur saisie")
        verbose_name_plural = _("valeurs saisies")
        indexes = [models.Index(fields=["indicator", "period_start", "departement"])]

    def __str__(self):
        return f"{self.indicator} — {self.period_start}: {self.value}"

    @property
    def quarter(self):
        from ..periods import Quarter

        return Quarter.containing(self.period_start)


class EvaluationSettings(TenantOwnedModel):
    """A tenant's evaluation settings (defaults apply while it has none)."""

    tenant = models.OneToOneField(
        "accounts.Tenant", on_delete=models.CASCADE, related_name="evaluation_settings"
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("seuil de secret statistique"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_(
            "Un chiffre calculé sur moins de personnes s'affiche « < N » : personne ne peut être reconnu."
        ),
    )

    class Meta:
        verbose_name = _("réglages de l'évaluation")
        verbose_name_plural = _("réglages de l'évaluation")

    def __str__(self):
        return str(self.tenant)


DEFAULT_SMALL_CELL_THRESHOLD = 5


def small_cell_threshold(tenant):
    """N of the tenant's small-cell rule: a figure about fewer than N people is hidden."""
    row = EvaluationSettings.objects.filter(tenant=tenant).values_list(
        "small_cell_threshold", flat=True
    )
    return next(iter(row), DEFAULT_SMALL_CELL_THRESHOLD)
