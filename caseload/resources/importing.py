"""The Resources of the import files: the columns, with the French headers people actually type,
and the matching of a file's header row to them."""

from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field

from ..models import Dossier
from .widgets import (
    DepartementWidget,
    EmailWidget,
    FrenchDateWidget,
    PhoneWidget,
    RppsWidget,
    SpecialtyWidget,
    TextWidget,
    YearWidget,
    cell_text,
    fold,
)

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


# The columns that describe the person, in the files' order: the import reads them, the export
# writes them (after the dossier's number).
PERSON_COLUMNS = (
    "last_name",
    "first_name",
    "email",
    "phone",
    "rpps",
    "specialty",
    "diploma_year",
    "faculty",
)


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
        fields = (*PERSON_COLUMNS, "departement")


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
