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

The file is read by core.spreadsheets; then the stages, one module each: validation (the
rows), preview (the report), commit (the all-or-nothing write), jobs (large commits in the
worker). The names below are the
package's API; tests that change a limit patch the module that reads it (e.g.
`caseload.imports.jobs.INLINE_COMMIT_ROWS`).
"""

from core.spreadsheets import MAX_UPLOAD_BYTES, ImportFileError, file_format, size_label

from .commit import CDOM_TAG, ImportRefused, Writer, commit_import, commit_progress, is_queued
from .jobs import (
    commit_import_task,
    commit_or_queue,
    preview_import_task,
    preview_is_queued,
    revalidate,
    send_commit_task,
    send_preview_task,
    start_import,
)
from .preview import iter_errors, preview, template_csv
from .validation import CONTACT_SOURCES

__all__ = [
    "CDOM_TAG",
    "CONTACT_SOURCES",
    "MAX_UPLOAD_BYTES",
    "ImportFileError",
    "ImportRefused",
    "Writer",
    "commit_import",
    "commit_import_task",
    "commit_or_queue",
    "commit_progress",
    "file_format",
    "is_queued",
    "iter_errors",
    "preview",
    "preview_import_task",
    "preview_is_queued",
    "revalidate",
    "send_commit_task",
    "send_preview_task",
    "size_label",
    "start_import",
    "template_csv",
]
