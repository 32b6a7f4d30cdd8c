from django import forms
from django.utils.translation import gettext_lazy as _

from core.questionnaires import score_field, yes_no_field

from .models import SatisfactionResponse
from .models.survey import InstallationHorizon


class SatisfactionForm(forms.ModelForm):
    """The questionnaire sent after a session held (annex 2: satisfaction and intentions)."""

    overall = score_field(_("Dans l'ensemble, êtes-vous satisfait(e) de la permanence ?"))
    usefulness = score_field(
        _("La permanence vous a-t-elle été utile pour votre projet d'installation ?")
    )
    would_recommend = yes_no_field(_("Recommanderiez-vous cette permanence à un(e) collègue ?"))
    intends_to_settle = yes_no_field(_("Envisagez-vous de vous installer ?"))
    horizon = forms.ChoiceField(
        label=_("À quel horizon pensez-vous vous installer ?"),
        choices=InstallationHorizon.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Un commentaire, une suggestion ?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("N'y indiquez pas d'informations médicales ou personnelles sensibles."),
    )

    class Meta:
        model = SatisfactionResponse
        fields = [
            "overall",
            "usefulness",
            "would_recommend",
            "intends_to_settle",
            "horizon",
            "comment",
        ]
