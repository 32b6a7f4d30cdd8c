"""Inactive accounts (RGPD retention): a person's account unused for 3 years is erased, after a
warning e-mail 30 days before, as the privacy page says and the CNIL recommends.

- Who: active accounts that are neither Django staff nor a tenant's staff (a `Membership`:
  their tenant admins handle those), and that no app still needs (privacy.registry's
  `in_use`: an active booking in an upcoming permanence, which a team may have made on their
  behalf). "Unused" counts from the last
  login, or from the sign-up when they never logged in.
- The warning goes out once the account has been unused for 3 years less 30 days; it is
  recorded in `User.inactivity_warning_sent_at`, set under the user row lock in the
  transaction that records the e-mail in the outbox: a second sweep finds the account warned,
  and the outbox sends the e-mail once, retrying while the mail server is down.
- Logging in clears the warning (accounts.signals). An account is erased, with
  `privacy.rgpd.erase_person` (dossiers anonymised, indicator counts kept), once the date
  the warning gave has passed, at least 30 days after it, without a login since.

privacy.tasks runs this: a daily sweep (portal/celery.py) erases the due accounts and warns
the accounts to warn.
"""

import logging
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import CharField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User

logger = logging.getLogger(__name__)

INACTIVE_FOR = relativedelta(years=3)
NOTICE = timedelta(days=30)


def deletion_date(warned_at):
    """The date the warning gives: the account stays until the end of that day."""
    return timezone.localdate(warned_at) + NOTICE


def retention_candidates(now=None):
    """Person accounts the retention rule applies to, with `last_seen` (last login, or sign-up
    when they never logged in): not Django staff, and no app still needs them (tenant staff,
    an upcoming booking: privacy.registry's `in_use`). Spans tenants: scopes are disabled."""
    from .rgpd import in_use

    now = now or timezone.now()
    with scopes_disabled():
        candidates = User.objects.filter(
            is_active=True, is_staff=False, is_superuser=False
        ).annotate(last_seen=Coalesce("last_login", "date_joined"))
        for needed in in_use(now):
            candidates = candidates.exclude(needed)
        return candidates


def accounts_to_warn(now=None):
    """Unused for 3 years less the notice, and not warned yet."""
    now = now or timezone.now()
    return retention_candidates(now).filter(
        inactivity_warning_sent_at__isnull=True, last_seen__lt=now - INACTIVE_FOR + NOTICE
    )


def accounts_to_erase(now=None):
    """Warned at least NOTICE ago, the date the warning gave is over, no login since the
    warning, and unused for 3 years."""
    now = now or timezone.now()
    # The e-mail said "d'ici le <deletion_date>": that whole day is left to the person, so
    # deletion_date < today, i.e. warned before the day that began NOTICE ago (which also
    # means at least NOTICE ago).
    warned_before = timezone.make_aware(
        datetime.combine(timezone.localdate(now) - NOTICE, time.min)
    )
    return (
        retention_candidates(now)
        .filter(
            inactivity_warning_sent_at__lt=warned_before,
            last_seen__lt=now - INACTIVE_FOR,
        )
        .filter(last_seen__lt=F("inactivity_warning_sent_at"))
        .filter(Exists(_warning_sent()))
    )


def _warning_sent():
    """The warning's e-mail really left (the mail server may have refused it for days):
    nobody is erased without having been told."""
    from core.models import OutboxMessage, OutboxStatus

    from .emails import INACTIVITY_WARNING

    prefix = Concat(
        Value(f"{INACTIVITY_WARNING}:"), Cast(OuterRef("pk"), CharField()), Value(":"),
        output_field=CharField(),
    )  # fmt: skip
    return OutboxMessage.objects.filter(key__startswith=prefix, status=OutboxStatus.SENT)


def warn_inactive_account(*, user_id, now=None):
    """Record the warning to this account once, if it still applies; True when recorded.
    The e-mail leaves by the outbox (privacy.emails), so a mail server outage delays it."""
    from .emails import queue_inactivity_warning

    now = now or timezone.now()
    with transaction.atomic():
        # The row lock serialises concurrent sweeps; the filter re-checks that the account is
        # still unused and not warned (a login in between cancels).
        user = accounts_to_warn(now).select_for_update(of=("self",)).filter(pk=user_id).first()
        if user is None:
            return False
        user.inactivity_warning_sent_at = now
        user.save(update_fields=["inactivity_warning_sent_at"])
        queue_inactivity_warning(user, warned_at=now)
    return True


def erase_inactive_account(*, user_id, now=None):
    """Erase this account if it is due (see `accounts_to_erase`); True when erased.

    Raises privacy.rgpd.ErasureRefused when erasure_blockers finds a reason."""
    from . import rgpd

    now = now or timezone.now()
    with transaction.atomic():
        user = accounts_to_erase(now).select_for_update(of=("self",)).filter(pk=user_id).first()
        if user is None:
            return False
        rgpd.erase_person(user=user, now=now, reason=rgpd.REASON_RETENTION)
    return True


def erase_due_accounts(now=None):
    """Erase every due account, each in its own transaction; returns how many were erased."""
    from .rgpd import ErasureRefused

    now = now or timezone.now()
    erased = 0
    for pk in list(accounts_to_erase(now).values_list("pk", flat=True)):
        try:
            erased += erase_inactive_account(user_id=pk, now=now)
        except ErasureRefused as refusal:
            logger.warning("Inactive account %s not erased: %s", pk, refusal.message)
    return erased
