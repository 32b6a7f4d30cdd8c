"""Where report PDFs live: the private storage, served only by evaluation.views.reports after
the tenant and permission checks."""

import uuid

from core.storage import private_storage


def get_report_storage():
    """The storage of report PDFs (a callable keeps migrations free of its settings)."""
    return private_storage


def report_path(instance, filename):
    """evaluation/<tenant id>/<random>.pdf: unguessable, and no user-chosen name on disk."""
    return f"evaluation/{instance.tenant_id}/{uuid.uuid4().hex}.pdf"
