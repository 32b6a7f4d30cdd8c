"""django-import-export Resources over Dossier and Interaction: the columns of the import files
(with the French headers people actually type) and of the exports.

Imports do not go through `Resource.import_data`: it looks each row up in the database and keeps
a result object per row, which does not hold 100,000 rows in a request, and it knows nothing of
our duplicate rules. `caseload.imports` streams the file, maps the headers with `match_headers`,
cleans each cell with the Field's widget below (a widget raises ValueError with the French
reason), and writes in chunks. Exports use `export_resource` row by row over an iterator, never
a whole tablib Dataset in memory.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field

from accounts.choices import Specialty
from accounts.rpps import normalise_rpps, validate_rpps
from core.models import Departement
from core.text import fold as text_fold

from .models import Dossier, Interaction

# Values a spreadsheet shows when a formula failed: never data.
EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}


def fold(text):
    """Lower case, no accent, letters and digits only: "N° RPPS" → "nrpps", "E-mail" → "email"."""
    return "".join(ch for ch in text_fold(text) if ch.isalnum())


def cell_text(value):
    """A cell as text: spreadsheets hand over numbers (2015.0) and dates as Python objects."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).replace("\u00a0", " ").strip()


# Widgets: clean() returns the value to store, or raises ValueError with the French reason.


class TextWidget(widgets.Widget):
    def __init__(self, max_length, *, required=False, label=""):
        super().__init__()
        self.max_length, self.required, self.label = max_length, required, label

    def clean(self, value, row=None, **kwargs):
        text = " ".join(cell_text(value).split())
        if not text and self.required:
            raise ValueError(_("%(label)s est vide.") % {"label": str(self.label).capitalize()})
        if len(text) > self.max_length:
            raise ValueError(
                _("%(label)s dépasse %(max)d caractères.")
                % {"label": str(self.label).capitalize(), "max": self.max_length}
            )
        return text


class EmailWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if text.startswith("mailto:"):
            text = text[len("mailto:") :]
        if not text:
            return ""
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(
                _("Adresse e-mail invalide : « %(value)s ».") % {"value": text}
            ) from None
        if len(text) > 254:
            raise ValueError(_("Adresse e-mail trop longue."))
        return text


