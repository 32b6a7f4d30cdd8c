"""Inactive accounts (RGPD retention): a person's account unused for 3 years is erased, after a
warning e-mail 30 days before, as the privacy page says and the CNIL recommends.

- Who: active accounts that are neither Django staff nor a tenant's staff (a `Membership`:
  their tenant admins handle those), and have no active booking in an upcoming permanence (a
  team may have booked on their behalf: they are not inactive). "Unused" counts from the last
  login, or from the sign-up when they never logged in.
- The warning goes out once the account has been unused for 3 years less 30 days; it is
  recorded in `User.inactivity_warning_sent_at`, set in the transaction that sends it, under
  the user row lock: a retried or duplicated task never mails twice, and a failed send
  records nothing, so the retry (or the next sweep) sends.
- Logging in clears the warning (accounts.signals). An account is erased, with
  `caseload.rgpd.erase_person` (dossiers anonymised, indicator counts kept), once the date
  the warning gave has passed, at least 30 days after it, without a login since.

accounts.tasks runs this: a daily sweep (portal/celery.py) erases the due accounts and queues
one warning task per account to warn.
"""

import logging
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from .models import Membership, User

logger = logging.getLogger(__name__)

INACTIVE_FOR = relativedelta(years=3)
NOTICE = timedelta(days=30)


def _portal_url(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def deletion_date(warned_at):
    """The date the warning gives: the account stays until the end of that day."""
    return timezone.localdate(warned_at) + NOTICE


def retention_candidates(now=None):
    """Person accounts the retention rule applies to, with `last_seen` (last login, or sign-up
    when they never logged in). Spans tenants by nature: scopes are disabled here."""
    from permanences.models import Booking
    from permanences.models.bookings import ACTIVE_STATUSES

    now = now or timezone.now()
    with scopes_disabled():
        staff = Membership.objects.filter(user=OuterRef("pk"))
        upcoming = Booking.objects.filter(
            person=OuterRef("pk"), status__in=ACTIVE_STATUSES, session__starts_at__gt=now
        )
        return (
            User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
            .annotate(last_seen=Coalesce("last_login", "date_joined"))
            .exclude(Exists(staff))
            .exclude(Exists(upcoming))
        )


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
    )


def warning_message(user, *, deletes_on):
    """The warning e-mail's subject and plain-text body, in French."""
    context = {
        "person": user,
        "deletes_on": deletes_on,
        "last_login": user.last_login,
        "date_joined": user.date_joined,
        "login_url": _portal_url(reverse("account_login")),
        "my_data_url": _portal_url(reverse("accounts:my_data")),
    }
    with translation.override("fr"):
        subject = render_to_string("accounts/email/inactivity_warning_subject.txt", context)
        body = render_to_string("accounts/email/inactivity_warning_body.txt", context)
    return " ".join(subject.split()), body


def warn_inactive_account(*, user_id, now=None):
    """Send the warning to this account once, if it still applies; True when sent."""
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock serialises duplicate deliveries; the filter re-checks, at send time,
        # that the account is still unused and not warned (a login in between cancels).
        user = accounts_to_warn(now).select_for_update(of=("self",)).filter(pk=user_id).first()
        if user is None:
            return False
        subject, body = warning_message(user, deletes_on=deletion_date(now))
        # If the SMTP server fails, the exception leaves before anything is recorded: Celery
        # retries, and failing that the next sweep queues the account again.
        send_mail(subject, body, None, [user.email])
        user.inactivity_warning_sent_at = now
        user.save(update_fields=["inactivity_warning_sent_at"])
    return True


def erase_inactive_account(*, user_id, now=None):
    """Erase this account if it is due (see `accounts_to_erase`); True when erased.

    Raises caseload.rgpd.ErasureRefused when erasure_blockers finds a reason."""
    from caseload import rgpd

    now = now or timezone.now()
    with transaction.atomic():
        user = accounts_to_erase(now).select_for_update(of=("self",)).filter(pk=user_id).first()
        if user is None:
            return False
        rgpd.erase_person(user=user, now=now, reason=rgpd.REASON_RETENTION)
    return True


def erase_due_accounts(now=None):
    """Erase every due account, each in its own transaction; returns how many were erased."""
    from caseload.rgpd import ErasureRefused

    now = now or timezone.now()
    erased = 0
    for pk in list(accounts_to_erase(now).values_list("pk", flat=True)):
        try:
            erased += erase_inactive_account(user_id=pk, now=now)
        except ErasureRefused as refusal:
            logger.warning("Inactive account %s not erased: %s", pk, refusal.message)
    return erased
