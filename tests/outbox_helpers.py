"""Helpers for tests of messages that leave through the outbox (core.outbox)."""

from core import outbox
from core.models import OutboxMessage
from permanences import emails


def deliver(booking, kind):
    """Record the `kind` e-mail about a booking, as its cause would, and run the relay once:
    what the relay did ({"sent": 1, …})."""
    emails.notify(booking, kind)
    return outbox.relay()


def booking_messages(booking, kind=None):
    keys = OutboxMessage.objects.filter(key__startswith=f"{emails.BOOKING}:{booking.pk}:")
    if kind is not None:
        keys = keys.filter(key=emails.booking_key(booking.pk, kind))
    return keys
