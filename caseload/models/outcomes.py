from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import PracticeMode, Structure
from accounts.tenancy import TenantOwnedModel, TenantQuerySet, tenant_scoped_manager

from .dossiers import ZoneType


class Aid(models.TextChoices):
    """The aids an installation may obtain, stored as keys in InstallationOutcome.aids_obtained."""

    CDE = "cde", _("Contrat de début d'exercice (CDE)")
    CESP = "cesp", _("Contrat d'engagement de service public (CESP)")
    LOCAL = "local", _("Aides des collectivités locales")
    OTHER = "other", _("Autre aide")


class FollowUpTopic(models.TextChoices):
    """What a touchpoint of the 12-month follow-up covers (annex 3), stored in FollowUp.topics."""

    ACCOUNTING = "accounting", _("Comptabilité")
    TAXES = "taxes", _("Fiscalité")
    EMPLOYER = "employer", _("Rôle d'employeur")
    SUBSIDIES = "subsidies", _("Subventions et aides")
    HEALTH_INSURANCE = "health_insurance", _("Relations avec l'Assurance maladie")
    ORGANISATION = "organisation", _("Organisation du cabinet et qualité de vie")


class InstallationOutcome(TenantOwnedModel):
    """Where and how the person settled; recording it opens the 12-month follow-up (annex 3)."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    dossier = models.OneToOneField(
        "caseload.Dossier", on_delete=models.CASCADE, related_name="installation"
    )
    installed_on = models.DateField(_("date d'installation"))
    commune = models.CharField(_("commune"), max_length=120)
    departement = models.ForeignKey(
        "core.Departement", on_delete=models.PROTECT, verbose_name=_("département")
    )
    practice_mode = models.CharField(
        _("mode d'exercice"), max_length=20, choices=PracticeMode.choices
    )
    structure = models.CharField(_("structure"), max_length=20, choices=Structure.choices)
    zone_type = models.CharField(_("zonage"), max_length=10, choices=ZoneType.choices, blank=True)
    aids_obtained = models.JSONField(
        _("aides obtenues"), default=list, blank=True, help_text=_("CDE, CESP, aides locales…")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installations")

    def __str__(self):
        return f"{self.dossier} — {self.commune}"

    def aid_labels(self):
        return [Aid(key).label for key in self.aids_obtained if key in Aid.values]


class FollowUpQuerySet(TenantQuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today):
        """Not done and due before `today` (a touchpoint due today is not late yet)."""
        return self.pending().filter(due_on__lt=today)


class FollowUp(TenantOwnedModel):
    """A touchpoint of the 12 months after installation (M+1, M+3, M+6, M+12 by default)."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(
        "caseload.Dossier", on_delete=models.CASCADE, related_name="follow_ups"
    )
    months_after = models.PositiveSmallIntegerField(_("mois après l'installation"))
    due_on = models.DateField(_("échéance"), db_index=True)
    topics = models.JSONField(_("sujets"), default=list, blank=True)
    done_at = models.DateTimeField(_("fait le"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = tenant_scoped_manager(FollowUpQuerySet)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "months_after"], name="follow_up_once_per_milestone"
            )
        ]
        verbose_name = _("point de suivi")
        verbose_name_plural = _("points de suivi")

    def __str__(self):
        return f"{self.dossier} — M+{self.months_after}"

    def topic_labels(self):
        return [FollowUpTopic(key).label for key in self.topics if key in FollowUpTopic.values]

    def is_overdue(self, today):
        return self.done_at is None and self.due_on < today
