from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantOwnedModel


class Notification(TenantOwnedModel):
    """What was sent, so that a retried or duplicated task never sends it twice.

    The row is inserted in the same transaction as the decision to send: if sending fails, the
    transaction rolls back and the retry finds no row; if it succeeded, the retry hits the
    unique constraint and stops.
    """

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        "permanences.Session", on_delete=models.CASCADE, related_name="notifications"
    )
    booking = models.ForeignKey(
        "permanences.Booking",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient = models.EmailField(_("destinataire"))
    kind = models.CharField(_("type"), max_length=40)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "kind"],
                condition=Q(booking__isnull=False),
                name="notification_once_per_booking",
            ),
            models.UniqueConstraint(
                fields=["session", "recipient", "kind"],
                condition=Q(booking__isnull=True),
                name="notification_once_per_session_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"
