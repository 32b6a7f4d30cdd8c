"""Where signed documents live: the private storage (core.storage), never behind a public URL.

The files are only ever read by `views.documents.document_download`, which checks the tenant
(through the scoped manager) and the permission first.
"""

import uuid

from core.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "document_path", "get_private_storage", "private_storage"]


def get_private_storage():
    """The storage of signed documents (a callable keeps migrations free of its settings)."""
    return private_storage


def document_path(instance, filename):
    """conventions/<tenant id>/<random>.pdf: unguessable, and no user-chosen name on disk."""
    return f"conventions/{instance.tenant_id}/{uuid.uuid4().hex}.pdf"
