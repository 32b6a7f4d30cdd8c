"""Where the tests find the real atlas extracts (../shared/data/atlas)."""

import os

import pytest

from aids.atlas import CAPACITY_FILE, MATRIX_FILE, PAGES_FILE, default_directory

ATLAS_FILES = (MATRIX_FILE, PAGES_FILE, CAPACITY_FILE)


def atlas_directory():
    """The folder of the atlas extracts: the test is skipped on a machine without them, and
    fails in CI (CI=true), where they must be."""
    directory = default_directory()
    if not all((directory / name).is_file() for name in ATLAS_FILES):
        message = f"the atlas extracts are not in {directory}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return directory
