"""However many people book at once, a session never confirms more than its seats.

Each thread has its own PostgreSQL connection; a barrier releases them together so that the
requests really collide. The control variant takes the lock out and pauses between count and
insert, as a racy implementation would: the same assertions then catch the overbooking, which
shows the test can fail.
"""

import threading
import time

import pytest
from django.db import connection
from django_scopes import scope

from permanences import locking, services
from permanences.models import Booking, BookingStatus, Session, SessionKind
from permanences.models.bookings import ACTIVE_STATUSES
from permanences.services import BookingError
from tests.accounts.factories import complete_profile, ready_person
from tests.permanences.factories import SessionFactory, fill_session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 50


def _run_together(actions):
    """Run callables in threads released at once; return their results or exceptions."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def worker(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # collected and asserted on by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _book(session_id, person, tries=5):
    """One person booking; on a machine loaded enough for the row lock to wait past its
    timeout they are told to try again in a moment, and do, as the page asks them to."""

    def action():
        session = Session.objects.with_scopes_disabled().get(pk=session_id)
        with scope(tenant=session.tenant):
            for attempt in range(1, tries + 1):
                try:
                    return services.book_session(session_id=session.pk, person=person)
                except BookingError as error:
                    if error.code != "busy" or attempt == tries:
                        raise

    return action


def _assert_never_overbooked(session, total):
    bookings = list(Booking.objects.filter(session=session).order_by("created_at", "id"))
    confirmed = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
    waiting = [b for b in bookings if b.status == BookingStatus.WAITING]
    assert len(confirmed) == session.seats == 7
    assert len(waiting) == total - 7
    if session.has_slots:
        assert sorted(b.slot_index for b in confirmed) == list(range(7))
    # Arrival order: the first seven to reach the locked row got the places, the others queue
    # behind them in the order they arrived, with positions 1, 2, 3…
    assert max(b.created_at for b in confirmed) <= min(b.created_at for b in waiting)
    assert [b.waiting_position() for b in waiting] == list(range(1, total - 6))
    assert len({b.person_id for b in bookings}) == total


@pytest.mark.parametrize("kind", [SessionKind.INTERVIEW, SessionKind.INFORMATION])
def test_fifty_simultaneous_bookings_confirm_exactly_seven(kind):
    session = SessionFactory(kind=kind, slot_minutes=30 if kind == SessionKind.INTERVIEW else None)
    people = [ready_person() for _ in range(CLIENTS)]
    results = _run_together([_book(session.pk, person) for person in people])
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    _assert_never_overbooked(session, CLIENTS)


def test_cancellations_and_rebookings_at_once_still_find_seven():
    session = SessionFactory()
    holders = [booking.person for booking in fill_session(session)]
    for person in holders:
        complete_profile(person)  # they book again themselves
    waiting = [ready_person() for _ in range(5)]
    for person in waiting:
        services.book_session(session_id=session.pk, person=person)
    newcomers = [ready_person() for _ in range(15)]

    def cancel_then_rebook(person):
        def action():
            with scope(tenant=session.tenant):
                booking = Booking.objects.get(
                    session=session, person=person, status=BookingStatus.CONFIRMED
                )
                services.cancel_booking(booking=booking, acting_user=person)
                return services.book_session(session_id=session.pk, person=person)

        return action

    actions = [cancel_then_rebook(p) for p in holders[:5]] + [
        _book(session.pk, p) for p in newcomers
    ]
    results = _run_together(actions)
    assert [r for r in results if isinstance(r, Exception)] == []
    confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
    assert confirmed.count() == 7
    assert sorted(confirmed.values_list("slot_index", flat=True)) == list(range(7))
    # The five who waited before the rush were promoted first, in their order.
    assert set(confirmed.values_list("person", flat=True)) >= {p.pk for p in waiting}
    active = Booking.objects.filter(session=session).exclude(status=BookingStatus.CANCELLED)
    # Everyone (the 7 first holders, who re-booked, the 5 waiting, the 15 newcomers) holds
    # exactly one active booking.
    assert active.count() == len(set(active.values_list("person", flat=True))) == 7 + 5 + 15


def _unlocked(session_id, *, read_bookings=False):
    """permanences.locking.lock without the lock."""
    session = Session.objects.get(pk=session_id)
    active = Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES).order_by()
    return session, list(active.values_list(*locking.BOOKING_FIELDS)) if read_bookings else None


def test_control_without_the_lock_the_same_test_catches_overbooking(monkeypatch):
    """Take the lock out and pause between counting and inserting: more than 7 get in."""

    real_free_slot = services._free_slot

    def slow_free_slot(*args, **kwargs):
        time.sleep(0.2)  # count done, insert not yet: the window every racy booking has
        return real_free_slot(*args, **kwargs)

    monkeypatch.setattr(locking, "lock", _unlocked)
    monkeypatch.setattr(services, "_free_slot", slow_free_slot)
    session = SessionFactory(kind=SessionKind.INFORMATION, slot_minutes=None)
    people = [ready_person() for _ in range(CLIENTS)]
    _run_together([_book(session.pk, person) for person in people])
    confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
    assert confirmed > 7
    with pytest.raises(AssertionError):
        _assert_never_overbooked(session, CLIENTS)


def test_without_the_lock_slots_still_cannot_be_shared(monkeypatch):
    """Defence in depth on interview sessions: the unique slot constraint refuses what the lock
    would have queued, so the person gets a message, never a shared slot."""
    monkeypatch.setattr(locking, "lock", _unlocked)
    real_free_slot = services._free_slot
    monkeypatch.setattr(
        services, "_free_slot", lambda *a, **k: (time.sleep(0.2), real_free_slot(*a, **k))[1]
    )
    session = SessionFactory()
    results = _run_together([_book(session.pk, p) for p in [ready_person() for _ in range(20)]])
    confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
    assert confirmed.count() <= 7
    assert len(set(confirmed.values_list("slot_index", flat=True))) == confirmed.count()
    assert all(isinstance(r, Booking | BookingError) for r in results)
