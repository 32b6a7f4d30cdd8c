"""Private files (signed documents, report PDFs): under MEDIA_ROOT/private/, never behind a
public URL.

They are only ever read by views that check the tenant (through the scoped managers) and the
permission first. `url()` refuses, so that no template can link to a file directly by mistake.
"""

import os

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
