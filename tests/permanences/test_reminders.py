"""Scheduled e-mails: reminders before a permanence and the hosts' digest the day before."""

import contextlib
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone

from accounts.models import Role
from core import outbox
from core.models import OutboxMessage, OutboxStatus
from permanences import emails
from permanences.models import BookingStatus, SessionStatus
from permanences.tasks import send_due_reminders, send_host_digests
from portal.celery import app
from tests.accounts.factories import staff_member
from tests.outbox_helpers import booking_messages, deliver
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def at(moment):
    """Run the code as if it were `moment` (tasks and models read django.utils.timezone.now)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _kinds(booking):
    """The kinds of e-mail sent about the booking."""
    sent = booking_messages(booking).filter(status=OutboxStatus.SENT)
    return sorted(key.rsplit(":", 1)[1] for key in sent.values_list("key", flat=True))


def sweep():
    """The beat's reminder sweep, then the relay that follows its commit; the count recorded."""
    recorded = send_due_reminders()
    outbox.relay()
    return recorded


@pytest.fixture
def starts_at():
    return (timezone.now() + timedelta(days=20)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def session(tenant, starts_at):
    return SessionFactory(
        tenant=tenant, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3, minutes=30)
    )


def _booked(session, *, confirmed_at, slot_index=0, **kwargs):
    return BookingFactory(
        session=session, slot_index=slot_index, confirmed_at=confirmed_at, **kwargs
    )


def test_sweeping_twice_sends_each_reminder_once(session, starts_at):
    early = starts_at - timedelta(days=15)
    first = _booked(session, confirmed_at=early, slot_index=0)
    second = _booked(session, confirmed_at=early, slot_index=1)

    with at(starts_at - timedelta(days=7) + timedelta(minutes=5)):
        assert sweep() == 2
        assert sweep() == 0
    with at(starts_at - timedelta(days=1) + timedelta(minutes=5)):
        assert sweep() == 2
        assert sweep() == 0

    assert len(mail.outbox) == 4
    for booking in (first, second):
        mails = [m for m in mail.outbox if m.to == [booking.person.email]]
        assert [m.subject.split(" :")[0] for m in mails] == ["Rappel", "Rappel"]
        assert "demain" in mails[1].subject
        assert _kinds(booking) == ["reminder_1d", "reminder_7d"]


def test_a_duplicated_reminder_sends_once(session, starts_at):
    booking = _booked(session, confirmed_at=starts_at - timedelta(days=15))

    with at(starts_at - timedelta(hours=20)):
        deliver(booking, "reminder_1d")
        deliver(booking, "reminder_1d")
        sweep()

    assert len(mail.outbox) == 1


def test_a_reminder_retried_after_an_smtp_failure_is_sent_once(session, starts_at, monkeypatch):
    booking = _booked(session, confirmed_at=starts_at - timedelta(days=15))
    original = locmem.EmailBackend.send_messages
    attempts = []

    def send_messages(backend, messages):
        attempts.append(messages)
        if len(attempts) == 1:
            raise ConnectionRefusedError("SMTP server down")
        return original(backend, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)

    moment = starts_at - timedelta(hours=20)
    with at(moment):
        sweep()
    with at(moment + timedelta(minutes=15)):
        sweep()  # the next sweep and relay, a quarter of an hour later

    assert len(attempts) == 2, "one failure, then the retry"
    assert [m.to for m in mail.outbox] == [[booking.person.email]]
    assert _kinds(booking) == ["reminder_1d"]


def test_a_booking_made_within_the_window_gets_no_earlier_reminder(session, starts_at):
    late = _booked(session, confirmed_at=starts_at - timedelta(days=2), slot_index=0)

    with at(starts_at - timedelta(days=2) + timedelta(hours=1)):
        assert sweep() == 0
    with at(starts_at - timedelta(hours=23)):
        assert sweep() == 1

    assert _kinds(late) == ["reminder_1d"]
    assert len(mail.outbox) == 1


def test_a_promoted_person_gets_only_the_reminders_after_the_promotion(session, starts_at):
    promoted = _booked(session, confirmed_at=starts_at - timedelta(days=3))

    for moment in (starts_at - timedelta(days=6), starts_at - timedelta(hours=12)):
        with at(moment):
            sweep()

    assert _kinds(promoted) == ["reminder_1d"]


def test_a_longer_reminder_missed_by_the_sweep_is_superseded(session, starts_at):
    booking = _booked(session, confirmed_at=starts_at - timedelta(days=15))

    # The beat was down all week: the first sweep runs 12 hours before the session.
    with at(starts_at - timedelta(hours=12)):
        sweep()

    assert _kinds(booking) == ["reminder_1d"]


def test_a_reminder_that_would_arrive_after_the_start_is_dropped(session, starts_at):
    booking = _booked(session, confirmed_at=starts_at - timedelta(days=15))

    # Recorded in time, but the relay only gets to it once the session has started.
    with at(starts_at + timedelta(minutes=5)):
        assert deliver(booking, "reminder_1d")["dropped"] == 1
        assert sweep() == 0

    assert mail.outbox == []
    assert _kinds(booking) == []


