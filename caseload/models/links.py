from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class SuggestionReason(models.TextChoices):
    RPPS = "rpps", _("Même numéro RPPS, nom différent")
    RPPS_AND_NAME = "rpps_name", _("Même numéro RPPS et même nom")
    # A link made by an earlier version of the portal on the RPPS number alone.
    LEGACY_LINK = "legacy", _("Rattachement automatique ancien, par numéro RPPS")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("À vérifier")
    CONFIRMED = "confirmed", _("Confirmé")
    DISMISSED = "dismissed", _("Écarté")


class LinkSuggestion(TenantOwnedModel):
    """ "This account may be the dossier's person": an RPPS number typed into a profile matches
    a dossier's. A number is typed, not proven, so only a case manager of the dossier's tenant,
    who can call the person, turns a suggestion into a link."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(
        "caseload.Dossier", on_delete=models.CASCADE, related_name="link_suggestions"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif"), max_length=10, choices=SuggestionReason.choices)
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("rapprochement proposé")
        verbose_name_plural = _("rapprochements proposés")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "person"], name="suggestion_once"),
        ]

    def __str__(self):
        return f"{self.dossier_id} ~ {self.person_id} ({self.status})"
