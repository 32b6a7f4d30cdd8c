from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class ImportKind(models.TextChoices):
    CONTACTS = "contacts", _("Liste de contacts")
    CDOM = "cdom", _("Inscriptions au CDOM")


class ImportStatus(models.TextChoices):
    # A large file's preview is being made by the worker (caseload.imports.jobs).
    PREVIEWING = "previewing", _("Aperçu en cours")
    PREVIEWED = "previewed", _("Aperçu")
    COMMITTED = "committed", _("Importé")
    FAILED = "failed", _("Refusé")


class ImportJob(TenantOwnedModel):
    """An uploaded file, its preview report (row errors), and whether it was committed."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(upload_to="private/imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.original_name}"


class ImportRowError(TenantOwnedModel):
    """A row the preview refused, with its reasons: the "all errors" download serves these, as
    the preview found them (re-validating after the commit would flag every imported row)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField()
    messages = models.JSONField(default=list)

    class Meta:
        ordering = ["job", "row"]
        indexes = [models.Index(fields=["job", "row"], name="caseload_rowerror_job_row")]
