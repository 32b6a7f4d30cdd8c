"""Forms of the imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .imports import (
    CONTACT_SOURCES,
    MAX_UPLOAD_BYTES,
    ImportFileError,
    file_format,
    size_label,
)
from .models import Campaign, ImportKind, Source


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de fichier"),
        choices=ImportKind.choices,
        initial=ImportKind.CONTACTS,
        widget=forms.RadioSelect,
        help_text=_(
            "Liste de contacts : nom, prénom, e-mail ou téléphone (RPPS, spécialité, année de "
            "diplôme, faculté, département facultatifs). Inscriptions au CDOM : nom, prénom, "
            "RPPS, date d'inscription, département."
        ),
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_(
            "CSV (séparateur point-virgule ou virgule) ou Excel (.xlsx), 20 Mo au plus. La "
            "première ligne donne le nom des colonnes."
        ),
        error_messages={
            "empty": _("Le fichier est vide."),
            "required": _("Choisissez le fichier à importer."),
            "invalid": _("Aucun fichier n'a été reçu : choisissez-le à nouveau."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "Le fichier fait %(size)s : c'est plus que les %(max)s acceptés. "
                    "Découpez-le en plusieurs fichiers."
                )
                % {"size": size_label(upload.size), "max": size_label(MAX_UPLOAD_BYTES)}
            )
        try:
            file_format(upload.name)
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload


class ImportConfirmForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    source = forms.ChoiceField(
        label=_("Origine des contacts"),
        choices=[(source.value, source.label) for source in CONTACT_SOURCES],
        initial=Source.CALL_CAMPAIGN,
        required=False,  # the list has no empty choice: missing means the default
    )
    campaign = forms.ModelChoiceField(
        label=_("Ajouter les dossiers créés à une campagne d'appels"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("Aucune campagne"),
    )

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(
            tenant=job.tenant, is_active=True
        ).order_by("name")
        if job.kind != ImportKind.CONTACTS:
            del self.fields["source"]
