"""The preview of an import: the file read and validated, the report kept on the job and every
row error stored with it (nothing else is written); the template file."""

import csv
import hashlib
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from core.spreadsheets import ImportFileError

from ..models import (
    ImportJob,
    ImportKind,
    ImportRowError,
    ImportStatus,
)
from ..resources.widgets import cell_text
from . import progress
from .validation import RESOURCES, Fingerprint, Validator, _open, validated_chunks

# The report keeps this many row errors (and notices); the full list is a CSV download.
REPORT_LIMIT = 1000


def _file_report(error):
    return {"file_error": error.message, "total_rows": 0, "valid_rows": 0, "error_rows": 0}


class _Tally:
    """What the preview found, chunk by chunk: the counts, the first REPORT_LIMIT errors,
    notices and updates for the page, every row error stored with the job, and the
    fingerprint of every decision (the commit must come to the same ones)."""

    def __init__(self, job):
        self.job = job
        self.counts = {"total": 0, "valid": 0, "create": 0, "update": 0, "error": 0}
        self.errors, self.notices, self.updates = [], [], []
        self.fingerprint = Fingerprint()

    def add(self, chunk):
        refused = []
        for result in chunk:
            self.fingerprint.add(result)
            self.counts["total"] += 1
            if result.valid:
                self.counts["valid"] += 1
                self.counts[result.action] += 1
                if result.action == "update" and len(self.updates) < REPORT_LIMIT:
                    self.updates.append({"row": result.number, "dossier": result.dossier_id})
            else:
                self.counts["error"] += 1
                refused.append(result)
                if len(self.errors) < REPORT_LIMIT:
                    self.errors.append({"row": result.number, "messages": result.errors})
            if result.notices and len(self.notices) < REPORT_LIMIT:
                self.notices.append({"row": result.number, "messages": result.notices})
        ImportRowError.objects.bulk_create(
            ImportRowError(
                tenant_id=self.job.tenant_id,
                job=self.job,
                row=result.number,
                messages=result.errors,
            )
            for result in refused
        )

    def report(self):
        counts = self.counts
        return {
            "total_rows": counts["total"],
            "valid_rows": counts["valid"],
            "error_rows": counts["error"],
            "to_create": counts["create"],
            "to_update": counts["update"],
            "errors": self.errors,
            "errors_truncated": counts["error"] > len(self.errors),
            "notices": self.notices,
            "updates": self.updates,
            "fingerprint": self.fingerprint.hexdigest(),
            "previewed_at": timezone.now().isoformat(),
        }


def _file_facts(job, data, table, columns):
    return {
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


def _validate(job, *, track_progress):
    """The report of the job's file; its row errors are stored as it goes."""
    data, table, columns = _open(job)
    report = _file_facts(job, data, table, columns)
    del data
    tally = _Tally(job)
    validator = Validator(kind=job.kind, tenant=job.tenant)
    for chunk in validated_chunks(table, columns, validator):
        tally.add(chunk)
        if track_progress:
            progress.record(job.pk, tally.counts["total"], table.rows_hint)
    if tally.counts["total"] == 0:
        raise ImportFileError(
            _("Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer.")
        )
    return {**report, **tally.report()}


def preview(job, *, track_progress=False):
    """Validate the job's file, store the report and every row error; nothing else is written.

    One transaction: the previous preview's errors stay until this one replaces them, and a
    job committed meanwhile is left as it is (a preview never turns a committed job back into
    one that could be committed again). `track_progress`: the worker's, for the page's bar."""
    with scope(tenant=job.tenant), transaction.atomic():
        locked = ImportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        if locked.status == ImportStatus.COMMITTED:
            job.refresh_from_db()
            return job
        ImportRowError.objects.filter(job=locked).delete()
        try:
            with transaction.atomic():  # a file refused half-way keeps none of its rows
                report = _validate(locked, track_progress=track_progress)
        except ImportFileError as error:
            return _save_preview(job, ImportStatus.FAILED, _file_report(error))
        return _save_preview(job, ImportStatus.PREVIEWED, report)


def _save_preview(job, status, report):
    ImportJob.objects.filter(pk=job.pk).update(status=status, report=report)
    job.refresh_from_db()
    return job


def iter_errors(job):
    """(row number, messages) of every row the preview refused, as the preview found them.
    A job previewed before the errors were stored has only the report's first ones."""
    with scope(tenant=job.tenant):
        stored = ImportRowError.objects.filter(job=job).order_by("row")
        if not stored.exists():
            for error in (job.report or {}).get("errors", []):
                yield error["row"], error["messages"]
            return
        yield from stored.values_list("row", "messages").iterator(chunk_size=2000)


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
