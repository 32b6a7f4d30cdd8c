"""Cells written to CSV or XLSX files that staff open in a spreadsheet."""

import re

# A spreadsheet runs a cell starting with these as a formula: neutralise them (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML (and so XLSX) cannot hold.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value):
    """The cell's text, with a leading quote if a spreadsheet would run it as a formula."""
    text = XML_ILLEGAL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text
