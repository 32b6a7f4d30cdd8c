from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel, tenant_scoped_manager

from ..choices import Maturity, PracticeMode, Specialty, Status, Structure
from ..rpps import validate_rpps

# The fields that make a project "complete", with what to tell the person when one is empty.
COMPLETENESS_FIELDS = [
    ("status", _("Indiquez votre statut.")),
    ("specialty", _("Indiquez votre spécialité (DES).")),
    ("rpps", _("Ajoutez votre numéro RPPS.")),
    ("faculty", _("Indiquez votre faculté ou subdivision.")),
    ("maturity", _("Dites où en est votre projet.")),
    ("departements_considered", _("Choisissez les départements que vous envisagez.")),
    ("practice_mode", _("Précisez le mode d'exercice envisagé.")),
    ("structure", _("Précisez le type de structure envisagé.")),
    ("expected_installation", _("Donnez une date d'installation envisagée, même approximative.")),
    ("followed_tenant", _("Choisissez l'espace régional qui vous accompagne.")),
]


class Profile(models.Model):
    """One global profile per intern or doctor, whatever the tenants they deal with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, blank=True)
    rpps = models.CharField(
        _("numéro RPPS"),
        max_length=11,
        blank=True,
        validators=[validate_rpps],
        help_text=_(
            "11 chiffres, sur votre carte CPS ou dans l'Annuaire santé. "
            "Facultatif pour les externes."
        ),
    )
    specialty = models.CharField(
        _("spécialité (DES)"), max_length=40, choices=Specialty.choices, blank=True
    )
    faculty = models.CharField(_("faculté"), max_length=120, blank=True)
    subdivision = models.CharField(_("subdivision"), max_length=120, blank=True)
    internship_year = models.PositiveSmallIntegerField(_("année d'internat"), null=True, blank=True)
    thesis_date = models.DateField(_("date de thèse"), null=True, blank=True)
    # The professional project
    maturity = models.CharField(
        _("où en est votre projet ?"), max_length=20, choices=Maturity.choices, blank=True
    )
    departements_considered = models.ManyToManyField(
        "core.Departement", blank=True, verbose_name=_("départements envisagés")
    )
    practice_mode = models.CharField(
        _("mode d'exercice envisagé"), max_length=20, choices=PracticeMode.choices, blank=True
    )
    structure = models.CharField(
        _("structure envisagée"), max_length=20, choices=Structure.choices, blank=True
    )
    cesp_signatory = models.BooleanField(
        _("signataire d'un contrat d'engagement de service public (CESP)"), default=False
    )
    expected_installation = models.DateField(
        _("date d'installation envisagée"), null=True, blank=True
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    followed_tenant = models.ForeignKey(
        "accounts.Tenant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("espace qui vous accompagne"),
    )
    # Consents, each with the date it was given (empty: not given or withdrawn).
    terms_accepted_at = models.DateTimeField(_("conditions acceptées le"), null=True, blank=True)
    # Which text was accepted (settings.TERMS_VERSION then): a new version asks again.
    terms_version = models.CharField(
        _("version des conditions acceptée"), max_length=20, blank=True
    )
    share_consent_at = models.DateTimeField(
        _("partage du profil avec l'espace accepté le"), null=True, blank=True
    )
    contact_consent_at = models.DateTimeField(
        _("accord pour être contacté(e) le"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        constraints = [
            models.UniqueConstraint(
                fields=["rpps"],
                condition=~models.Q(rpps=""),
                name="profile_unique_rpps",
                violation_error_message=_(
                    "Ce numéro RPPS est déjà enregistré sur un autre compte. "
                    "Écrivez-nous s'il s'agit bien du vôtre."
                ),
            )
        ]

    def __str__(self):
        return str(self.user)

    def missing_items(self):
        """What the person should still fill in, as (field, advice) pairs, in a useful order."""
        missing = []
        for field, advice in COMPLETENESS_FIELDS:
            if field == "departements_considered":
                filled = self.pk is not None and self.departements_considered.exists()
            elif field == "rpps":
                filled = bool(self.rpps) or self.status == Status.EXTERNE
            else:
                filled = bool(getattr(self, field))
            if not filled:
                missing.append((field, advice))
        return missing

    def completeness_percent(self, missing=None):
        missing = self.missing_items() if missing is None else missing
        return round(100 * (len(COMPLETENESS_FIELDS) - len(missing)) / len(COMPLETENESS_FIELDS))


class SettlementStep(TenantOwnedModel):
    """One of the tenant's steps to settle (Ordre, CPAM, URSSAF…), which people tick off."""

    tenant = models.ForeignKey(
        "accounts.Tenant",
        on_delete=models.CASCADE,
        related_name="settlement_steps",
        verbose_name=_("espace"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("lien utile"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("étape d'installation")
        verbose_name_plural = _("étapes d'installation")

    def __str__(self):
        return self.title


class StepCompletion(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="step_completions")
    step = models.ForeignKey(SettlementStep, on_delete=models.CASCADE, related_name="completions")
    done_at = models.DateTimeField(default=timezone.now)

    objects = tenant_scoped_manager(tenant_path="step__tenant")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "step"], name="step_completion_unique")
        ]

    def __str__(self):
        return f"{self.profile} — {self.step}"
