"""The dashboard as shown (filters, small cells hidden) in CSV for French Excel and in XLSX."""

import csv
import io

from django.utils.translation import gettext as _

from core.spreadsheets import neutralise

from .display import plain


def headers(board):
    return [
        _("Convention"), _("Annexe"), _("Code"), _("Indicateur"), _("Unité"), _("Période"),
        _("Département"), _("Valeur"), _("Numérateur"), _("Dénominateur"), _("Cible"),
        *(label for label, _cell in _first_trend(board)),
    ]  # fmt: skip


def _first_trend(board):
    for _convention, annexes in board.conventions:
        for _annex, views in annexes:
            for view in views:
                return view.trend
    return [(quarter.label, None) for quarter in board.quarters]


def _value(cell):
    """A number when shown (a spreadsheet computes with it), else its text ("< 5", "—")."""
    return cell.number if cell.number is not None else cell.text


def rows(board):
    filters = board.filters
    departement = filters.departement
    place = f"{departement.insee_code} {departement.name}" if departement else _("Tout l'espace")
    for convention, annexes in board.conventions:
        for annex, views in annexes:
            for view in views:
                numerator, _sep, denominator = view.cell.detail.partition(" / ")
                yield [
                    str(convention), annex.number if annex else "", view.indicator.code,
                    view.indicator.label, view.indicator.get_unit_display(),
                    filters.period.label, place, _value(view.cell), numerator, denominator,
                    view.target, *(_value(cell) for _label, cell in view.trend),
                ]  # fmt: skip


def filename(tenant, board, extension):
    code = board.filters.period.code
    if board.filters.departement is not None:
        code += f"-{board.filters.departement.insee_code}"
    return f"pilotage-{tenant.slug}-{code}.{extension}"


def _csv_text(value):
    if isinstance(value, str):
        return neutralise(value)
    return plain(value, grouping=False)


def as_csv(board):
    """Semicolon-separated UTF-8 with a byte order mark: what French Excel opens correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers(board))
    for row in rows(board):
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def write_sheet(sheet, header, lines):
    """Header in bold, numbers as numbers, every text neutralised (never a formula)."""
    from openpyxl.styles import Font

    sheet.append([neutralise(title) for title in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(lines, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) or value is None:
                target = sheet.cell(row=row_number, column=column, value=neutralise(value))
                target.data_type = "s"
            else:
                sheet.cell(row=row_number, column=column, value=value)


def as_xlsx(board, extra_sheets=()):
    """One sheet of indicators (and any (title, header, rows) given after it)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicateurs")
    write_sheet(sheet, headers(board), rows(board))
    for title, header, lines in extra_sheets:
        write_sheet(workbook.create_sheet(title[:31]), header, lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
