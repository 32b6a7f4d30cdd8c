"""The answer fields every satisfaction questionnaire of the portal asks with (the permanences'
and the caseload's follow-up): a score from 1 to 5 and a yes/no, as radio buttons."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