class PhoneWidget(widgets.Widget):
    """French numbers as "06 12 34 56 78"; other countries kept as "+<digits>"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A spreadsheet turned 0612345678 into the number 612345678: put the 0 back.
            digits = cell_text(value)
            raw = "0" + digits if len(digits) == 9 else digits
        else:
            raw = cell_text(value)
        if not raw:
            return ""
        compact = re.sub(r"[\s.\-/()]", "", raw)
        if compact.startswith("00"):
            compact = "+" + compact[2:]
        if compact.startswith("+33") and len(compact) == 12 and compact[3:].isdigit():
            compact = "0" + compact[3:]
        if len(compact) == 10 and compact.isdigit() and compact.startswith("0"):
            return " ".join(compact[i : i + 2] for i in range(0, 10, 2))
        if compact.startswith("+") and compact[1:].isdigit() and 8 <= len(compact) <= 16:
            return compact
        raise ValueError(
            _(
                "Numéro de téléphone invalide : « %(value)s » (10 chiffres, ou l'indicatif "
                "international suivi du numéro)."
            )
            % {"value": raw}
        )


class RppsWidget(widgets.Widget):
    def __init__(self, *, required=False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        number = normalise_rpps(cell_text(value))
        if not number:
            if self.required:
                raise ValueError(_("Le numéro RPPS est vide."))
            return ""
        try:
            validate_rpps(number)
        except ValidationError as error:
            raise ValueError(
                _("RPPS « %(value)s » : %(reason)s")
                % {"value": number, "reason": error.messages[0]}
            ) from None
        return number


class SpecialtyWidget(widgets.Widget):
    """A DES by its label, its code or a common abbreviation; unknown → "autre" with a notice."""

    ALIASES = {
        "mg": Specialty.MEDECINE_GENERALE,
        "generaliste": Specialty.MEDECINE_GENERALE,
        "medecingeneraliste": Specialty.MEDECINE_GENERALE,
        "desmg": Specialty.MEDECINE_GENERALE,
        "cardiologie": Specialty.CARDIOLOGIE,
        "anesthesie": Specialty.ANESTHESIE,
        "gynecologie": Specialty.GYNECOLOGIE_MEDICALE,
        "psychiatre": Specialty.PSYCHIATRIE,
        "pediatre": Specialty.PEDIATRIE,
        "urgences": Specialty.MEDECINE_URGENCE,
        "urgentiste": Specialty.MEDECINE_URGENCE,
        "radiologie": Specialty.RADIOLOGIE,
        "dermatologie": Specialty.DERMATOLOGIE,
        "gastroenterologie": Specialty.GASTRO,
        "endocrinologie": Specialty.ENDOCRINOLOGIE,
        "orl": Specialty.ORL,
    }

    def __init__(self):
        super().__init__()
        self.lookup = {fold(value): value for value in Specialty.values}
        self.lookup.update({fold(label): value for value, label in Specialty.choices})
        self.lookup.update({key: str(value) for key, value in self.ALIASES.items()})

    def clean(self, value, row=None, notices=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        found = self.lookup.get(text)
        if found is None:
            found = self.lookup.get(fold(text))
            if found is not None:
                self.lookup[text] = found  # a file repeats the same few labels
        if found is None:
            if notices is not None:
                notices.append(
                    _("Spécialité « %(value)s » non reconnue : enregistrée comme « Autre ».")
                    % {"value": text}
                )
            return Specialty.AUTRE.value
        return found


class YearWidget(widgets.Widget):
    this_year = None

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, date):
            value = value.year
        text = cell_text(value)
        if not text:
            return None
        if self.this_year is None:  # once per import: each import has its own resource
            self.this_year = timezone.localdate().year
        this_year = self.this_year
        if not text.isdigit() or not 1950 <= int(text) <= this_year + 1:
            raise ValueError(
                _("Année de diplôme invalide : « %(value)s » (une année entre 1950 et %(max)d).")
                % {"value": text, "max": this_year + 1}
            )
        return int(text)


class DepartementWidget(widgets.Widget):
    """A département by INSEE code ("91", "1", "2A"), name ("Val-d'Oise") or both ("Essonne (91)")."""

    def __init__(self, *, required=False):
        super().__init__()
        self.required = required
        self._by_code = self._by_name = None

    def _load(self):
        if self._by_code is None:
            rows = list(Departement.objects.values_list("pk", "insee_code", "name"))
            self._by_code = {code: pk for pk, code, _name in rows}
            self._by_name = {fold(name): pk for pk, _code, name in rows}

    def _code(self, text):
        code = text.upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        return self._by_code.get(code)

    def clean(self, value, row=None, **kwargs):
        self._load()
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("Le département est vide."))
            return None
        found = self._code(text) or self._by_name.get(fold(text))
        if found is None:
            for pattern in (r"\((\d{1,3}|2[abAB])\)", r"^(\d{1,3}|2[abAB])\b"):
                match = re.search(pattern, text)
                if match and (found := self._code(match.group(1))):
                    break
        if found is None:
            raise ValueError(
                _("Département inconnu : « %(value)s » (code INSEE ou nom attendu).")
                % {"value": text}
            )
        return found


class FrenchDateWidget(widgets.Widget):
    FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")

    def __init__(self, *, required=False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("La date d'inscription est vide."))
            return None
        for pattern in self.FORMATS:
            try:
                parsed = datetime.strptime(text[:10] if pattern == "%Y-%m-%d" else text, pattern)  # noqa: DTZ007 (a calendar date, no time)
            except ValueError:
                continue
            if parsed.year >= 1950:
                return parsed.date()
        raise ValueError(
            _("Date invalide : « %(value)s » (format attendu : JJ/MM/AAAA).") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


# Import resources. `column_name` is the canonical French header; ALIASES are other headers
# accepted for the same column, compared with fold() (case, accents and punctuation ignored).

IMPORT_ALIASES = {
    "last_name": ["nom", "nomdefamille", "nomdusage", "nomdenaissance", "nomfamille", "lastname"],
    "first_name": ["prenom", "prenoms", "prenomusuel", "firstname"],
    "email": [
        "email", "mail", "courriel", "adresseemail", "adressemail", "adressecourriel",
        "adresseelectronique", "emailaddress",
    ],
    "phone": [
        "telephone", "tel", "telephoneportable", "telportable", "portable", "mobile",
        "numerodetelephone", "numerotelephone", "phone",
    ],
    "rpps": ["rpps", "numerorpps", "nrpps", "norpps", "numrpps", "identifiantrpps", "idrpps"],
    "specialty": ["specialite", "specialitedes", "des", "discipline"],
    "diploma_year": [
        "anneedediplome", "anneedudiplome", "anneediplome", "anneedediplomation",
        "anneedobtentiondudiplome", "anneedethese",
    ],
    "faculty": ["faculte", "facultedorigine", "universite", "fac", "ufr", "faculty"],
    "departement": [
        "departement", "dept", "dep", "codedepartement", "departementvise",
        "departementdexercice", "departementdinstallation", "cdom",
    ],
    "registered_on": [
        "datedinscription", "dateinscription", "inscritle", "datedinscriptionautableau",
        "dateinscriptionautableau", "datedinscriptionaucdom", "date",
    ],
}  # fmt: skip


class ImportResource(resources.ModelResource):
    """Common part of the two import files; subclasses say which columns are required."""

    required = ()
    # At least one of these columns must be in the file (and filled in on each row).
    one_of = ()

    class Meta:
        model = Dossier
        fields = ()

    @classmethod
    def labels(cls):
        return {name: field.column_name for name, field in cls.fields.items()}

    def clean_row(self, raw, notices):
        """raw: {field name: cell}. Returns ({field name: value}, [errors]).

        The widgets are called directly (what Field.clean does, minus building a row dict per
        cell): this runs for every cell of files of 100,000 rows."""
        values, errors = {}, []
        fields = self.fields
        for name, cell in raw.items():
            try:
                values[name] = fields[name].widget.clean(cell, notices=notices)
            except ValueError as error:
                errors.append(str(error))
        return values, errors


class ContactResource(ImportResource):
    """A contact list (annex 1: doctors trained in the region and not settled, to call)."""

    last_name = Field(
        "last_name", "nom", TextWidget(150, required=True, label=gettext_lazy("le nom"))
    )
    first_name = Field(
        "first_name", "prénom", TextWidget(150, required=True, label=gettext_lazy("le prénom"))
    )
    email = Field("email", "e-mail", EmailWidget())
    phone = Field("phone", "téléphone", PhoneWidget())
    rpps = Field("rpps", "RPPS", RppsWidget())
    specialty = Field("specialty", "spécialité", SpecialtyWidget())
    diploma_year = Field("diploma_year", "année de diplôme", YearWidget())
    faculty = Field("faculty", "faculté", TextWidget(120, label=gettext_lazy("la faculté")))
    departement = Field("target_departement_id", "département", DepartementWidget())

    required = ("last_name", "first_name")
    one_of = ("email", "phone")

    class Meta:
        model = Dossier
        fields = (
            "last_name",
            "first_name",
            "email",
            "phone",
            "rpps",
            "specialty",
            "diploma_year",
            "faculty",
            "departement",
        )


class CdomResource(ImportResource):
    """The registrations to the Ordre's departmental councils (CDOM) of the region."""

    last_name = Field(
        "last_name", "nom", TextWidget(150, required=True, label=gettext_lazy("le nom"))
    )
    first_name = Field(
        "first_name", "prénom", TextWidget(150, required=True, label=gettext_lazy("le prénom"))
    )
    rpps = Field("rpps", "RPPS", RppsWidget(required=True))
    registered_on = Field(None, "date d'inscription", FrenchDateWidget(required=True))
    departement = Field("target_departement_id", "département", DepartementWidget(required=True))

    required = ("last_name", "first_name", "rpps", "registered_on", "departement")

    class Meta:
        model = Dossier
        fields = (
            "last_name",
            "first_name",
            "rpps",
            "registered_on",
            "departement",
        )


