"""Forms of the caseload pages. They validate; the services in caseload.services write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.rpps import normalise_rpps, validate_rpps
from core.forms import PlausibleDatesMixin, bound_year
from core.widgets import DateInput, DateTimeInput

from .models import (
    Aid,
    ClosedReason,
    Dossier,
    FollowUpTopic,
    InstallationOutcome,
    Interaction,
    InteractionKind,
    Outcome,
    Stage,
)
from .selectors import case_managers
from .services.dossiers import EDITABLE_FIELDS


def _person_label(user):
    return user.get_full_name() or user.email


def _departement_label(departement):
    return f"{departement.insee_code} — {departement.name}"


class DossierForm(PlausibleDatesMixin, forms.ModelForm):
    """A dossier's identity and project. `version` is the one the page showed: a save made
    from a stale page is refused by the service (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    tags = forms.CharField(
        label=_("Étiquettes"),
        required=False,
        help_text=_("Séparées par des virgules, par exemple : CESP, thèse 2026, Essonne."),
    )

    class Meta:
        model = Dossier
        fields = EDITABLE_FIELDS
        widgets = {
            "next_action_on": DateInput(),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
        }
        help_texts = {
            "rpps": _("11 chiffres. Sert à relier le dossier au compte de la personne."),
            "do_not_call": _(
                "La personne a demandé à ne plus être appelée : aucune campagne ne la propose."
            ),
        }

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["target_departement"].queryset = tenant.covered_departements()
        self.fields["target_departement"].label_from_instance = _departement_label
        # The model's own bounds are not checked here (see _post_clean): the form's are.
        bound_year(self.fields["diploma_year"])
        # People paste the number with spaces or dots ("10 000 …"): clean_rpps strips them.
        self.fields["rpps"] = forms.CharField(
            label=self.fields["rpps"].label,
            help_text=self.fields["rpps"].help_text,
            required=False,
            max_length=20,
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial["tags"] = ", ".join(self.instance.tags)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = Dossier.objects.filter(tenant=self.tenant, email=email).exclude(
            pk=self.instance.pk
        )
        if email and others.exists():
            raise forms.ValidationError(_("Un autre dossier de l'espace a déjà cette adresse."))
        return email

    def clean_rpps(self):
        rpps = normalise_rpps(self.cleaned_data["rpps"])
        if not rpps:
            return ""
        validate_rpps(rpps)
        others = Dossier.objects.filter(tenant=self.tenant, rpps=rpps).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Un autre dossier de l'espace a déjà ce numéro RPPS."))
        return rpps

    def clean_tags(self):
        tags = []
        for tag in self.cleaned_data["tags"].split(","):
            tag = " ".join(tag.split())
            if tag and tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag[:50])
        return tags

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("last_name") or cleaned.get("email")):
            raise forms.ValidationError(_("Indiquez au moins le nom ou l'adresse e-mail."))
        return cleaned

    def changes(self):
        """The edited fields and their new values, for services.update_dossier."""
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in self.Meta.fields
        }

    def _post_clean(self):
        # The service saves (and checks the version); the instance must keep the stored values
        # so `changes()` compares the form with what the page showed.
        pass


