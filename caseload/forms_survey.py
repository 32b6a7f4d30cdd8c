from django import forms
from django.utils.translation import gettext_lazy as _

from core.questionnaires import score_field, yes_no_field

from .models import FollowUpSatisfaction


class FollowUpSatisfactionForm(forms.ModelForm):
    """Three questions at the end of the 12-month follow-up (annex 3)."""

    overall = score_field(_("Dans l'ensemble, êtes-vous satisfait(e) de l'accompagnement ?"))
    usefulness = score_field(_("L'accompagnement vous a-t-il été utile pour votre installation ?"))
    would_recommend = yes_no_field(_("Le recommanderiez-vous à un(e) confrère ou une consœur ?"))
    comment = forms.CharField(
        label=_("Un commentaire, une suggestion ?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("N'y indiquez pas d'informations médicales ou personnelles sensibles."),
    )

    class Meta:
        model = FollowUpSatisfaction
        fields = ["overall", "usefulness", "would_recommend", "comment"]
