"""The permanences' scheduled sweeps (beat). They decide who is due a reminder or a digest and
record the messages in the outbox (permanences.emails), which sends each once."""

from datetime import datetime, time, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import Tenant
from accounts.models.tenants import default_reminder_days
from core import outbox

from . import emails, notifications
from .models import Booking, BookingStatus, Session, SessionStatus


def _reminder_offsets(tenant):
    days = tenant.reminder_days if tenant.reminder_days is not None else default_reminder_days()
    return sorted({d for d in days if isinstance(d, int) and not isinstance(d, bool) and d > 0})


@shared_task
def send_due_reminders():
    """Record the reminders that are due (beat: every 15 minutes); returns how many.

    For an offset of N days, a confirmed booking of a published session is due when
    `starts_at - N days <= now < starts_at` and it was confirmed before `starts_at - N days`
    (someone who booked 2 days before gets no 7-day reminder). Once a shorter reminder is due,
    the longer ones are superseded: a sweep that was down for a week sends "tomorrow", not
    "in 7 days" as well. The outbox key (booking, kind) makes a second sweep record nothing
    more, and the relay checks again at send time that the session has not started.
    """
    now = timezone.now()
    recorded = 0
    for tenant in Tenant.objects.filter(is_active=True):
        with scope(tenant=tenant), transaction.atomic():
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
                    .exclude(emails.already_recorded(kind))
                    .values_list("pk", "tenant_id")
                )
                recorded += emails.notify_many((pk, tenant_id, kind) for pk, tenant_id in due)
                shorter = offset
    return recorded


@shared_task
def send_host_digests():
    """Record, for each session starting tomorrow (Europe/Paris), one digest per host (beat:
    daily at 17:00); returns how many were recorded."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    with scopes_disabled(), transaction.atomic():
        sessions = Session.objects.filter(
            tenant__is_active=True,
            status=SessionStatus.PUBLISHED,
            starts_at__gte=max(start, timezone.now()),
            starts_at__lt=end,
        ).prefetch_related("hosts")
        return outbox.enqueue_many(
            {
                "key": emails.host_digest_key(session.pk, host.pk),
                "kind": emails.HOST_DIGEST,
                "payload": {"session": session.pk, "host": host.pk},
                "tenant_id": session.tenant_id,
            }
            for session in sessions
            for host in session.hosts.all()
            if host.is_active
        )
