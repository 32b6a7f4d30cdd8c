"""Where signed documents live: under MEDIA_ROOT/private/, never behind a public URL.

The files are only ever read by `views.documents.document_download`, which checks the tenant
(through the scoped manager) and the permission first. `url()` refuses, so that no template
can link to a file directly by mistake.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

PRIVATE_DIRECTORY = "private"


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Read at first use (and again when tests change MEDIA_ROOT: Django clears the cache).
        return os.path.join(settings.MEDIA_ROOT, PRIVATE_DIRECTORY)

    def url(self, name):
        raise NotImplementedError("Private files are served by a view that checks permissions.")


private_storage = PrivateStorage()


def get_private_storage():
    """The storage of signed documents (a callable keeps migrations free of its settings)."""
    return private_storage


def document_path(instance, filename):
    """conventions/<tenant id>/<random>.pdf: unguessable, and no user-chosen name on disk."""
    return f"conventions/{instance.tenant_id}/{uuid.uuid4().hex}.pdf"
