import shutil
import subprocess

import pytest

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(content, tmp_path):
    """The text of a PDF, as pdftotext (poppler-utils) extracts it in reading order, with
    spaces made plain and lines joined (a table cell's text wraps)."""
    if PDFTOTEXT is None:
        pytest.fail("pdftotext is missing (apt-get install poppler-utils)")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 (a fixed tool on a file the test wrote)
        [PDFTOTEXT, str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.replace("\xa0", " ").split())
