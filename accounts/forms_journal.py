"""The filters of the tenant's audit journal (GET): what kind of entry, who, when, which object.
Its choices come from what the apps registered in core.audit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import journal

from .forms import DateInput
from .models import User


class JournalFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'événement"), required=False)
    actor = forms.ModelChoiceField(
        label=_("Auteur"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Tous les membres"),
    )
    since = forms.DateField(label=_("À partir du"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Jusqu'au"), required=False, widget=DateInput())
    ref = forms.ChoiceField(label=_("Objet concerné"), required=False)
    ref_id = forms.IntegerField(
        label=_("Numéro de l'objet"),
        required=False,
        min_value=1,
        help_text=_("Le numéro du dossier, de la permanence, de la convention…"),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tous les événements")), *journal.kind_choices()]
        self.fields["ref"].choices = [("", _("Tous les objets")), *journal.reference_choices()]
        actor = self.fields["actor"]
        # The tenant's current team (a former member's entries stay, found by date or kind).
        actor.queryset = (
            User.objects.filter(memberships__tenant=tenant).distinct().order_by("last_name", "pk")
        )
        actor.label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email
        )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("La fin de la période doit suivre son début."))
        ref, ref_id = cleaned.get("ref"), cleaned.get("ref_id")
        if ref and ref_id is None and "ref_id" not in self.errors:
            self.add_error("ref_id", _("Indiquez le numéro de l'objet."))
        if ref_id is not None and not ref:
            self.add_error("ref", _("Choisissez le type de l'objet dont vous donnez le numéro."))
        return cleaned

    def criteria(self):
        """The valid form's values as core.journal.filter_entries arguments."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "actor": data["actor"],
            "since": data["since"],
            "until": data["until"],
            "ref": data["ref"],
            "ref_id": data["ref_id"],
        }
