"""The preview of an import: the file stored, read and validated, the report kept on the job
(nothing else is written); the list of every row error; the template file."""

import csv
import hashlib
import io
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from ..models import (
    ImportJob,
    ImportKind,
    ImportStatus,
)
from ..resources.widgets import cell_text
from .reading import ImportFileError
from .validation import RESOURCES, Fingerprint, Validator, _open, validated_chunks

# The report keeps this many row errors (and notices); the full list is a CSV download.
REPORT_LIMIT = 1000


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
