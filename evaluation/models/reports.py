"""Quarterly reports: the PDF rendered for a published quarter (once, then listed in the
tenant's report history and announced to its steering members) and drafts of the running
quarter rendered on demand."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel

from ..storage import get_report_storage, report_path


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RENDERING = "rendering", _("En cours de rendu")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")


class Report(TenantOwnedModel):
    period_start = models.DateField(_("trimestre"))
    is_draft = models.BooleanField(_("brouillon"), default=False)
    status = models.CharField(
        _("état"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    file = models.FileField(
        _("fichier PDF"),
        storage=get_report_storage,
        upload_to=report_path,
        max_length=255,
        blank=True,
    )
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("rendu le"), null=True, blank=True)
    announced_at = models.DateTimeField(_("annoncé le"), null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_start", "is_draft", "-pk"]
        verbose_name = _("rapport trimestriel")
        verbose_name_plural = _("rapports trimestriels")
        constraints = [
            # One published report and one draft per tenant and quarter.
            models.UniqueConstraint(
                fields=["tenant", "period_start"],
                condition=Q(is_draft=False),
                name="report_once_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["tenant", "period_start"],
                condition=Q(is_draft=True),
                name="report_one_draft_per_quarter",
            ),
        ]

    def __str__(self):
        return f"{self.tenant_id} {self.period_start}{' (brouillon)' if self.is_draft else ''}"

    @property
    def quarter(self):
        from ..periods import Quarter

        return Quarter.containing(self.period_start)

    @property
    def is_ready(self):
        return self.status == ReportStatus.READY and bool(self.file)
