"""Messages to people leave through the outbox, never straight from a request or a task.

A service that decides to tell someone calls `enqueue(...)` inside its own transaction: the
message is a row that commits or rolls back with its cause. After the commit, a Celery task is
asked to relay (a hint for speed: if Redis or the worker is down, Celery beat's relay every
minute, or `manage.py relay_outbox`, sends it later). A relay drains everything pending, so a
burst of commits in one process asks for one relay, a second later, not one each. The relay
takes one pending row at a time under `SELECT … FOR UPDATE SKIP LOCKED`, so two relays never
send the same message, renders it through the handler its app registered for its kind, sends it
and marks it sent in the same transaction. A message is sent at least once and, short of a
crash between the SMTP server's answer and the commit, exactly once; its Message-ID is derived
from its key, so a mail client shows even that rare repeat as one message.

Handlers are registered by each app (`@register("permanences.booking")`) and return the
`EmailMessage` to send, or None when what it would say is no longer true (DROPPED).
"""

import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from .models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

_handlers = {}
_labels = {}


def register(kind, *, label=None):
    """Decorator: `handler(payload) -> EmailMessage | None` renders messages of `kind`;
    `label` names the kind for the tenant admins who see the messages that failed."""

    def decorator(handler):
        if kind in _handlers and _handlers[kind] is not handler:
            raise ValueError(f"two outbox handlers for {kind!r}")
        _handlers[kind] = handler
        _labels[kind] = label or kind
        return handler

    return decorator


def kind_label(kind):
    return _labels.get(kind, kind)


def enqueue(*, key, kind, payload=None, tenant_id=None, not_before=None):
    """Record a message for `key` (its cause) unless one is already recorded; the relay is
    asked to send it once the caller's transaction commits. Call inside the transaction that
    makes the change the message reports."""
    if kind not in _handlers:
        raise LookupError(f"no outbox handler registered for {kind!r}")
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                key=key,
                kind=kind,
                payload=payload or {},
                tenant_id=tenant_id,
                next_attempt_at=not_before or timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )
    _kick_after_commit()


def enqueue_many(messages, *, batch_size=500):
    """`enqueue` for many causes at once (a reminder sweep): dicts with key, kind, payload
    and tenant_id; one INSERT per batch, messages already recorded skipped. Returns how many
    were new."""
    messages = list(messages)
    known = recorded_keys(message["key"] for message in messages)
    rows = []
    for message in messages:
        if message["kind"] not in _handlers:
            raise LookupError(f"no outbox handler registered for {message['kind']!r}")
        if message["key"] in known:
            continue
        rows.append(
            OutboxMessage(
                key=message["key"],
                kind=message["kind"],
                payload=message.get("payload") or {},
                tenant_id=message.get("tenant_id"),
            )
        )
    if rows:
        OutboxMessage.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
        _kick_after_commit()
    return len(rows)


def recorded_keys(keys):
    """The keys among `keys` that already have a message (sent or not)."""
    return set(OutboxMessage.objects.filter(key__in=list(keys)).values_list("key", flat=True))


# A message rendered by its cause (allauth's e-mails carry one-time links it renders itself).
RENDERED = "core.rendered"


def enqueue_rendered(email, *, key, tenant_id=None):
    """Record an already rendered `EmailMessage`; its text is dropped once sent."""
    alternatives = getattr(email, "alternatives", None) or []
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    enqueue(
        key=key,
        kind=RENDERED,
        payload={
            "subject": email.subject,
            "body": email.body,
            "html": html,
            "to": list(email.to),
            "from_email": email.from_email,
            "reply_to": list(email.reply_to),
        },
        tenant_id=tenant_id,
    )


@register(RENDERED, label=_("Message du compte (confirmation d'adresse, mot de passe)"))
def _rendered(payload):
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload.get("from_email"),
        to=payload["to"],
        reply_to=payload.get("reply_to") or [],
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    return message


def _kick_after_commit():
    # robust: the cause is committed; a broker outage only delays the message (beat relays).
    transaction.on_commit(_kick, robust=True)


# The relay a kick queues runs this long after it (countdown); kicks of this process during
# the first part of that wait ride on it: their rows are committed before it starts. The
# margin covers a worker whose clock runs a little ahead of this machine's.
RELAY_DELAY = 1.0
RELAY_COALESCE = 0.75
_relay_queued_at = None


def _kick():
    global _relay_queued_at
    from .tasks import publish, relay_outbox

    if relay_outbox.app.conf.task_always_eager:  # no broker: relay here, now, every time
        publish(relay_outbox)
        return
    now = time.monotonic()
    if _relay_queued_at is not None and now - _relay_queued_at < RELAY_COALESCE:
        return
    if publish(relay_outbox, countdown=RELAY_DELAY):
        _relay_queued_at = now


def retry_delay(attempts):
    """1, 2, 4… minutes after each failure, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def message_id(key):
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<{digest}@{domain}>"


def relay(*, limit=1000, now=None):
    """Send what is pending and due, one message per transaction; returns the counts."""
    counts = {"sent": 0, "dropped": 0, "retried": 0, "failed": 0}
    for _turn in range(limit):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now or timezone.now())
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if message is None:
                break
            counts[_deliver(message)] += 1
    return counts


def _deliver(message):
    """Render and send one locked message; returns what happened to it."""
    now = timezone.now()
    message.attempts += 1
    try:
        # A savepoint: a handler's database error must not break the row's own update.
        with transaction.atomic(), scopes_disabled():  # handlers read rows of any tenant
            email = _handlers[message.kind](message.payload)
            if email is not None:
                email.extra_headers.setdefault("Message-ID", message_id(message.key))
                message.recipients = ", ".join(email.to)[:2000]
                message.subject = email.subject[:255]
                email.send()
        if email is None:
            message.status = OutboxStatus.DROPPED
            outcome = "dropped"
        else:
            message.status, message.sent_at, message.last_error = OutboxStatus.SENT, now, ""
            outcome = "sent"
            if message.kind == RENDERED:
                message.payload = {}  # its text (a one-time link, say) is of no further use
    except Exception as error:  # SMTP, network, or a rendering bug: retried, then visible
        logger.warning("Outbox %s, attempt %s: %r", message.key, message.attempts, error)
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            outcome = "failed"
        else:
            message.next_attempt_at = now + retry_delay(message.attempts)
            outcome = "retried"
    message.save()
    return outcome


def retry(*, message_ids, tenant_id):
    """A tenant admin's "try again" on failed messages of their tenant; returns how many."""
    updated = OutboxMessage.objects.filter(
        pk__in=message_ids, tenant_id=tenant_id, status=OutboxStatus.FAILED
    ).update(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
    if updated:
        _kick_after_commit()
    return updated


def failed_for_tenant(tenant_id):
    return OutboxMessage.objects.filter(tenant_id=tenant_id, status=OutboxStatus.FAILED).order_by(
        "-created_at", "-pk"
    )
