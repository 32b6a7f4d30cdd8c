"""Forms of the staff pages: partners and contacts, conventions with their parties, rhythms and
milestones, signed documents, annexes with budget lines and indicators, meetings and decisions,
and the partner import.

Choices among tenant-owned rows (partners, conventions, annexes) are built per request from the
tenant: the fields start empty (django-scopes' safe fields) and `__init__` fills them.
"""

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from core.forms import PlausibleDatesMixin
from core.widgets import DateInput, DateTimeInput

from .models import (
    ANNEX_SECTIONS,
    Annex,
    BudgetLine,
    Convention,
    ConventionKind,
    ConventionParty,
    Decision,
    GovernanceCadence,
    Meeting,
    Milestone,
    Partner,
    PartnerContact,
)

DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_BYTES = 1024 * 1024


def max_document_bytes():
    return getattr(settings, "CONVENTION_DOCUMENT_MAX_BYTES", DEFAULT_MAX_DOCUMENT_BYTES)


def small_textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class TenantForm(forms.ModelForm):
    """A model form whose partner choices are the tenant's partners."""

    partner_fields = ()

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        partners = Partner.objects.filter(tenant=tenant).order_by("name")
        for name in self.partner_fields:
            self.fields[name].queryset = partners


# Partners


class PartnerForm(forms.ModelForm):
    website = Partner._meta.get_field("website").formfield(assume_scheme="https")

    class Meta:
        model = Partner
        fields = ["name", "kind", "departement", "website"]

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.tenant = tenant

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        same = Partner.objects.filter(tenant=self.instance.tenant, name__iexact=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Un partenaire porte déjà ce nom dans cet espace."))
        return name


class ContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "function", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"})}


ContactFormSet = inlineformset_factory(
    Partner, PartnerContact, form=ContactForm, extra=2, can_delete=True
)


class PartnerImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou Excel"),
        help_text=_(
            "Colonnes : nom, type, departement (code INSEE), site_internet. Une ligne dont le nom "
            "existe déjà met ce partenaire à jour. Taille maximale : 1 Mo."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ("csv", "xlsx"):
            raise forms.ValidationError(_("Choisissez un fichier CSV (.csv) ou Excel (.xlsx)."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse la taille maximale de 1 Mo."))
        self.extension = extension
        return upload


# Conventions


class ConventionForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Convention
        fields = [
            "title",
            "kind",
            "amends",
            "purpose",
            "signature_date",
            "start_date",
            "start_event",
            "start_event_date",
            "end_date",
            "duration_months",
            "status_override",
            "governance",
        ]
        field_classes = {"amends": SafeModelChoiceField}
        widgets = {
            "signature_date": DateInput(),
            "start_date": DateInput(),
            "start_event_date": DateInput(),
            "end_date": DateInput(),
            "purpose": small_textarea(6),
            "governance": small_textarea(5),
        }

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.tenant = tenant
        amendable = Convention.objects.filter(tenant=tenant).exclude(kind=ConventionKind.AMENDMENT)
        if self.instance.pk:
            amendable = amendable.exclude(pk=self.instance.pk)
        self.fields["amends"].queryset = amendable.order_by("title")

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        same = Convention.objects.filter(tenant=self.instance.tenant, title__iexact=title)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Une convention porte déjà cet intitulé."))
        return title


class PartyForm(TenantForm):
    partner_fields = ("partner",)

    class Meta:
        model = ConventionParty
        fields = ["partner", "role", "representative", "commitments"]
        field_classes = {"partner": SafeModelChoiceField}
        widgets = {"commitments": small_textarea(4)}


PartyFormSet = inlineformset_factory(
    Convention, ConventionParty, form=PartyForm, extra=2, can_delete=True
)


class CadenceForm(forms.ModelForm):
    class Meta:
        model = GovernanceCadence
        fields = ["meeting_kind", "every_months", "description"]


CadenceFormSet = inlineformset_factory(
    Convention, GovernanceCadence, form=CadenceForm, extra=1, can_delete=True
)


class MilestoneForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["label", "due_date", "months_after_start", "done"]
        widgets = {"due_date": DateInput()}


MilestoneFormSet = inlineformset_factory(
    Convention, Milestone, form=MilestoneForm, extra=2, can_delete=True
)


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=255,
        help_text=_("Par exemple « Protocole signé par les deux parties »."),
    )
    file = forms.FileField(
        label=_("Document signé (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Format PDF uniquement, %(size)s au maximum.") % {
            "size": filesizeformat(max_document_bytes())
        }

    def clean_file(self):
        """A .pdf name, a size under the limit and content that starts like a PDF."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError(
                _("Seuls les documents PDF sont acceptés : choisissez un fichier .pdf.")
            )
        if upload.size > max_document_bytes():
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s : la taille maximale est de %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(max_document_bytes())}
            )
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(
                _("Ce fichier n'est pas un PDF valide : enregistrez le document au format PDF.")
            )
        return upload


# Annexes


class AnnexForm(forms.ModelForm):
    class Meta:
        model = Annex
        fields = ["number", "title", "axis", *ANNEX_SECTIONS]
        widgets = {name: small_textarea(4) for name in ANNEX_SECTIONS}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.instance.tenant = convention.tenant

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Annex.objects.filter(convention=self.instance.convention, number=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Cette convention a déjà une annexe n° %(number)s.") % {"number": number}
            )
        return number


class BudgetLineForm(TenantForm):
    partner_fields = ("funder",)

    class Meta:
        model = BudgetLine
        fields = ["nature", "year", "amount", "funder", "pays_for", "note"]
        field_classes = {"funder": SafeModelChoiceField}


BudgetLineFormSet = inlineformset_factory(
    Annex, BudgetLine, form=BudgetLineForm, extra=3, can_delete=True
)


# Meetings


class MeetingForm(PlausibleDatesMixin, TenantForm):
    partner_fields = ("attendees",)

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "annex",
            "starts_at",
            "place",
            "attendees",
            "other_attendees",
            "agenda",
            "minutes",
        ]
        field_classes = {"annex": SafeModelChoiceField, "attendees": SafeModelMultipleChoiceField}
        widgets = {
            "starts_at": DateTimeInput(),
            "attendees": forms.CheckboxSelectMultiple(),
            "agenda": small_textarea(5),
            "minutes": small_textarea(8),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, tenant=convention.tenant, **kwargs)
        self.instance.convention = convention
        self.instance.tenant = convention.tenant
        self.fields["annex"].queryset = Annex.objects.filter(convention=convention)


class DecisionForm(PlausibleDatesMixin, TenantForm):
    partner_fields = ("owner_partner",)

    class Meta:
        model = Decision
        fields = ["text", "owner_partner", "owner_name", "due_date", "done"]
        field_classes = {"owner_partner": SafeModelChoiceField}
        widgets = {"text": small_textarea(2), "due_date": DateInput()}


DecisionFormSet = inlineformset_factory(
    Meeting, Decision, form=DecisionForm, extra=2, can_delete=True
)
