import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Report PDFs go to a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
