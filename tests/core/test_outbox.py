"""The outbox: a message recorded with its cause is sent once, whatever retries, races and
outages happen; a failing mail server delays it, and after the last try it is visible."""

import smtplib
import socket
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db

KIND = "tests.hello"
STILL_TRUE = {"value": True}


@outbox.register(KIND)
def hello(payload):
    if not STILL_TRUE["value"]:
        return None
    return EmailMessage(subject=f"Bonjour {payload['name']}", body="…", to=[payload["to"]])


@pytest.fixture(autouse=True)
def _still_true():
    STILL_TRUE["value"] = True
    yield


def record(key="hello:1", **payload):
    outbox.enqueue(key=key, kind=KIND, payload={"name": "Léa", "to": "lea@example.org", **payload})


class FailingBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_message_is_recorded_once_per_cause_and_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record()
        record()  # the same cause twice (a retried request, a repeated task)
    assert OutboxMessage.objects.count() == 1
    assert [m.subject for m in mail.outbox] == ["Bonjour Léa"]
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT
    assert message.recipients == "lea@example.org"
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox.message_id("hello:1")
    assert outbox.relay() == {"sent": 0, "dropped": 0, "retried": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_rolled_back_cause_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record()
        raise RuntimeError("the booking failed")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_what_is_no_longer_true_is_dropped():
    record()
    STILL_TRUE["value"] = False
    assert outbox.relay()["dropped"] == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.DROPPED
    assert mail.outbox == []


def test_an_unregistered_kind_is_refused():
    with pytest.raises(LookupError):
        outbox.enqueue(key="x", kind="nobody.handles.this")


def test_smtp_failures_are_retried_with_back_off_then_shown(settings):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    record()
    start = timezone.now()
    assert outbox.relay(now=start)["retried"] == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    assert message.next_attempt_at >= start + timedelta(minutes=1)
    assert outbox.relay(now=start)["retried"] == 0  # not due yet
    assert outbox.relay(now=start + timedelta(minutes=2))["retried"] == 1
    assert outbox.relay(now=start + timedelta(minutes=10))["failed"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3
    assert list(outbox.failed_for_tenant(None)) == [message]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.retry(message_ids=[message.pk], tenant_id=None) == 1
    assert outbox.relay()["sent"] == 1
    assert len(mail.outbox) == 1


def test_retry_touches_only_the_tenants_own_failures():
    OutboxMessage.objects.create(key="a", kind=KIND, tenant_id=1, status=OutboxStatus.FAILED)
    other = OutboxMessage.objects.create(
        key="b", kind=KIND, tenant_id=2, status=OutboxStatus.FAILED
    )
    assert outbox.retry(message_ids=[other.pk], tenant_id=1) == 0
    other.refresh_from_db()
    assert other.status == OutboxStatus.FAILED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_relays_racing_send_each_message_once():
    # Recorded while the broker was down: nobody asked for a relay yet.
    OutboxMessage.objects.bulk_create(
        OutboxMessage(key=f"hello:{n}", kind=KIND, payload={"name": n, "to": "x@example.org"})
        for n in range(40)
    )
    barrier = threading.Barrier(4)
    results = []

    def relay():
        try:
            barrier.wait()
            results.append(outbox.relay())
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r["sent"] for r in results) == 40
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Bonjour {n}" for n in range(40))


def test_a_mail_server_that_never_answers_costs_a_retry_not_the_relay(settings):
    from portal import settings as production

    # Production bounds the wait on the mail server; here one second stands for its value.
    assert production.EMAIL_TIMEOUT is not None and production.EMAIL_TIMEOUT <= 60
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # connections are accepted by the kernel, and nothing ever answers
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    record()
    try:
        assert outbox.relay()["retried"] == 1
    finally:
        silent.close()
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert "timed out" in message.last_error
