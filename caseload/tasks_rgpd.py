"""Retention tasks (beat runs them daily, portal/celery.py): closed dossiers past the tenant's
retention period are anonymised, and uploaded import files older than 30 days are deleted.

Both are idempotent: an anonymised dossier or a purged file is skipped, so a retry or a
duplicate delivery changes nothing.
"""

import logging

from celery import shared_task

from . import rgpd

logger = logging.getLogger(__name__)


@shared_task
def anonymise_expired_dossiers():
    """Returns {tenant slug: dossiers anonymised} for the tenants that had some."""
    counts = rgpd.anonymise_expired()
    if counts:
        logger.info("Retention: anonymised %s", counts)
    return counts


@shared_task
def purge_import_files():
    """Returns how many import files were deleted."""
    return rgpd.purge_import_files()
