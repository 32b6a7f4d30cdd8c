"""Demo data of the aids catalogue: the whole atlas, imported from aids/data/atlas/."""

from .atlas import import_atlas


def seed_aids():
    """Import the atlas (idempotent); returns the ImportReport. For seed_demo."""
    return import_atlas()
