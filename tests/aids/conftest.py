import shutil

import pytest

from aids.atlas import import_atlas
from tests.aids.atlas_files import ATLAS_FILES, atlas_directory


@pytest.fixture
def atlas_dir():
    return atlas_directory()


@pytest.fixture
def atlas(db, atlas_dir):
    """The whole atlas imported."""
    return import_atlas(atlas_dir)


@pytest.fixture
def atlas_copy(atlas_dir, tmp_path):
    """A writable copy of the atlas files, to break."""
    for name in ATLAS_FILES:
        shutil.copy(atlas_dir / name, tmp_path / name)
    return tmp_path
