from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class FollowUpSatisfaction(TenantOwnedModel):
    """The short questionnaire sent with the last touchpoint of the 12-month follow-up
    (annex 3 asks for the satisfaction of the doctors accompanied). One answer per dossier:
    the signed link is single-use."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    dossier = models.OneToOneField(
        "caseload.Dossier", on_delete=models.CASCADE, related_name="follow_up_satisfaction"
    )
    overall = models.PositiveSmallIntegerField(
        _("satisfaction globale"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        _("utilité pour votre installation"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    would_recommend = models.BooleanField(_("recommanderiez-vous cet accompagnement ?"))
    comment = models.TextField(_("commentaire"), blank=True)
    answered_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("réponse au questionnaire de fin de suivi")
        verbose_name_plural = _("réponses au questionnaire de fin de suivi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    overall__gte=1, overall__lte=5, usefulness__gte=1, usefulness__lte=5
                ),
                name="follow_up_satisfaction_scores_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.dossier} — {self.overall}/5"
