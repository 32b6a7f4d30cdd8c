"""Validating an import's rows: the columns recognised, each row cleaned by its Resource and
checked for duplicates within the file and against the tenant's dossiers, chunk by chunk."""

import hashlib
from dataclasses import dataclass, field

from django.db.models.functions import Lower
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.spreadsheets import ImportFileError, _is_blank, read_table

from ..models import (
    Dossier,
    ImportKind,
    Source,
)
from ..resources.importing import CdomResource, ContactResource, match_headers
from ..resources.widgets import cell_text, fold

MAX_ROWS = 200_000
CHUNK_SIZE = 2000
RESOURCES = {ImportKind.CONTACTS: ContactResource, ImportKind.CDOM: CdomResource}
# Where imported contacts may come from (the confirm form offers them).
CONTACT_SOURCES = [Source.CALL_CAMPAIGN, Source.FACULTY_EVENT, Source.PERMANENCE]


@dataclass
class RowResult:
    number: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    # "create", or "update" of dossier_id (CDOM), for a valid row.
    action: str = ""
    dossier_id: int | None = None

    @property
    def valid(self):
        return not self.errors


@dataclass
class Columns:
    mapping: dict
    ignored: list
    repeated: list


def check_columns(table, resource_class):
    mapping, missing, one_of_missing, ignored, repeated = match_headers(
        table.headers, resource_class
    )
    found = [cell_text(header) for header in table.headers if cell_text(header)]
    if not mapping:
        raise ImportFileError(
            _(
                "Aucune colonne reconnue dans la première ligne (%(found)s) : elle doit donner "
                "le nom des colonnes (%(expected)s)."
            )
            % {
                "found": ", ".join(f"« {text} »" for text in found[:8]),
                "expected": ", ".join(f"« {label} »" for label in resource_class.labels().values()),
            }
        )
    if missing:
        raise ImportFileError(
            ngettext(
                "Colonne obligatoire absente : %(missing)s. Colonnes trouvées : %(found)s.",
                "Colonnes obligatoires absentes : %(missing)s. Colonnes trouvées : %(found)s.",
                len(missing),
            )
            % {
                "missing": ", ".join(f"« {label} »" for label in missing),
                "found": ", ".join(f"« {text} »" for text in found),
            }
        )
    if one_of_missing:
        raise ImportFileError(
            _("Il faut au moins une de ces colonnes : %(columns)s.")
            % {"columns": ", ".join(f"« {label} »" for label in one_of_missing)}
        )
    return Columns(mapping, ignored, repeated)


