"""The fuzz tests record how many requests they sent and how many answered 500; the figures
are printed at the end of the run, whatever its outcome."""

import pytest

_FIGURES = {}


@pytest.fixture
def fuzz_figures():
    return _FIGURES


def pytest_terminal_summary(terminalreporter):
    for name, figures in _FIGURES.items():
        shown = ", ".join(f"{key}: {value}" for key, value in figures.items())
        terminalreporter.write_line(f"fuzz {name}: {shown}")
