"""Personal-data rights (RGPD): what the portal holds about a person, erasure, and retention,
answered from what each app declares (privacy.registry); this module knows no feature app.

- `personal_data(user)`: everything about the person, across tenants, as plain data (the JSON
  download and the readable page show the same thing): the account's part, then each
  provider's sections. Staff notes are left out (the providers say what the person sees).
- `erase_person(user=…)`: at the person's request, or by privacy.retention for an account
  unused for 3 years. The account is deactivated and scrubbed, not deleted (a booking or a
  dossier's history still points at it): each provider erases or anonymises what it holds,
  then the account loses its profile, its name, its e-mail addresses, its password and its
  second factor. One transaction: a failure leaves the account as it was.
- `apply_retention(…)`: every provider's retention rules (closed dossiers past the tenant's
  period anonymised, old import files deleted…), run daily by privacy.tasks.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from . import account_data, registry
from .registry import REASON_REQUEST, REASON_RETENTION, ErasureRefused  # noqa: F401

logger = logging.getLogger(__name__)


def _providers():
    """The account's own provider first, then the apps' (registration order)."""
    apps = [p for p in registry.providers() if p.name != account_data.ACCOUNT]
    return [account_data.PROVIDER, *apps]


def personal_data(user):
    """Everything the portal holds about `user`, as JSON-ready data (labels, ISO dates)."""
    data = {"generated_at": registry.iso(timezone.now())}
    with scopes_disabled():  # a person's data spans tenants by nature
        for provider in _providers():
            if provider.export:
                data.update(provider.export(user=user))
    return data


def section_templates():
    """The templates of the providers' sections on the "Mes données" page."""
    return [p.template for p in _providers() if p.template]


def erasure_blockers(user, now=None):
    """Why the account cannot be erased online yet ([] when it can)."""
    now = now or timezone.now()
    reasons = []
    with scopes_disabled():
        for provider in _providers():
            if provider.blockers:
                reasons.extend(provider.blockers(user=user, now=now))
    return reasons


def erase_person(*, user, now=None, reason=REASON_REQUEST):
    """Erase a person (see the module docstring); returns the providers' counters merged, e.g.
    {"cancelled_bookings": 1, "anonymised_dossiers": 2}.

    `reason` is REASON_RETENTION when the account is erased for inactivity: the audit log and
    the cancelled bookings say so. Raises ErasureRefused when `erasure_blockers` finds a
    reason."""
    now = now or timezone.now()
    blockers = erasure_blockers(user, now)
    if blockers:
        raise ErasureRefused(blockers[0])
    summary = {}
    apps = _providers()[1:]
    with transaction.atomic(), scopes_disabled():
        # The apps first: they find what is the person's through the verified addresses
        # that the account's own erasure then deletes.
        for provider in [*apps, account_data.PROVIDER]:
            if provider.erase:
                summary.update(provider.erase(user=user, now=now, reason=reason))
    return summary


def in_use(now):
    """Expressions on User for the accounts an app still needs (the inactivity rule skips
    them)."""
    return [p.in_use(now=now) for p in _providers() if p.in_use]


def apply_retention(now=None):
    """Every provider's retention rules; returns {"provider.rule": result} for those that did
    something. Each rule is idempotent: a retry changes nothing."""
    now = now or timezone.now()
    results = {}
    for provider in _providers():
        for name, sweep in provider.sweeps.items():
            result = sweep(now=now)
            if result:
                results[f"{provider.name}.{name}"] = result
    return results
