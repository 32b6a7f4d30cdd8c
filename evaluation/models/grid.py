"""The evaluation grid of a convention: the items it is evaluated on (the CDOM convention names
9, evaluated at 15 months), each with its status and the evidence gathered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Pas encore évalué")
    IN_PROGRESS = "in_progress", _("En cours")
    MET = "met", _("Atteint")
    PARTLY_MET = "partly_met", _("Partiellement atteint")
    NOT_MET = "not_met", _("Non atteint")


class EvaluationItem(TenantOwnedModel):
    convention = models.ForeignKey(
        "conventions.Convention",
        on_delete=models.CASCADE,
        related_name="evaluation_items",
        verbose_name=_("convention"),
    )
    position = models.PositiveSmallIntegerField(_("numéro"), default=1)
    title = models.CharField(_("item"), max_length=255)
    description = models.TextField(_("ce qui est évalué"), blank=True)
    indicator = models.ForeignKey(
        "evaluation.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation_items",
        verbose_name=_("indicateur associé"),
        help_text=_("Sa dernière valeur est reprise comme élément de preuve."),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    evidence = models.TextField(_("éléments de preuve"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mis à jour par"),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        ordering = ["convention", "position", "pk"]
        verbose_name = _("item de la grille d'évaluation")
        verbose_name_plural = _("items de la grille d'évaluation")

    def __str__(self):
        return f"{self.position}. {self.title}"

    def save(self, *args, **kwargs):
        if not self.tenant_id:
            self.tenant_id = self.convention.tenant_id
        super().save(*args, **kwargs)
