from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class Campaign(TenantOwnedModel):
    """An "aller vers" call campaign (annex 1): a target list worked through a call queue."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    case_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("chargé(e)s de mission"),
    )
    is_active = models.BooleanField(_("en cours"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campagne d'appels")
        verbose_name_plural = _("campagnes d'appels")

    def __str__(self):
        return self.name


class TargetStatus(models.TextChoices):
    PENDING = "pending", _("À appeler")
    CALL_BACK = "call_back", _("À rappeler")
    REACHED = "reached", _("Joint(e)")
    QUALIFIED = "qualified", _("Projet qualifié")
    NOT_INTERESTED = "not_interested", _("Pas intéressé(e)")
    DO_NOT_CALL = "do_not_call", _("Ne pas appeler")


class CampaignTarget(TenantOwnedModel):
    """One dossier in a campaign's queue: attempts, call-back date, where the call stands."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    dossier = models.ForeignKey(
        "caseload.Dossier", on_delete=models.CASCADE, related_name="campaign_targets"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=TargetStatus.choices, default=TargetStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    call_back_at = models.DateTimeField(_("rappeler le"), null=True, blank=True, db_index=True)
    # Who is calling this target right now, so two case managers do not call the same person.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "dossier"], name="campaign_target_once")
        ]
        indexes = [models.Index(fields=["campaign", "status", "call_back_at"])]

    def __str__(self):
        return f"{self.campaign} — {self.dossier}"