def match_headers(headers, resource_class):
    """Map a file's header row onto the resource's fields.

    Returns (mapping {column index: field name}, missing [labels], one_of_missing [labels],
    ignored [headers], repeated [headers]).
    """
    wanted = resource_class.fields
    alias_to_field = {}
    for name in wanted:
        for alias in IMPORT_ALIASES[name]:
            alias_to_field.setdefault(alias, name)
        alias_to_field.setdefault(fold(wanted[name].column_name), name)
    mapping, ignored, repeated = {}, [], []
    for index, header in enumerate(headers):
        text = cell_text(header)
        if not text:
            continue
        name = alias_to_field.get(fold(text))
        if name is None:
            ignored.append(text)
        elif name in mapping.values():
            repeated.append(text)
        else:
            mapping[index] = name
    found = set(mapping.values())
    labels = resource_class.labels()
    missing = [labels[name] for name in resource_class.required if name not in found]
    one_of_missing = []
    if resource_class.one_of and not found & set(resource_class.one_of):
        one_of_missing = [labels[name] for name in resource_class.one_of]
    return mapping, missing, one_of_missing, ignored, repeated


# Export resources


def _person_name(user):
    return (user.get_full_name() or user.email) if user else ""


def _local(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


class DossierExportResource(resources.ModelResource):
    id = Field("id", "n° de dossier")
    last_name = Field("last_name", "nom")
    first_name = Field("first_name", "prénom")
    email = Field("email", "e-mail")
    phone = Field("phone", "téléphone")
    rpps = Field("rpps", "RPPS")
    specialty = Field("specialty", "spécialité")
    diploma_year = Field("diploma_year", "année de diplôme")
    faculty = Field("faculty", "faculté")
    stage = Field("stage", "étape")
    closed_reason = Field("closed_reason", "motif de clôture")
    source = Field("source", "origine")
    departement = Field("target_departement", "département visé")
    commune = Field("target_commune", "commune visée")
    practice_mode = Field("practice_mode", "mode d'exercice")
    zone_type = Field("zone_type", "zonage")
    tags = Field("tags", "étiquettes")
    assigned_to = Field("assigned_to", "chargé(e) de mission")
    next_action = Field("next_action", "prochaine action")
    next_action_on = Field("next_action_on", "à faire le", FrenchDateWidget())
    do_not_call = Field("do_not_call", "ne pas appeler")
    created_at = Field("created_at", "créé le")
    updated_at = Field("updated_at", "modifié le")

    class Meta:
        model = Dossier
        fields = (
            "id",
            "last_name",
            "first_name",
            "email",
            "phone",
            "rpps",
            "specialty",
            "diploma_year",
            "faculty",
            "stage",
            "closed_reason",
            "source",
            "departement",
            "commune",
            "practice_mode",
            "zone_type",
            "tags",
            "assigned_to",
            "next_action",
            "next_action_on",
            "do_not_call",
            "created_at",
            "updated_at",
        )

    def dehydrate_specialty(self, dossier):
        return dossier.get_specialty_display() if dossier.specialty else ""

    def dehydrate_stage(self, dossier):
        return dossier.get_stage_display()

    def dehydrate_closed_reason(self, dossier):
        return dossier.get_closed_reason_display() if dossier.closed_reason else ""

    def dehydrate_source(self, dossier):
        return dossier.get_source_display() if dossier.source else ""

    def dehydrate_departement(self, dossier):
        return str(dossier.target_departement) if dossier.target_departement_id else ""

    def dehydrate_practice_mode(self, dossier):
        return dossier.get_practice_mode_display() if dossier.practice_mode else ""

    def dehydrate_zone_type(self, dossier):
        return dossier.get_zone_type_display() if dossier.zone_type else ""

    def dehydrate_tags(self, dossier):
        return ", ".join(str(tag) for tag in dossier.tags or [])

    def dehydrate_assigned_to(self, dossier):
        return _person_name(dossier.assigned_to)

    def dehydrate_do_not_call(self, dossier):
        return _("oui") if dossier.do_not_call else ""

    def dehydrate_created_at(self, dossier):
        return _local(dossier.created_at)

    def dehydrate_updated_at(self, dossier):
        return _local(dossier.updated_at)


class InteractionExportResource(resources.ModelResource):
    dossier_id = Field("dossier_id", "n° de dossier")
    person = Field(None, "personne")
    kind = Field("kind", "type")
    occurred_at = Field("occurred_at", "date")
    author = Field("author", "auteur")
    outcome = Field("outcome", "résultat")
    call_back_at = Field("call_back_at", "rappeler le")
    campaign = Field("campaign", "campagne")
    shareable = Field("shareable", "visible par la personne")
    text = Field("text", "compte rendu")

    class Meta:
        model = Interaction
        fields = (
            "dossier_id",
            "person",
            "kind",
            "occurred_at",
            "author",
            "outcome",
            "call_back_at",
            "campaign",
            "shareable",
            "text",
        )

    def dehydrate_person(self, interaction):
        return interaction.dossier.display_name

    def dehydrate_kind(self, interaction):
        return interaction.get_kind_display()

    def dehydrate_occurred_at(self, interaction):
        return _local(interaction.occurred_at)

    def dehydrate_author(self, interaction):
        return _person_name(interaction.author)

    def dehydrate_outcome(self, interaction):
        return interaction.get_outcome_display() if interaction.outcome else ""

    def dehydrate_call_back_at(self, interaction):
        return _local(interaction.call_back_at)

    def dehydrate_campaign(self, interaction):
        return interaction.campaign.name if interaction.campaign_id else ""

    def dehydrate_shareable(self, interaction):
        return _("oui") if interaction.shareable else _("non")
