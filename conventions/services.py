"""Writes of the conventions app: the partner import (previewed, then applied all or nothing),
signed documents, and staff's edits of conventions, parties, milestones, annexes, budgets,
meetings and partners (the views hand their valid forms over)."""

import csv
import io
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from core import spreadsheets
from core.spreadsheets import ImportFileError, cell_text, neutralise

from .models import ConventionDocument
from .resources import COLUMNS, PartnerResource

REQUIRED_COLUMNS = [COLUMNS["name"], COLUMNS["kind"]]
MAX_IMPORT_ROWS = 2000


@dataclass
class ImportedRow:
    line: int  # the line in the file, the header being line 1
    name: str
    action: str  # "new", "update", "skip" or "error"
    errors: list = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list

    @property
    def has_errors(self):
        return any(row.action == "error" for row in self.rows)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def count_new(self):
        return self.count("new")

    @property
    def count_update(self):
        return self.count("update")

    @property
    def count_skip(self):
        return self.count("skip")

    @property
    def error_rows(self):
        return [row for row in self.rows if row.action == "error"]


def read_table(content, extension):
    """A tablib Dataset of the partner rows of an uploaded CSV or XLSX file, read by the one
    guarded reader (core.spreadsheets: encoding and separator found, XLSX size and zip-bomb
    checks); ImportFileError with a French message if it cannot be read as a partner table."""
    table = spreadsheets.read_table(content, f"partenaires.{extension}")
    headers = [cell_text(header).lower() for header in table.headers]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        raise ImportFileError(
            _("Colonnes manquantes : %(missing)s. Colonnes attendues : %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS.values())}
        )
    dataset = tablib.Dataset(headers=headers)
    for _number, cells, _problems in table.rows:
        if all(cell_text(cell) == "" for cell in cells):
            continue
        if len(dataset) == MAX_IMPORT_ROWS:
            raise ImportFileError(
                _("Le fichier contient plus de %(max)d lignes.") % {"max": MAX_IMPORT_ROWS}
            )
        values = [cell_text(cell) for cell in cells[: len(headers)]]
        dataset.append(values + [""] * (len(headers) - len(values)))
    if not len(dataset):
        raise ImportFileError(_("Le fichier ne contient aucune ligne de partenaire."))
    return dataset


def _report(result, dataset):
    headings = {attribute: column for attribute, column in COLUMNS.items()}
    rows = []
    for number, row_result in enumerate(result.rows, start=1):
        values = dict(zip(dataset.headers, dataset[number - 1], strict=False))
        name = str(values.get(COLUMNS["name"]) or "").strip()
        errors = []
        if row_result.validation_error is not None:
            try:
                items = row_result.validation_error.message_dict.items()
            except AttributeError:
                items = [(None, row_result.validation_error.messages)]
            for attribute, messages in items:
                column = headings.get(attribute)
                for message in messages:
                    errors.append(f"{column} : {message}" if column else message)
        errors.extend(str(error.error) for error in row_result.errors)
        action = "error" if errors else row_result.import_type
        rows.append(ImportedRow(line=number + 1, name=name, action=action, errors=errors))
    return ImportReport(rows=rows)


def _run(tenant, dataset, *, dry_run):
    resource = PartnerResource(tenant)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    if result.base_errors:
        raise ImportFileError(str(result.base_errors[0].error))
    return _report(result, dataset)


def preview_partner_import(*, tenant, content, extension):
    """What importing this file would do, row by row, without saving anything."""
    return _run(tenant, read_table(content, extension), dry_run=True)


def apply_partner_import(*, tenant, content, extension):
    """Import the file all or nothing: if any row is in error, nothing is saved and the report
    says which rows and why."""
    dataset = read_table(content, extension)
    with transaction.atomic():
        report = _run(tenant, dataset, dry_run=False)
        if report.has_errors:
            transaction.set_rollback(True)
    return report


def export_partners(tenant, extension):
    """The tenant's partners as CSV (semicolons, UTF-8 with BOM, for French Excel) or XLSX."""
    dataset = PartnerResource(tenant).export()
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    if extension == "xlsx":
        return safe.export("xlsx")
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe.headers)
    writer.writerows(safe)
    return buffer.getvalue().encode("utf-8")


@transaction.atomic
def add_document(*, convention, title, uploaded_file, uploaded_by):
    """Store a signed PDF (already checked by the form) privately, under a random name."""
    document = ConventionDocument(
        convention=convention,
        tenant=convention.tenant,
        title=title,
        original_name=uploaded_file.name[-255:],
        size=uploaded_file.size,
        uploaded_by=uploaded_by,
    )
    document.file.save(uploaded_file.name, uploaded_file, save=False)
    document.save()
    return document


def delete_document(*, document):
    """Remove the row, then the file once the deletion is committed."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name), robust=True)


# Staff's edits: each saves valid forms (and formsets) of one page in one transaction; the
# audit trail records the changes through auditlog's tracking of these models
# (conventions.audit).


@transaction.atomic
def save_convention(*, form):
    """Create or update a convention from a valid ConventionForm."""
    return form.save()


@transaction.atomic
def save_parties(*, formset):
    """The convention's parties, their roles and commitments (a valid PartyFormSet)."""
    return formset.save()


@transaction.atomic
def save_schedule(*, milestones, cadences):
    """The convention's milestones and meeting rhythms together (valid formsets)."""
    milestones.save()
    cadences.save()


@transaction.atomic
def save_annex(*, form):
    """Create or update an action sheet (annex) from a valid AnnexForm."""
    return form.save()


@transaction.atomic
def save_budget(*, formset):
    """An annex's budget lines (a valid BudgetLineFormSet)."""
    return formset.save()


@transaction.atomic
def save_meeting(*, form, decisions):
    """Create or update a meeting and its decisions (a valid MeetingForm and formset)."""
    meeting = form.save()
    decisions.instance = meeting
    decisions.save()
    return meeting


@transaction.atomic
def delete_meeting(*, meeting):
    """Delete a meeting with its decisions."""
    meeting.delete()


@transaction.atomic
def save_partner(*, form, contacts):
    """Create or update a partner and its contacts (a valid PartnerForm and formset)."""
    partner = form.save()
    contacts.instance = partner
    contacts.save()
    return partner
