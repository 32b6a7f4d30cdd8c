"""Helpers of the data tests (imports, exports, personal data): files to upload, a throw-away
MEDIA_ROOT, and the audit registration."""

import codecs
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import caseload.audit  # noqa: F401  (registers the caseload models with auditlog)
from accounts.demo import rpps_for

CONTACT_HEADERS = [
    "Nom", "Prénom", "E-mail", "Téléphone", "RPPS", "Spécialité", "Année de diplôme",
    "Faculté", "Département",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


def rpps(index):
    return rpps_for(70_000_000 + index)


def bad_rpps(index):
    """A number whose check digit is wrong."""
    good = rpps(index)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


def contact_row(index, **overrides):
    row = {
        "Nom": f"Nom{index}",
        "Prénom": f"Prénom{index}",
        "E-mail": f"contact{index}@example.org",
        "Téléphone": f"06 12 34 {index // 100 % 100:02d} {index % 100:02d}",
        "RPPS": rpps(index),
        "Spécialité": "Médecine générale",
        "Année de diplôme": "2018",
        "Faculté": "Université Paris Cité",
        "Département": "91",
    }
    row.update(overrides)
    return row


def csv_bytes(rows, headers=None, *, delimiter=";", encoding="utf-8", bom=False):
    if headers is None:
        headers = list(rows[0]) if rows else CONTACT_HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    data = buffer.getvalue().encode(encoding)
    return (codecs.BOM_UTF8 + data) if bom else data


def xlsx_bytes(rows, headers=None):
    """A workbook whose cells are the given values ("=…" strings become formulas, which
    openpyxl saves without a calculated value)."""
    from openpyxl import Workbook

    if headers is None:
        headers = list(rows[0]) if rows else CONTACT_HEADERS
    workbook = Workbook()
    sheet = workbook.active
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)
