from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SatisfactionResponse
from .models.survey import InstallationHorizon

SCORES = [
    ("1", _("1 — pas du tout")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 — tout à fait")),
]
YES_NO = [("oui", _("Oui")), ("non", _("Non"))]


def score_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("De 1 (pas du tout) à 5 (tout à fait)."),
    )


def yes_no_field(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "oui", widget=forms.RadioSelect
    )


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
