"""Forms of the evaluation: indicator definitions, values entered by hand, settings."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from conventions.models import Annex, Convention
from core.forms import bound_number
from core.models import Departement

from .computations import registry
from .models import EvaluationItem, EvaluationSettings, Indicator, SourceKind
from .periods import Quarter

ENTRY_QUARTERS = 8  # the running quarter and the seven before it
DEFINITION_FIELDS = [
    "convention",
    "annex",
    "code",
    "label",
    "source",
    "computation",
    "unit",
    "direction",
    "target",
    "target_scope",
    "baseline",
    "method",
    "position",
    "is_key",
    "is_active",
]


class IndicatorForm(forms.ModelForm):
    computation = forms.ChoiceField(
        label=_("Calcul"),
        required=False,
        help_text=_("Pour un indicateur calculé par le portail : ce qu'il compte."),
    )

    class Meta:
        model = Indicator
        fields = DEFINITION_FIELDS
        widgets = {"method": forms.Textarea(attrs={"rows": 3}), "source": forms.RadioSelect}
        field_classes = {"convention": SafeModelChoiceField, "annex": SafeModelChoiceField}

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.instance.tenant = tenant
        self.fields["convention"].queryset = Convention.objects.filter(tenant=tenant)
        self.fields["annex"].queryset = Annex.objects.filter(tenant=tenant).select_related(
            "convention"
        )
        self.fields["annex"].label_from_instance = lambda annex: (
            f"{annex.convention} — {_('annexe')} {annex}"
        )
        self.fields["computation"].choices = [("", "—")] + registry.choices()
        self.fields["unit"].help_text = _("Un indicateur calculé prend l'unité de son calcul.")
        for name in ("target", "baseline"):  # counts, rates, euros and days are never negative
            bound_number(self.fields[name], minimum=0)

    def clean(self):
        data = super().clean()
        annex, convention = data.get("annex"), data.get("convention")
        if annex and convention and annex.convention_id != convention.pk:
            self.add_error("annex", _("Cette annexe appartient à une autre convention."))
        if data.get("source") == SourceKind.COMPUTED:
            # The model refuses a missing computation; a known one decides the unit.
            computation = registry.get(data.get("computation") or "")
            if computation is not None:
                data["unit"] = computation.unit
        else:
            data["computation"] = ""
        code = data.get("code")
        if code and convention:
            taken = Indicator.objects.filter(convention=convention, code=code)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("code", _("Un autre indicateur de cette convention a ce code."))
        return data


def quarter_choices(today=None):
    quarter = Quarter.containing(today) if today else Quarter.current()
    return [(q.code, q.label) for q in (quarter.minus(n) for n in range(ENTRY_QUARTERS))]


class EnteredValueForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Trimestre"))
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.none(),
        required=False,
        empty_label=_("Tout l'espace"),
        help_text=_("Laissez « Tout l'espace » pour une valeur qui n'est pas ventilée."),
    )
    value = forms.DecimalField(label=_("Valeur"), max_digits=14, decimal_places=2)
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("La source ou le contexte du chiffre : il est repris dans le rapport."),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()
        bound_number(self.fields["value"], minimum=0)
        self.fields["departement"].queryset = tenant.departements.order_by("insee_code")

    def clean_quarter(self):
        return Quarter(*map(int, self.cleaned_data["quarter"].split("-Q")))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ["small_cell_threshold"]


class EvaluationItemForm(forms.ModelForm):
    class Meta:
        model = EvaluationItem
        fields = ["position", "title", "description", "indicator", "status", "evidence"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"indicator": SafeModelChoiceField}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.instance.tenant_id = convention.tenant_id
        self.fields["indicator"].queryset = Indicator.objects.filter(
            convention=convention, is_active=True
        )


EvaluationItemFormSet = forms.inlineformset_factory(
    Convention, EvaluationItem, form=EvaluationItemForm, extra=2, can_delete=True
)
