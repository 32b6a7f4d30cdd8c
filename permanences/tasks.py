"""Permanence e-mails, sent by Celery exactly once each.

Every sending task inserts its `Notification` row and sends in ONE transaction: if the mail
server fails, the transaction rolls back (no row) and Celery retries; once a send succeeded, the
row is committed and any retry or duplicate delivery stops on the unique constraint. A person
therefore gets each e-mail once, however often the task runs.
"""

import logging
from datetime import datetime, time, timedelta
from smtplib import SMTPException

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import Tenant
from accounts.models.tenants import default_reminder_days

from . import notifications
from .models import Attendance, Booking, BookingStatus, Notification, Session, SessionStatus

logger = logging.getLogger(__name__)

MAIL_RETRY = {
    # SMTPException is an OSError since Python 3.4; both are listed for the reader.
    "autoretry_for": (OSError, SMTPException),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


def _record(**fields):
    """Insert the Notification row; False when it already exists (already sent)."""
    try:
        with transaction.atomic():
            Notification.objects.create(**fields)
    except IntegrityError:
        return False
    return True


@shared_task(bind=True, **MAIL_RETRY)
def send_booking_notification(self, booking_id, kind):
    """Send the `kind` e-mail about a booking once; drop it if it no longer applies.

    Kinds: confirmed, waitlisted, promoted, cancelled, session_cancelled, session_changed_<n>,
    reminder_<n>d, questionnaire (see permanences.notifications). Returns True when sent.
    """
    notifications.parse_kind(kind)  # an unknown kind is a bug: fail loudly, do not retry
    with transaction.atomic(), scopes_disabled():
        # The booking row lock serialises duplicate deliveries of the same task.
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("session__tenant", "session__departement", "person")
            .filter(pk=booking_id)
            .first()
        )
        if booking is None:
            return False
        if Notification.objects.filter(booking=booking, kind=kind).exists():
            return False
        if not notifications.still_applies(booking, kind):
            logger.info("Dropped %s for booking %s: no longer applies", kind, booking_id)
            return False
        if not _record(
            tenant_id=booking.tenant_id,
            session_id=booking.session_id,
            booking=booking,
            recipient=booking.person.email,
            kind=kind,
        ):
            return False
        # If the SMTP server fails, the exception rolls the row back and Celery retries.
        notifications.booking_message(booking, kind).send()
    return True


def _reminder_offsets(tenant):
    days = tenant.reminder_days if tenant.reminder_days is not None else default_reminder_days()
    return sorted({d for d in days if isinstance(d, int) and not isinstance(d, bool) and d > 0})


@shared_task
def send_due_reminders():
    """Queue the reminders that are due (beat: every 15 minutes); returns how many were queued.

    For an offset of N days, a confirmed booking of a published session is due when
    `starts_at - N days <= now < starts_at` and it was confirmed before `starts_at - N days`
    (someone who booked 2 days before gets no 7-day reminder). Once a shorter reminder is due,
    the longer ones are superseded: a sweep that was down for a week sends "tomorrow", not
    "in 7 days" as well. Notification rows make a second sweep or a retry send nothing more,
    and the task checks again at send time that the session has not started.
    """
    now = timezone.now()
    queued = []
    for tenant in Tenant.objects.filter(is_active=True):
        with scope(tenant=tenant):
            shorter = timedelta(0)
            for days in _reminder_offsets(tenant):
                offset = timedelta(days=days)
                kind = notifications.reminder_kind(days)
                due = (
                    Booking.objects.filter(
                        status=BookingStatus.CONFIRMED,
                        session__status=SessionStatus.PUBLISHED,
                        session__starts_at__gt=now + shorter,
                        session__starts_at__lte=now + offset,
                        confirmed_at__lte=F("session__starts_at") - offset,
                    )
                    .exclude(notifications__kind=kind)
                    .values_list("pk", flat=True)
                )
                queued += [(pk, kind) for pk in due]
                shorter = offset
    for pk, kind in queued:
        send_booking_notification.delay(pk, kind)
    return len(queued)


@shared_task(bind=True, **MAIL_RETRY)
def send_host_digest(self, session_id, host_id):
    """Send one host the list of a session's registrants, once per host and session."""
    with transaction.atomic(), scopes_disabled():
        session = (
            Session.objects.select_related("tenant", "departement")
            .filter(pk=session_id, status=SessionStatus.PUBLISHED, starts_at__gt=timezone.now())
            .first()
        )
        host = session and session.hosts.filter(pk=host_id, is_active=True).first()
        if host is None:
            return False
        # The unique constraint (session, recipient, kind) makes a concurrent duplicate wait for
        # this transaction, then fail: no lock on the session row, which bookings need.
        if not _record(
            tenant_id=session.tenant_id,
            session=session,
            booking=None,
            recipient=host.email,
            kind=notifications.HOST_DIGEST,
        ):
            return False
        bookings = list(
            Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
            .select_related("person")
            .order_by("slot_index", "created_at", "id")
        )
        waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITING).count()
        notifications.host_digest_message(session, host, bookings, waiting).send()
    return True


@shared_task
def send_host_digests():
    """Queue, for each session starting tomorrow (Europe/Paris), one digest per host (beat:
    daily at 17:00); returns how many were queued."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    queued = []
    with scopes_disabled():
        sessions = Session.objects.filter(
            tenant__is_active=True,
            status=SessionStatus.PUBLISHED,
            starts_at__gte=max(start, timezone.now()),
            starts_at__lt=end,
        ).prefetch_related("hosts")
        for session in sessions:
            sent_to = set(
                Notification.objects.filter(
                    session=session, booking=None, kind=notifications.HOST_DIGEST
                ).values_list("recipient", flat=True)
            )
            queued += [
                (session.pk, host.pk)
                for host in session.hosts.all()
                if host.is_active and host.email not in sent_to
            ]
    for session_id, host_id in queued:
        send_host_digest.delay(session_id, host_id)
    return len(queued)


@shared_task
def send_questionnaires(session_id):
    """Queue the satisfaction questionnaire for a session marked held; returns how many.

    Only bookings whose attendance was recorded as "present" get it: a confirmed booking with
    no attendance recorded may be someone who did not come, and asking them to rate a session
    they missed would skew the satisfaction rate. Staff record attendance before (or after)
    marking the session held; calling this again sends only to the newly marked.
    """
    with scopes_disabled():
        session = Session.objects.filter(pk=session_id, status=SessionStatus.HELD).first()
        if session is None:
            return 0
        booking_ids = list(
            Booking.objects.filter(session=session, attendance=Attendance.PRESENT)
            .exclude(notifications__kind="questionnaire")
            .values_list("pk", flat=True)
        )
    for booking_id in booking_ids:
        send_booking_notification.delay(booking_id, "questionnaire")
    return len(booking_ids)
