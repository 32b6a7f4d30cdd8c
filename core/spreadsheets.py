"""Spreadsheets in and out: cells written to CSV or XLSX files that staff open in a spreadsheet,
and the one reader of uploaded files every import uses: CSV (encoding and separator found) or
XLSX (first sheet, values only, with size and formula checks), as a Table of numbered rows."""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# A spreadsheet runs a cell starting with these as a formula: neutralise them (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML (and so XLSX) cannot hold.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Values a spreadsheet shows when a formula failed: never data.
EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}


def neutralise(value):
    """The cell's text, with a leading quote if a spreadsheet would run it as a formula."""
    text = XML_ILLEGAL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value):
    """A cell as text: spreadsheets hand over numbers (2015.0) and dates as Python objects."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).replace("\u00a0", " ").strip()


MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNPACKED = 400 * 1024 * 1024  # 100,000 rows of contacts take about 40 MB of XML
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` says why, in French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def size_label(size):
    return _("%(size)s Mo") % {"size": number_format(size / (1024 * 1024), 1)}


@dataclass
class Table:
    format: str
    headers: list
    header_row: int
    rows: object  # iterator of (row number, cells, [cell problems])
    encoding: str = ""
    delimiter: str = ""
    # About how many rows the file has (for a progress bar), None when unknown.
    rows_hint: int | None = None


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

    return _with_header(
        records(), "csv", encoding=encoding, delimiter=delimiter, rows_hint=text.count("\n")
    )


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
        return _with_header(records(), "xlsx", rows_hint=sheet.max_row)
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
