from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class InteractionKind(models.TextChoices):
    CALL = "call", _("Appel")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Rendez-vous")
    PERMANENCE = "permanence", _("Permanence")
    EVENT = "event", _("Événement")
    NOTE = "note", _("Note")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Joint(e)")
    NOT_REACHED = "not_reached", _("Pas joint(e)")
    CALL_BACK = "call_back", _("À rappeler")
    NOT_INTERESTED = "not_interested", _("Pas intéressé(e)")
    QUALIFIED = "qualified", _("Projet qualifié")
    # The person asked not to be called again: recorded as such, and the dossier is flagged.
    DO_NOT_CALL = "do_not_call", _("Ne plus appeler")


class Interaction(TenantOwnedModel):
    """A call, e-mail, meeting… with the person; staff notes are private unless shareable."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(
        "caseload.Dossier", on_delete=models.CASCADE, related_name="interactions"
    )
    campaign = models.ForeignKey(
        "caseload.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    kind = models.CharField(_("type"), max_length=20, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField(_("date"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(_("résultat"), max_length=20, choices=Outcome.choices, blank=True)
    call_back_at = models.DateTimeField(_("rappeler le"), null=True, blank=True)
    text = models.TextField(_("compte rendu"), blank=True)
    shareable = models.BooleanField(
        _("visible par la personne"),
        default=False,
        help_text=_("Sinon, la note reste interne à l'équipe de l'espace."),
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.dossier}"
