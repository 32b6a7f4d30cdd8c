"""Retention tasks (beat runs them daily, portal/celery.py): every app's retention rules (e.g.
the caseload's: closed dossiers past the tenant's period anonymised, import files older than
30 days deleted), and accounts unused for 3 years warned, then erased (privacy.retention).

Each is idempotent: an anonymised dossier or a purged file is skipped, so a retry or a
duplicate delivery changes nothing.
"""

import logging

from celery import shared_task

from . import retention, rgpd

logger = logging.getLogger(__name__)


@shared_task
def apply_retention():
    """Every app's retention rules (privacy.registry `sweeps`); returns
    {"app.rule": result} for the rules that did something."""
    results = rgpd.apply_retention()
    if results:
        logger.info("Retention: %s", results)
    return results


@shared_task
def sweep_inactive_accounts():
    """Daily (beat): erase the accounts whose warning has run out, then warn the accounts to
    warn (each warning recorded in the outbox). Returns the counts."""
    erased = retention.erase_due_accounts()
    to_warn = list(retention.accounts_to_warn().values_list("pk", flat=True))
    warned = sum(retention.warn_inactive_account(user_id=pk) for pk in to_warn)
    if erased or warned:
        logger.info("Inactive accounts: %s erased, %s warned", erased, warned)
    return {"erased": erased, "warned": warned}