class DossierCreateForm(DossierForm):
    assigned_to = forms.ModelChoiceField(
        label=_("Chargé(e) de mission"),
        queryset=None,
        required=False,
        empty_label=_("Personne pour l'instant"),
    )
    stage = forms.ChoiceField(
        label=_("Étape"),
        choices=[(s.value, s.label) for s in Stage if s not in (Stage.INSTALLED, Stage.FOLLOWED)],
        initial=Stage.TO_CONTACT,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = case_managers(self.tenant)
        self.fields["assigned_to"].label_from_instance = _person_label
        self.fields["assigned_to"].initial = user.pk
        self.fields["stage"].choices = [
            choice for choice in self.fields["stage"].choices if choice[0] != Stage.CLOSED
        ]


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Nouvelle étape"), choices=Stage.choices)
    reason = forms.ChoiceField(
        label=_("Motif de clôture"),
        choices=[("", _("—"))] + ClosedReason.choices,
        required=False,
        help_text=_("Obligatoire pour clore le dossier."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") == Stage.CLOSED and not cleaned.get("reason"):
            self.add_error("reason", _("Indiquez pourquoi le dossier est clos."))
        return cleaned


class AssignForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("Chargé(e) de mission"),
        queryset=None,
        required=False,
        empty_label=_("Personne"),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = case_managers(tenant)
        self.fields["to_user"].label_from_instance = _person_label


class TransferForm(forms.Form):
    """The admin's bulk transfer: the ticked dossiers go to one case manager."""

    dossiers = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={
            "required": _("Cochez au moins un dossier à transférer."),
        },
    )
    to_user = forms.ModelChoiceField(
        label=_("Transférer à"), queryset=None, empty_label=_("Choisir…")
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = Dossier.objects.filter(tenant=tenant)
        self.fields["to_user"].queryset = case_managers(tenant)
        self.fields["to_user"].label_from_instance = _person_label


class InteractionForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "occurred_at", "outcome", "call_back_at", "text", "shareable"]
        widgets = {"occurred_at": DateTimeInput(), "call_back_at": DateTimeInput()}
        labels = {"call_back_at": _("Rappeler le (si « À rappeler »)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["outcome"].required = False

    def clean(self):
        cleaned = super().clean()
        call_back_at = cleaned.get("call_back_at")
        if cleaned.get("outcome") == Outcome.CALL_BACK:
            if not call_back_at:
                self.add_error("call_back_at", _("Indiquez quand rappeler la personne."))
            elif call_back_at <= timezone.now():
                self.add_error("call_back_at", _("La date de rappel doit être dans le futur."))
        return cleaned

    def _post_clean(self):
        pass  # the service builds and saves the interaction


class CallOutcomeForm(PlausibleDatesMixin, forms.Form):
    """One-click outcomes of the call queue: the button pressed is the outcome."""

    outcome = forms.ChoiceField(choices=Outcome.choices)
    call_back_at = forms.DateTimeField(
        label=_("Rappeler le"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Seulement pour « À rappeler le… »."),
    )
    text = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Note interne à l'équipe, jamais montrée à la personne."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Outcome.CALL_BACK:
            call_back_at = cleaned.get("call_back_at")
            if not call_back_at:
                self.add_error("call_back_at", _("Indiquez quand rappeler la personne."))
            elif call_back_at <= timezone.now():
                self.add_error("call_back_at", _("La date de rappel doit être dans le futur."))
        return cleaned


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Nom de la campagne"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    case_managers = forms.ModelMultipleChoiceField(
        label=_("Chargé(e)s de mission qui appellent"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sans personne cochée, tous les chargé(e)s de mission de l'espace appellent."),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_managers"].queryset = case_managers(tenant)
        self.fields["case_managers"].label_from_instance = _person_label


class InstallationForm(PlausibleDatesMixin, forms.ModelForm):
    aids_obtained = forms.MultipleChoiceField(
        label=_("Aides obtenues"),
        choices=Aid.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = InstallationOutcome
        fields = [
            "installed_on",
            "commune",
            "departement",
            "practice_mode",
            "structure",
            "zone_type",
            "aids_obtained",
            "notes",
        ]
        widgets = {"installed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = tenant.covered_departements()
        self.fields["departement"].label_from_instance = _departement_label

    def _post_clean(self):
        pass  # the service saves the outcome and opens the follow-up


class FollowUpDoneForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Comment le point a eu lieu"),
        choices=[
            (InteractionKind.CALL.value, InteractionKind.CALL.label),
            (InteractionKind.MEETING.value, InteractionKind.MEETING.label),
            (InteractionKind.EMAIL.value, InteractionKind.EMAIL.label),
        ],
        initial=InteractionKind.CALL,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("Sujets abordés"),
        choices=FollowUpTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Notes internes à l'équipe."),
    )