def test_only_confirmed_bookings_of_published_sessions_are_reminded(tenant, starts_at):
    published = SessionFactory(tenant=tenant, starts_at=starts_at)
    draft = SessionFactory(tenant=tenant, starts_at=starts_at, status=SessionStatus.DRAFT)
    early = starts_at - timedelta(days=15)
    reminded = _booked(published, confirmed_at=early, slot_index=0)
    _booked(draft, confirmed_at=early, slot_index=0)
    cancelled = _booked(published, confirmed_at=early, slot_index=1)
    cancelled.status = BookingStatus.CANCELLED
    cancelled.slot_index = None
    cancelled.save()
    BookingFactory(
        session=published, status=BookingStatus.WAITING, slot_index=None, confirmed_at=None
    )

    with at(starts_at - timedelta(hours=20)):
        sweep()

    assert [m.to for m in mail.outbox] == [[reminded.person.email]]


def test_each_tenant_sets_its_own_offsets(tenant, other_tenant, starts_at):
    tenant.reminder_days = [3]
    tenant.save(update_fields=["reminder_days"])
    early = starts_at - timedelta(days=15)
    ours = _booked(SessionFactory(tenant=tenant, starts_at=starts_at), confirmed_at=early)
    theirs = _booked(SessionFactory(tenant=other_tenant, starts_at=starts_at), confirmed_at=early)

    for days in (7, 3, 1):
        with at(starts_at - timedelta(days=days) + timedelta(minutes=5)):
            sweep()

    assert _kinds(ours) == ["reminder_3d"]
    assert _kinds(theirs) == ["reminder_1d", "reminder_7d"]


# Hosts' digest --------------------------------------------------------------------------------


@pytest.fixture
def five_pm():
    """Today at 17:00 in Paris, when the beat sends the digests."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(17, 0)))


def _session_on(tenant, day, **kwargs):
    start = timezone.make_aware(datetime.combine(day, time(14, 0)))
    return SessionFactory(
        tenant=tenant, starts_at=start, ends_at=start + timedelta(hours=3, minutes=30), **kwargs
    )


def test_each_host_gets_tomorrows_registrants_once(tenant, other_tenant, host, five_pm):
    tomorrow = timezone.localdate(five_pm) + timedelta(days=1)
    session = _session_on(tenant, tomorrow)
    co_host = staff_member(tenant, Role.HOST, email="cpam@example.org")
    session.hosts.add(host, co_host)
    alice = BookingFactory(
        session=session,
        slot_index=0,
        topics=["legal_status"],
        questions="SEL ou SCM pour démarrer ?",
        person__first_name="Alice",
        person__last_name="Martin",
    )
    BookingFactory(
        session=session, slot_index=3, person__first_name="Bruno", person__last_name="Petit"
    )
    BookingFactory(
        session=session, status=BookingStatus.WAITING, slot_index=None, confirmed_at=None
    )
    # Not tomorrow, or not held: no digest for them.
    _session_on(tenant, tomorrow + timedelta(days=2)).hosts.add(host)
    _session_on(tenant, tomorrow, status=SessionStatus.CANCELLED).hosts.add(host)
    other_host = staff_member(other_tenant, Role.HOST, email="hote64@example.org")
    _session_on(other_tenant, tomorrow).hosts.add(other_host)

    with at(five_pm):
        assert send_host_digests() == 3
        assert send_host_digests() == 0
    # Relayed at the real time: the rows were recorded then (after 17:00 a relay "at 17:00"
    # found them not yet due, and the test failed every evening).
    outbox.relay()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "cpam@example.org",
        "host@example.org",
        "hote64@example.org",
    ]
    [digest] = [m for m in mail.outbox if m.to == [host.email]]
    assert "2 personnes inscrites" in digest.subject
    assert "14:00–14:30 : Alice Martin" in digest.body
    assert "15:30–16:00 : Bruno Petit" in digest.body
    assert "Statut juridique et mode d'exercice" in digest.body
    assert "SEL ou SCM pour démarrer ?" in digest.body
    assert "1 personne est sur la liste d'attente." in digest.body
    assert alice.person.email not in digest.body  # hosts get what they need, not contact details
    rows = OutboxMessage.objects.filter(key__startswith=f"{emails.HOST_DIGEST}:{session.pk}:")
    assert sorted(rows.values_list("recipients", flat=True)) == ["cpam@example.org", host.email]


def test_beat_schedules_the_sweeps():
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    reminders = schedule["permanences.tasks.send_due_reminders"]
    digests = schedule["permanences.tasks.send_host_digests"]
    assert reminders.minute == {0, 15, 30, 45}
    assert (digests.hour, digests.minute) == ({17}, {0})
    assert {"permanences.tasks.send_due_reminders", "permanences.tasks.send_host_digests"} <= set(
        app.tasks
    )
