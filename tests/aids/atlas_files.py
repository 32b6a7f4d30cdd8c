"""Where the tests find the real atlas extracts (aids/data/atlas, in the repository)."""

import pytest

from aids.atlas import CAPACITY_FILE, MATRIX_FILE, PAGES_FILE, default_directory

ATLAS_FILES = (MATRIX_FILE, PAGES_FILE, CAPACITY_FILE)


def atlas_directory():
    """The folder of the atlas extracts, which the repository holds: a missing file fails."""
    directory = default_directory()
    missing = [name for name in ATLAS_FILES if not (directory / name).is_file()]
    if missing:
        pytest.fail(f"the atlas extracts {missing} are not in {directory}")
    return directory
