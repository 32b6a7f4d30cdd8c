"""Exports of the dossier list and of the dossiers' interactions, with the list's filters
(caseload.filters.DossierFilter, the same GET parameters as the dossier list), as CSV for
French Excel (semicolons, UTF-8 with a byte order mark) or XLSX.

Rows are read with an iterator and written as they come (the CSV is streamed; the XLSX is
written by openpyxl's write-only mode into a temporary file), so 100,000 dossiers never sit
in memory. A cell a spreadsheet would run as a formula is neutralised. Every export is
recorded in the audit trail by the view (caseload.audit.log_export).
"""

import csv
import io
import tempfile

from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scope

from core.spreadsheets import XML_ILLEGAL, neutralise

from .filters import NOBODY, DossierFilter
from .models import Dossier, Interaction
from .resources.exporting import DossierExportResource, InteractionExportResource

ITERATOR_CHUNK = 2000
CSV_FLUSH_ROWS = 500


class ExportFilterError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def filtered_dossiers(tenant, params):
    """(queryset, {filter label: shown value}) for the dossier list's GET parameters.

    An invalid filter is refused rather than ignored: an export must never hold more people
    than the list the user was looking at.
    """
    params = {key: value for key, value in params.items() if key != "page"}
    filterset = DossierFilter(
        params or None, queryset=Dossier.objects.filter(tenant=tenant), tenant=tenant
    )
    if filterset.is_bound and not filterset.is_valid():
        problems = "; ".join(
            f"{filterset.form.fields[name].label} : {' '.join(errors)}"
            for name, errors in filterset.form.errors.items()
            if name in filterset.form.fields
        )
        raise ExportFilterError(
            _("Les filtres de la liste ne sont pas valides (%(problems)s) : rien n'a été exporté.")
            % {"problems": problems}
        )
    return filterset.qs, describe_filters(filterset)


def describe_filters(filterset):
    if not filterset.is_bound:
        return {}
    shown = {}
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], False):
            continue
        field = filterset.form.fields[name]
        if name == "assigned_to" and value == NOBODY:
            text = str(filterset.filters[name].extra.get("null_label") or value)
        elif hasattr(field, "label_from_instance") and hasattr(value, "pk"):
            text = field.label_from_instance(value)
        elif getattr(field, "choices", None) is not None and not hasattr(value, "pk"):
            text = str(dict(field.choices).get(value, value))
        elif value is True:
            text = _("oui")
        else:
            text = str(value)
        shown[str(field.label)] = text
    return shown


def dossier_export(queryset):
    """(headers, rows) of the dossiers, one row per dossier."""
    resource = DossierExportResource()
    queryset = queryset.select_related("assigned_to", "target_departement").order_by(
        "last_name", "first_name", "pk"
    )

    def rows():
        for dossier in queryset.iterator(chunk_size=ITERATOR_CHUNK):
            yield resource.export_resource(dossier)

    return resource.get_export_headers(), rows()


def interaction_export(dossiers):
    """(headers, rows) of the interactions of these dossiers, dossier by dossier, oldest first."""
    resource = InteractionExportResource()
    queryset = (
        Interaction.objects.filter(dossier__in=dossiers.order_by().values("pk"))
        .select_related("dossier", "author", "campaign")
        .order_by("dossier__last_name", "dossier__first_name", "dossier_id", "occurred_at", "pk")
    )

    def rows():
        for interaction in queryset.iterator(chunk_size=ITERATOR_CHUNK):
            yield resource.export_resource(interaction)

    return resource.get_export_headers(), rows(), queryset


def csv_chunks(tenant, headers, rows):
    """The CSV as byte chunks, read inside the tenant's scope and in the request's language:
    a streamed response is consumed after the view (and its middleware) has returned, so both
    are taken now, when the view calls this."""
    language = translation.get_language()

    def chunks():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        buffer.write("\ufeff")
        writer.writerow([neutralise(header) for header in headers])
        with scope(tenant=tenant), translation.override(language):
            for count, row in enumerate(rows, start=1):
                writer.writerow([neutralise(value) for value in row])
                if count % CSV_FLUSH_ROWS == 0:
                    yield buffer.getvalue().encode("utf-8")
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    return chunks()


def xlsx_file(headers, rows, *, title):
    """A workbook with one sheet, every cell text (a value starting with "=" is never a
    formula), written to a temporary file; returns the file, at its start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)

    def text_cell(value, font=None):
        cell = WriteOnlyCell(sheet, value=XML_ILLEGAL.sub("", "" if value is None else str(value)))
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        return cell

    sheet.append([text_cell(header, bold) for header in headers])
    for row in rows:
        sheet.append([text_cell(value) for value in row])
    output = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(output)
    output.seek(0)
    return output
