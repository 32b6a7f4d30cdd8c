"""The permanences' messages, rendered when the outbox relays them (core.outbox).

Services record them in the transaction of their cause (`notify`); the relay renders each
from the database as it is then, so a message that is no longer true is dropped
(`notifications.still_applies`): a confirmation for a booking cancelled in between, a reminder
for a session that has started.
"""

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.emails import absolute_url, render_email
from core.models import OutboxMessage

from . import notifications
from .models import Booking, BookingStatus, Session, SessionStatus

BOOKING = "permanences.booking"
HOST_DIGEST = "permanences.host_digest"
SIGNUP_INVITATION = "permanences.signup_invitation"


def booking_key(booking_id, kind):
    return f"{BOOKING}:{booking_id}:{kind}"


def host_digest_key(session_id, host_id):
    return f"{HOST_DIGEST}:{session_id}:{host_id}"


def notify(booking, kind, *, held_slot=None):
    """Record the `kind` e-mail about `booking` (once per booking and kind). A cancellation
    clears the booking's slot: `held_slot` keeps the one it held for the message's times."""
    notifications.parse_kind(kind)  # an unknown kind is a bug: fail in the cause's request
    payload = {"booking": booking.pk, "kind": kind}
    if held_slot is not None:
        payload["slot"] = held_slot
    outbox.enqueue(
        key=booking_key(booking.pk, kind),
        kind=BOOKING,
        payload=payload,
        tenant_id=booking.tenant_id,
    )


def notify_many(bookings_and_kinds):
    """`notify` for many (the reminder sweep, a session's questionnaires): one INSERT."""
    return outbox.enqueue_many(
        {
            "key": booking_key(booking_id, kind),
            "kind": BOOKING,
            "payload": {"booking": booking_id, "kind": kind},
            "tenant_id": tenant_id,
        }
        for booking_id, tenant_id, kind in bookings_and_kinds
    )


def already_recorded(kind):
    """A filter for Booking querysets: a message of `kind` is already recorded for it."""
    key = Concat(
        Value(f"{BOOKING}:"), Cast(OuterRef("pk"), CharField()), Value(f":{kind}"),
        output_field=CharField(),
    )  # fmt: skip
    return Exists(OutboxMessage.objects.filter(key=key))


@outbox.register(BOOKING, label=_("Inscription à une permanence"))
def booking_message(payload):
    booking = (
        Booking.objects.select_related("session__tenant", "session__departement", "person")
        .filter(pk=payload["booking"])
        .first()
    )
    kind = payload["kind"]
    if booking is None or not notifications.still_applies(booking, kind):
        return None
    return notifications.booking_message(booking, kind, held_slot=payload.get("slot"))


@outbox.register(HOST_DIGEST, label=_("Liste des inscrits pour les hôtes"))
def host_digest_message(payload):
    session = (
        Session.objects.select_related("tenant", "departement")
        .filter(pk=payload["session"], status=SessionStatus.PUBLISHED, starts_at__gt=timezone.now())
        .first()
    )
    host = session and session.hosts.filter(pk=payload["host"], is_active=True).first()
    if host is None:
        return None
    bookings = list(
        Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
        .select_related("person")
        .order_by("slot_index", "created_at", "id")
    )
    waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITING).count()
    return notifications.host_digest_message(session, host, bookings, waiting)


@outbox.register(SIGNUP_INVITATION, label=_("Invitation à s'inscrire à une permanence"))
def signup_invitation(payload):
    """A tenant's staff invite an address to book a permanence itself: create an account, or
    sign in if it has one (the message is the same either way; staff never see it). Dropped
    if the session is no longer open."""
    session = (
        Session.objects.select_related("tenant", "departement")
        .filter(pk=payload["session"])
        .first()
    )
    if session is None or session.status != SessionStatus.PUBLISHED:
        return None
    if session.starts_at <= timezone.now():
        return None
    session_path = reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )
    context = {
        "tenant": session.tenant,
        "session": session,
        "start": timezone.localtime(session.starts_at),
        "end": timezone.localtime(session.ends_at),
        "session_url": absolute_url(session_path),
        "signup_url": absolute_url(f"{reverse('account_signup')}?next={session_path}"),
        "login_url": absolute_url(f"{reverse('account_login')}?next={session_path}"),
    }
    return render_email(
        "permanences/email/signup_invitation",
        context,
        to=[payload["email"]],
        reply_to=[session.tenant.contact_email],
    )
