"""Contact and CDOM imports: read the file, validate every row, preview, then commit all or nothing.

1. `start_import` stores the upload under an unguessable name and runs `preview`: the file is
   decoded (UTF-8, UTF-8 with a byte order mark, UTF-16, or Windows-1252/Latin-1), its
   separator found (";", "," or tab), or its first sheet read (XLSX, values only); each row is
   cleaned by the Resource's widgets (caseload.resources) and checked for duplicates within the
   file and against the tenant's dossiers. The report (ImportJob.report) lists the errors by
   row number; nothing is written to Dossier.
2. `commit_import` reads the stored file again and re-validates every row against the
   database inside ONE transaction, writing the valid rows in chunks as it goes (bulk_create,
   so 100,000 rows never sit in memory). If the outcome differs from the preview (a dossier was
   created or changed meanwhile), or anything fails, the transaction rolls back: nothing is
   half-saved, and the user is asked to preview again.

A file-level problem (empty, unreadable, missing columns, too big) raises ImportFileError with
the French message shown to the user; the job is then FAILED and can only be replaced.
"""

import codecs
import csv
import hashlib
import io
import logging
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from celery import shared_task
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope, scopes_disabled

from core.tasks import publish

from .models import (
    CampaignTarget,
    Dossier,
    ImportJob,
    ImportKind,
    ImportStatus,
    Interaction,
    InteractionKind,
    Source,
    Stage,
    StageChange,
)
from .resources import EXCEL_ERRORS, CdomResource, ContactResource, cell_text, fold, match_headers

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_XLSX_UNPACKED = 400 * 1024 * 1024  # 100,000 rows of contacts take about 40 MB of XML
CHUNK_SIZE = 2000
# The report keeps this many row errors (and notices); the full list is a CSV download.
REPORT_LIMIT = 1000
CDOM_TAG = "Inscrit(e) au CDOM"
# Up to this many valid rows the commit runs in the request (about 10 seconds); beyond, the
# worker does it (caseload.imports.commit_import_task).
INLINE_COMMIT_ROWS = 20_000
QUEUE_TIMEOUT = timedelta(hours=1)
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
RESOURCES = {ImportKind.CONTACTS: ContactResource, ImportKind.CDOM: CdomResource}
# Where imported contacts may come from (the confirm form offers them).
CONTACT_SOURCES = [Source.CALL_CAMPAIGN, Source.FACULTY_EVENT, Source.PERMANENCE]


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` says why, in French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ImportRefused(Exception):
    """The commit was refused or rolled back; nothing was saved. `message` is for the user."""

    def __init__(self, message, *, stale=False):
        super().__init__(message)
        self.message = message
        self.stale = stale


def size_label(size):
    return _("%(size)s Mo") % {"size": number_format(size / (1024 * 1024), 1)}


# Reading the file


@dataclass
class Table:
    format: str
    headers: list
    header_row: int
    rows: object  # iterator of (row number, cells, [cell problems])
    encoding: str = ""
    delimiter: str = ""


def file_format(name):
    """ "csv" or "xlsx" from the file name; ImportFileError for anything else."""
    extension = Path(name or "").suffix.lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    if extension in (".xls", ".ods", ".numbers"):
        raise ImportFileError(
            _(
                "Les fichiers %(extension)s ne sont pas lus : enregistrez le fichier au format "
                "Excel (.xlsx) ou CSV, puis importez-le à nouveau."
            )
            % {"extension": extension}
        )
    raise ImportFileError(
        _("Format de fichier non pris en charge : importez un fichier CSV ou Excel (.xlsx).")
    )


def decode(data):
    """(text, encoding label). UTF-8 first; a file that is not valid UTF-8 was saved by Excel
    for Windows (Windows-1252, a superset of Latin-1), which decodes every byte."""
    for bom, codec, label in (
        (codecs.BOM_UTF8, "utf-8", _("UTF-8 (avec BOM)")),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), label
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("Le fichier annonce l'encodage %(label)s mais contient des caractères "
                      "illisibles : enregistrez-le à nouveau en CSV UTF-8.") % {"label": label}
                ) from None  # fmt: skip
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), _("Windows-1252 (Latin-1)")
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1 (ISO-8859-1)"


def sniff_delimiter(line):
    """The separator of the header line: the most frequent of ";", "," and tab outside quotes."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {delimiter: outside.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _is_blank(cells):
    return all(cell_text(cell) == "" for cell in cells)


def read_csv(data):
    if not data.strip(b" \t\r\n\x00") or data in (codecs.BOM_UTF8,):
        raise ImportFileError(_("Le fichier est vide."))
    text, encoding = decode(data)
    if "\x00" in text:
        raise ImportFileError(
            _("Ce fichier n'est pas un fichier CSV lisible (il contient des données binaires).")
        )
    if not text.strip():
        raise ImportFileError(_("Le fichier est vide."))
    first_line = next(line for line in text.splitlines() if line.strip())
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records():
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, cells, []
        except csv.Error as error:
            raise ImportFileError(
                _(
                    "Le fichier CSV est mal formé vers la ligne %(line)d (%(error)s) : un "
                    "guillemet n'est sans doute pas fermé."
                )
                % {"line": reader.line_num, "error": error}
            ) from None

    return _with_header(records(), "csv", encoding=encoding, delimiter=delimiter)


def _sheets(archive):
    return [
        info
        for info in archive.infolist()
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    ]


def _check_xlsx(data):
    """Refuse a workbook whose sheets would unpack into more than MAX_XLSX_UNPACKED bytes (a
    "zip bomb"), and say whether it holds formulas (then the formulas are read too, to tell
    an uncalculated formula from an empty cell). The sheets are scanned in chunks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = _sheets(archive)
            if sum(info.file_size for info in sheets) > MAX_XLSX_UNPACKED:
                raise ImportFileError(
                    _(
                        "Ce classeur est trop volumineux une fois décompressé : enregistrez-le "
                        "en CSV, ou découpez-le en plusieurs fichiers."
                    )
                )
            for info in sheets:
                with archive.open(info) as sheet:
                    tail = b""
                    while chunk := sheet.read(1 << 20):
                        window = tail + chunk
                        if b"<f>" in window or b"<f " in window:
                            return True
                        tail = chunk[-3:]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False  # openpyxl says what is wrong with it
    return False


def read_xlsx(data):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if not data:
        raise ImportFileError(_("Le fichier est vide."))
    has_formulas = _check_xlsx(data)
    try:
        # data_only: the values Excel calculated and saved, never the formulas themselves.
        values_book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas_book = (
            load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            if has_formulas
            else None
        )
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise ImportFileError(
            _(
                "Ce fichier n'est pas un classeur Excel (.xlsx) lisible : ouvrez-le dans Excel "
                "ou LibreOffice et enregistrez-le à nouveau au format .xlsx."
            )
        ) from None
    if not values_book.worksheets:
        raise ImportFileError(_("Le fichier est vide."))
    sheet = values_book.worksheets[0]
    formulas = formulas_book.worksheets[0].iter_rows(values_only=True) if formulas_book else None

    def records():
        try:
            yield from _xlsx_records(sheet, formulas, get_column_letter)
        except ImportFileError:
            raise
        except Exception:  # a damaged sheet fails while it is read
            raise ImportFileError(
                _(
                    "Ce classeur Excel est endommagé et ne peut pas être lu jusqu'au bout : "
                    "ouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau."
                )
            ) from None
        finally:
            values_book.close()
            if formulas_book is not None:
                formulas_book.close()

    try:
        return _with_header(records(), "xlsx")
    except ImportFileError as error:
        if error.message == _("Le fichier est vide."):
            raise ImportFileError(
                _("Le fichier est vide : la première feuille du classeur ne contient aucune ligne.")
            ) from None
        raise


def _xlsx_records(sheet, formulas, get_column_letter):
    """(row number, values, problems) of a sheet read in values-only mode; a formula whose
    value Excel never calculated (None here, "=…" in the formulas workbook) is a problem,
    given as (column index, message): only the columns read count."""
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        problems = []
        formula_cells = next(formulas, ()) if formulas is not None else ()
        for column, value in enumerate(cells):
            if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
                problems.append(
                    (
                        column,
                        _("La cellule %(cell)s contient une erreur de formule (%(value)s).")
                        % {"cell": f"{get_column_letter(column + 1)}{number}", "value": value},
                    )
                )
            elif value is None and column < len(formula_cells):
                formula = formula_cells[column]
                if isinstance(formula, str) and formula.startswith("="):
                    problems.append(
                        (
                            column,
                            _(
                                "La cellule %(cell)s contient une formule sans valeur calculée : "
                                "ouvrez le fichier dans Excel ou LibreOffice, enregistrez-le, "
                                "puis importez-le à nouveau."
                            )
                            % {"cell": f"{get_column_letter(column + 1)}{number}"},
                        )
                    )
        yield number, list(cells), problems


def _with_header(records, format_, **extra):
    """The first non-blank row is the header; blank rows are skipped but keep their numbers,
    so that row numbers match what the spreadsheet shows."""
    for number, cells, _problems in records:
        if not _is_blank(cells):
            return Table(format_, list(cells), number, records, **extra)
    raise ImportFileError(_("Le fichier est vide."))


def read_table(data, name):
    if file_format(name) == "xlsx":
        return read_xlsx(data)
    return read_csv(data)


# Validation


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


def _file_report(error):
    return {"file_error": error.message, "total_rows": 0, "valid_rows": 0, "error_rows": 0}


def preview(job):
    """Validate the job's file and store the report; nothing but the job is written."""
    with scope(tenant=job.tenant):
        try:
            data, table, columns = _open(job)
            report = {
                "format": table.format,
                "encoding": table.encoding,
                "delimiter": {";": ";", ",": ",", "\t": _("tabulation")}.get(table.delimiter, ""),
                "header_row": table.header_row,
                "columns": [
                    {"header": cell_text(table.headers[index]), "label": label}
                    for index, name in sorted(columns.mapping.items())
                    for label in [RESOURCES[job.kind].labels()[name]]
                ],
                "ignored_columns": columns.ignored,
                "repeated_columns": columns.repeated,
                "file_sha256": hashlib.sha256(data).hexdigest(),
            }
            del data
            counts = {"total": 0, "valid": 0, "create": 0, "update": 0, "error": 0}
            errors, notices, updates = [], [], []
            fingerprint = Fingerprint()
            validator = Validator(kind=job.kind, tenant=job.tenant)
            for chunk in validated_chunks(table, columns, validator):
                for result in chunk:
                    fingerprint.add(result)
                    counts["total"] += 1
                    if result.valid:
                        counts["valid"] += 1
                        counts[result.action] += 1
                        if result.action == "update" and len(updates) < REPORT_LIMIT:
                            updates.append({"row": result.number, "dossier": result.dossier_id})
                    else:
                        counts["error"] += 1
                        if len(errors) < REPORT_LIMIT:
                            errors.append({"row": result.number, "messages": result.errors})
                    if result.notices and len(notices) < REPORT_LIMIT:
                        notices.append({"row": result.number, "messages": result.notices})
            if counts["total"] == 0:
                raise ImportFileError(
                    _("Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer.")
                )
        except ImportFileError as error:
            return _save_preview(job, ImportStatus.FAILED, _file_report(error))
        report.update(
            total_rows=counts["total"],
            valid_rows=counts["valid"],
            error_rows=counts["error"],
            to_create=counts["create"],
            to_update=counts["update"],
            errors=errors,
            errors_truncated=counts["error"] > len(errors),
            notices=notices,
            updates=updates,
            fingerprint=fingerprint.hexdigest(),
            previewed_at=timezone.now().isoformat(),
        )
        return _save_preview(job, ImportStatus.PREVIEWED, report)


def _save_preview(job, status, report):
    """Store the preview, unless the job was committed meanwhile (a preview never turns a
    committed job back into one that could be committed again)."""
    ImportJob.objects.filter(pk=job.pk).exclude(status=ImportStatus.COMMITTED).update(
        status=status, report=report
    )
    job.refresh_from_db()
    return job


def start_import(*, tenant, kind, uploaded_file, user):
    """Store the uploaded file (an unguessable name, under private/) and preview it."""
    extension = Path(uploaded_file.name).suffix.lower()
    job = ImportJob(
        tenant=tenant,
        kind=kind,
        original_name=Path(uploaded_file.name).name[:255],
        uploaded_by=user,
    )
    uploaded_file.seek(0)
    job.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(uploaded_file.read()), save=False)
    job.save()
    return preview(job)


def iter_errors(job):
    """Every row error of the job's file (the report keeps the first REPORT_LIMIT)."""
    with scope(tenant=job.tenant):
        _data, table, columns = _open(job)
        validator = Validator(kind=job.kind, tenant=job.tenant)
        for chunk in validated_chunks(table, columns, validator):
            for result in chunk:
                if not result.valid:
                    yield result


# Commit


class _Stale(Exception):
    pass


class Writer:
    """Writes the valid rows of each chunk (inside the caller's transaction)."""

    def __init__(self, *, job, user, campaign, source):
        self.job, self.user, self.campaign, self.source = job, user, campaign, source
        self.tenant = job.tenant
        self.fields = RESOURCES[job.kind].fields
        self.created = self.updated = self.targeted = 0
        self.now = timezone.now()

    def _new_dossier(self, values):
        fields = {
            self.fields[name].attribute: value
            for name, value in values.items()
            if self.fields[name].attribute and value not in (None, "")
        }
        return Dossier(
            tenant_id=self.tenant.pk,
            source=Source.CDOM if self.job.kind == ImportKind.CDOM else self.source,
            stage=Stage.TO_CONTACT,
            tags=[CDOM_TAG] if self.job.kind == ImportKind.CDOM else [],
            **fields,
        )

    def write(self, results):
        valid = [result for result in results if result.valid]
        creates = [result for result in valid if result.action == "create"]
        updates = [result for result in valid if result.action == "update"]
        created = Dossier.objects.bulk_create(
            [self._new_dossier(result.values) for result in creates], batch_size=CHUNK_SIZE
        )
        self.created += len(created)
        # Each dossier starts its history, as one opened by hand does (services.create_dossier).
        StageChange.objects.bulk_create(
            [
                StageChange(
                    tenant=self.tenant,
                    dossier=dossier,
                    to_stage=Stage.TO_CONTACT,
                    changed_by=self.user,
                )
                for dossier in created
            ],
            batch_size=CHUNK_SIZE,
        )
        if self.campaign is not None and created:
            CampaignTarget.objects.bulk_create(
                [
                    CampaignTarget(tenant=self.tenant, campaign=self.campaign, dossier=dossier)
                    for dossier in created
                ],
                batch_size=CHUNK_SIZE,
            )
            self.targeted += len(created)
        if self.job.kind == ImportKind.CDOM:
            dossiers = dict(zip((id(r) for r in creates), created, strict=True))
            dossiers.update(self._update_cdom(updates))
            self._cdom_notes(creates + updates, dossiers)

    def _update_cdom(self, updates):
        """The CDOM registration says where the person settles: the département is set, the
        CDOM tag added, blank names and RPPS filled; the version is bumped so that a case
        manager editing the dossier at the same time is told."""
        if not updates:
            return {}
        by_pk = Dossier.objects.filter(
            tenant=self.tenant, pk__in=[result.dossier_id for result in updates]
        ).in_bulk()
        changed = {}
        for result in updates:
            dossier = by_pk[result.dossier_id]
            values = result.values
            dossier.target_departement_id = values["departement"]
            for name in ("first_name", "last_name", "rpps"):
                if not getattr(dossier, name):
                    setattr(dossier, name, values[name])
            if CDOM_TAG not in (dossier.tags or []):
                dossier.tags = [*(dossier.tags or []), CDOM_TAG]
            dossier.version = F("version") + 1
            dossier.updated_at = self.now
            changed[id(result)] = dossier
        Dossier.objects.bulk_update(
            list(by_pk.values()),
            ["target_departement", "first_name", "last_name", "rpps", "tags", "version",
             "updated_at"],
            batch_size=CHUNK_SIZE,
        )  # fmt: skip
        self.updated += len(by_pk)
        return changed

    def _cdom_notes(self, results, dossiers):
        """One note per registration on the dossier's timeline, dated the registration day."""
        from core.models import Departement

        names = dict(Departement.objects.values_list("pk", "name"))
        notes = []
        for result in results:
            registered_on = result.values["registered_on"]
            occurred_at = timezone.make_aware(datetime.combine(registered_on, time(12)))
            notes.append(
                Interaction(
                    tenant=self.tenant,
                    dossier_id=dossiers[id(result)].pk,
                    kind=InteractionKind.NOTE,
                    occurred_at=occurred_at,
                    author=self.user,
                    text=_(
                        "Inscription au tableau de l'Ordre (CDOM %(departement)s) le %(date)s, "
                        "d'après l'import « %(file)s »."
                    )
                    % {
                        "departement": names.get(result.values["departement"], ""),
                        "date": date_format(registered_on, "SHORT_DATE_FORMAT"),
                        "file": self.job.original_name,
                    },
                )
            )
        Interaction.objects.bulk_create(notes, batch_size=CHUNK_SIZE)


def _check_committable(report, status, *, fingerprint, from_queue):
    if status == ImportStatus.COMMITTED:
        raise ImportRefused(_("Ce fichier a déjà été importé."))
    if status != ImportStatus.PREVIEWED:
        raise ImportRefused(_("Ce fichier a été refusé : corrigez-le et importez-le à nouveau."))
    if fingerprint is not None and fingerprint != report.get("fingerprint"):
        raise ImportRefused(
            _("L'aperçu a été relancé entre-temps : vérifiez-le avant de confirmer.")
        )
    if report.get("stale"):
        raise ImportRefused(
            _("Les données ont changé depuis l'aperçu : relancez l'aperçu."), stale=True
        )
    if not report.get("valid_rows"):
        raise ImportRefused(_("Aucune ligne valide à importer."))
    if not from_queue and is_queued(report):
        raise ImportRefused(_("L'import de ce fichier est déjà en cours."))


def _progress_key(job_id):
    return f"caseload:import-progress:{job_id}"


def _record_progress(job_id, rows_done):
    # Outside the database: the job row only changes when the transaction commits, and the
    # page wants to show how far the worker is before that (the cache is Redis, shared with
    # the web processes, in production).
    cache.set(_progress_key(job_id), rows_done, timeout=int(QUEUE_TIMEOUT.total_seconds()))


def commit_progress(job):
    """How far a queued commit is: {"rows_done", "rows_total"} (rows_done is 0 until the
    worker has written its first chunk)."""
    return {
        "rows_done": cache.get(_progress_key(job.pk)) or 0,
        "rows_total": (job.report or {}).get("total_rows", 0),
    }


def is_queued(report, now=None):
    """A commit was handed to the worker less than QUEUE_TIMEOUT ago (a worker that died
    leaves the flag: after that delay the user may confirm again)."""
    queued = report.get("queued")
    if not queued:
        return False
    now = now or timezone.now()
    return now - datetime.fromisoformat(queued["at"]) < QUEUE_TIMEOUT


def commit_import(
    *,
    job,
    user,
    campaign=None,
    source=Source.CALL_CAMPAIGN,
    fingerprint=None,
    from_queue=False,
):
    """Commit every valid row of a previewed job in one transaction, or nothing.

    Raises ImportRefused (nothing saved) when the job is not previewed, when the preview the
    user confirmed is not the latest one (`fingerprint`), when re-validating against the
    database comes to other decisions than the preview (then report["stale"] is set), or when
    the database refuses a write. Returns the job, COMMITTED.
    """
    from .audit import log_import

    tenant = job.tenant
    with scope(tenant=tenant):
        try:
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().get(pk=job.pk)
                report = locked.report
                _check_committable(
                    report, locked.status, fingerprint=fingerprint, from_queue=from_queue
                )
                data, table, columns = _open(locked)
                if hashlib.sha256(data).hexdigest() != report.get("file_sha256"):
                    raise ImportRefused(_("Le fichier a changé depuis l'aperçu : importez-le à nouveau."))  # fmt: skip
                del data
                writer = Writer(job=locked, user=user, campaign=campaign, source=source)
                validator = Validator(kind=locked.kind, tenant=tenant)
                check = Fingerprint()
                rows_done = 0
                for chunk in validated_chunks(table, columns, validator):
                    for result in chunk:
                        check.add(result)
                    writer.write(chunk)
                    rows_done += len(chunk)
                    if from_queue:
                        _record_progress(locked.pk, rows_done)
                if check.hexdigest() != report.get("fingerprint"):
                    raise _Stale
                locked.status = ImportStatus.COMMITTED
                locked.committed_at = timezone.now()
                report.pop("queued", None)
                report.pop("commit_error", None)
                locked.report = {
                    **report,
                    "result": {
                        "created": writer.created,
                        "updated": writer.updated,
                        "campaign": campaign.name if campaign else "",
                        "campaign_id": campaign.pk if campaign else None,
                        "added_to_campaign": writer.targeted,
                        "source": str(source) if locked.kind == ImportKind.CONTACTS else Source.CDOM.value,
                        "by": user.pk if user else None,
                    },
                }  # fmt: skip
                locked.save(update_fields=["status", "committed_at", "report"])
                log_import(locked, actor=user)
        except _Stale:
            report = ImportJob.objects.get(pk=job.pk).report
            ImportJob.objects.filter(pk=job.pk).update(report={**report, "stale": True})
            job.refresh_from_db()
            raise ImportRefused(
                _(
                    "Les dossiers de l'espace ont changé depuis l'aperçu (un dossier a été créé "
                    "ou modifié entre-temps) : rien n'a été importé. Relancez l'aperçu pour voir "
                    "les lignes concernées."
                ),
                stale=True,
            ) from None
        except ImportFileError as error:
            raise ImportRefused(error.message) from None
        except IntegrityError:
            logger.warning("Import %s rolled back on a constraint", job.pk, exc_info=True)
            raise ImportRefused(
                _(
                    "Un dossier avec la même adresse e-mail ou le même numéro RPPS a été créé "
                    "pendant l'import : rien n'a été importé. Relancez l'aperçu."
                ),
                stale=True,
            ) from None
        except DatabaseError:
            logger.exception("Import %s rolled back", job.pk)
            raise ImportRefused(
                _("L'import a échoué et a été annulé : rien n'a été enregistré. Réessayez.")
            ) from None
    job.refresh_from_db()
    return job


def commit_or_queue(*, job, user, campaign=None, source=Source.CALL_CAMPAIGN, fingerprint=None):
    """Commit now, or hand a large file to the worker: a web request would time out before
    100,000 rows are written. Returns True when committed now, False when queued.

    The job itself records that it is queued, and with what: the task is sent after the
    commit, and when the broker is down (or the worker dies) the beat's sweep of queued jobs
    (caseload.tasks.dispatch_queued_imports) sends it again."""
    if job.report.get("valid_rows", 0) <= INLINE_COMMIT_ROWS:
        commit_import(job=job, user=user, campaign=campaign, source=source, fingerprint=fingerprint)
        return True
    with scope(tenant=job.tenant), transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _check_committable(locked.report, locked.status, fingerprint=fingerprint, from_queue=False)
        locked.report.pop("commit_error", None)
        locked.report["queued"] = {
            "at": timezone.now().isoformat(),
            "by": user.pk,
            "campaign": campaign.pk if campaign else None,
            "source": str(source),
            "fingerprint": fingerprint,
        }
        locked.save(update_fields=["report"])
        cache.delete(_progress_key(job.pk))  # an earlier attempt's figure
        transaction.on_commit(lambda: send_commit_task(locked))
    return False


def send_commit_task(job):
    """Ask the worker to commit a queued job; False when the broker did not take it (the job
    stays queued and the sweep sends it later)."""
    queued = job.report["queued"]
    return publish(
        commit_import_task,
        job.pk,
        queued["by"],
        queued.get("campaign"),
        queued.get("source", Source.CALL_CAMPAIGN),
        queued.get("fingerprint"),
    )


def _record_commit_error(job_id, message):
    with transaction.atomic(), scopes_disabled():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        job.report.pop("queued", None)
        job.report["commit_error"] = message
        job.save(update_fields=["report"])


@shared_task(acks_late=True)
def commit_import_task(job_id, user_id, campaign_id, source, fingerprint):
    """A large import's commit, by the worker. It may be delivered twice (a message redelivered
    after a worker died, the sweep of queued jobs): a delivery that finds the job's row locked
    (another worker is committing it), or the job no longer queued (committed, refused, or
    queued too long ago), does nothing."""
    from django.contrib.auth import get_user_model

    from .models import Campaign

    with transaction.atomic():
        with scopes_disabled():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("tenant")
                .filter(pk=job_id)
                .first()
            )
            if job is None or job.status != ImportStatus.PREVIEWED or not is_queued(job.report):
                return False
            user = get_user_model().objects.filter(pk=user_id).first()
            campaign = Campaign.objects.filter(pk=campaign_id, tenant=job.tenant).first()
        try:
            # Under the row lock taken above, so a second delivery skips this job meanwhile.
            commit_import(
                job=job,
                user=user,
                campaign=campaign,
                source=source,
                fingerprint=fingerprint,
                from_queue=True,
            )
        except ImportRefused as refusal:
            _record_commit_error(job_id, refusal.message)
            return False
    return True


def revalidate(job):
    """Preview the stored file again (after a refused commit, or to refresh the report)."""
    if job.status == ImportStatus.COMMITTED:
        raise ImportRefused(_("Ce fichier a déjà été importé."))
    if is_queued(job.report):
        raise ImportRefused(_("L'import de ce fichier est en cours : attendez son résultat."))
    return preview(job)


def template_csv(kind):
    """An empty file with the expected headers (and one example row), for users to fill in."""
    examples = {
        ImportKind.CONTACTS: [
            ["nom", "prénom", "e-mail", "téléphone", "RPPS", "spécialité", "année de diplôme",
             "faculté", "département"],
            ["Martin", "Camille", "camille.martin@example.org", "06 12 34 56 78", "10000000009",
             "Médecine générale", "2022", "Université Paris Cité", "91"],
        ],
        ImportKind.CDOM: [
            ["nom", "prénom", "RPPS", "date d'inscription", "département"],
            ["Martin", "Camille", "10000000009", "15/09/2025", "91"],
        ],
    }  # fmt: skip
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(examples[kind])
    return buffer.getvalue().encode("utf-8")