class Validator:
    """Cleans rows chunk by chunk; remembers the file's keys to find duplicates within it, and
    loads the tenant's e-mails and RPPS numbers once to find existing dossiers."""

    def __init__(self, *, kind, tenant):
        self.kind = kind
        self.tenant = tenant
        self.resource = RESOURCES[kind]()
        self.seen_email = {}
        self.seen_rpps = {}
        self.existing_email, self.existing_rpps = self._existing_keys()

    def _existing_keys(self):
        dossiers = Dossier.objects.filter(tenant=self.tenant)
        by_email, by_rpps = {}, {}
        # A person with an account may have a dossier without their identity copied in it.
        for pk, email, rpps, person_email, person_rpps in (
            dossiers.annotate(email_l=Lower("email"), person_email_l=Lower("person__email"))
            .values_list("pk", "email_l", "rpps", "person_email_l", "person__profile__rpps")
            .order_by("pk")
            .iterator(chunk_size=5000)
        ):
            for key in (email, person_email):
                if key:
                    by_email.setdefault(key, pk)
            if rpps:
                by_rpps[rpps] = pk  # the dossier's own number wins
            if person_rpps:
                by_rpps.setdefault(person_rpps, pk)
        return by_email, by_rpps

    def clean(self, number, raw_cells, problems, mapping):
        raw = {
            name: (raw_cells[index] if index < len(raw_cells) else None)
            for index, name in mapping.items()
        }
        result = RowResult(number)
        result.values, errors = self.resource.clean_row(raw, result.notices)
        result.errors = [message for column, message in problems if column in mapping] + errors
        if self.kind == ImportKind.CONTACTS and not any(
            cell_text(raw.get(name)) for name in ("email", "phone")
        ):
            result.errors.append(
                _("Ni adresse e-mail ni téléphone : impossible de contacter cette personne.")
            )
        self._within_file(result)
        return result

    def _within_file(self, result):
        for key, seen in (("email", self.seen_email), ("rpps", self.seen_rpps)):
            value = result.values.get(key)
            if not value:
                continue
            if value in seen:
                message = (
                    _("Doublon de la ligne %(row)d (même adresse e-mail).")
                    if key == "email"
                    else _("Doublon de la ligne %(row)d (même numéro RPPS).")
                )
                result.errors.append(message % {"row": seen[value]})
            else:
                seen[value] = result.number

    def against_database(self, results):
        """Duplicates of existing dossiers (contacts: an error; CDOM: the dossier to update)."""
        matches = {}
        for result in results:
            email, rpps = result.values.get("email"), result.values.get("rpps")
            by_rpps = self.existing_rpps.get(rpps) if rpps else None
            by_email = self.existing_email.get(email) if email else None
            if by_rpps or by_email:
                matches[result.number] = (by_email, by_rpps)
        names = {}
        ids = {pk for pair in matches.values() for pk in pair if pk}
        if ids:
            names = {
                row["pk"]: row
                for row in Dossier.objects.filter(tenant=self.tenant, pk__in=ids).values(
                    "pk", "first_name", "last_name", "person__first_name", "person__last_name"
                )
            }
        for result in results:
            by_email, by_rpps = matches.get(result.number, (None, None))
            if self.kind == ImportKind.CONTACTS:
                if by_email:
                    result.errors.append(
                        _("Un dossier existe déjà pour cette adresse e-mail : %(who)s.")
                        % {"who": self._who(by_email, names)}
                    )
                if by_rpps:
                    result.errors.append(
                        _("Un dossier existe déjà pour ce numéro RPPS : %(who)s.")
                        % {"who": self._who(by_rpps, names)}
                    )
                if result.valid:
                    result.action = "create"
            elif result.valid:
                if by_rpps:
                    result.action, result.dossier_id = "update", by_rpps
                    self._check_name(result, names.get(by_rpps))
                else:
                    result.action = "create"

    def _who(self, pk, names):
        row = names.get(pk)
        if row is None:
            return _("dossier n° %(pk)d") % {"pk": pk}
        name = f"{row['first_name']} {row['last_name']}".strip() or (
            f"{row['person__first_name'] or ''} {row['person__last_name'] or ''}".strip()
        )
        return _("%(name)s (dossier n° %(pk)d)") % {"name": name or "—", "pk": pk}

    def _check_name(self, result, row):
        if row is None or not row["last_name"]:
            return
        if fold(row["last_name"]) != fold(result.values.get("last_name", "")):
            result.notices.append(
                _(
                    "Le nom du fichier (%(file)s) diffère de celui du dossier n° %(pk)d "
                    "(%(dossier)s) retrouvé par son numéro RPPS : vérifiez qu'il s'agit bien "
                    "de la même personne."
                )
                % {
                    "file": result.values.get("last_name", ""),
                    "pk": row["pk"],
                    "dossier": row["last_name"],
                }
            )


def validated_chunks(table, columns, validator):
    """Yield lists of RowResult, CHUNK_SIZE rows at a time (blank rows skipped)."""
    chunk, count = [], 0
    for number, cells, problems in table.rows:
        if _is_blank(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(
                _("Le fichier compte plus de %(max)s lignes : découpez-le en plusieurs fichiers.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
        chunk.append(validator.clean(number, cells, problems, columns.mapping))
        if len(chunk) >= CHUNK_SIZE:
            validator.against_database(chunk)
            yield chunk
            chunk = []
    if chunk:
        validator.against_database(chunk)
        yield chunk


class Fingerprint:
    """What the preview decided for every row; the commit must come to the same decisions."""

    def __init__(self):
        self.hash = hashlib.sha256()

    def add(self, result):
        decision = f"{result.action}:{result.dossier_id}" if result.valid else "error"
        self.hash.update(f"{result.number}={decision};".encode())

    def hexdigest(self):
        return self.hash.hexdigest()


def _open(job):
    if not job.file:
        raise ImportFileError(
            _("Le fichier n'est plus conservé : déposez-le à nouveau pour l'importer.")
        )
    with job.file.open("rb") as handle:
        data = handle.read()
    table = read_table(data, job.file.name)
    columns = check_columns(table, RESOURCES[job.kind])
    return data, table, columns
