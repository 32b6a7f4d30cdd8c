from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class InstallationHorizon(models.TextChoices):
    WITHIN_6_MONTHS = "6m", _("Dans les 6 mois")
    WITHIN_A_YEAR = "12m", _("D'ici un an")
    WITHIN_2_YEARS = "24m", _("D'ici deux ans")
    LATER = "later", _("Plus tard")
    UNKNOWN = "unknown", _("Je ne sais pas")


class SatisfactionResponse(TenantOwnedModel):
    """An attendee's answers to the questionnaire sent after a session marked held (one per
    booking: the signed link is single-use)."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    booking = models.OneToOneField(
        "permanences.Booking", on_delete=models.CASCADE, related_name="satisfaction"
    )
    overall = models.PositiveSmallIntegerField(
        _("satisfaction globale"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        _("utilité pour votre projet"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_recommend = models.BooleanField(_("recommanderiez-vous cette permanence ?"))
    intends_to_settle = models.BooleanField(_("envisagez-vous de vous installer ?"))
    horizon = models.CharField(
        _("à quel horizon ?"), max_length=10, choices=InstallationHorizon.choices
    )
    comment = models.TextField(_("commentaire"), blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    overall__gte=1, overall__lte=5, usefulness__gte=1, usefulness__lte=5
                ),
                name="satisfaction_scores_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.booking} — {self.overall}/5"
