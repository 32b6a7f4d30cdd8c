"""The session lock and the booking's read under it (permanences.locking): on PostgreSQL one
query of three statements, which must keep what three separate ones gave. The read seeing
every booking committed before the lock is test_concurrency's: 50 people at once, never more
than 7 confirmed."""

import threading

import pytest
from django.core.checks import run_checks
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from accounts.tenancy import scoped_tenant_id
from permanences import locking, services
from permanences.checks import binding_errors
from permanences.models import Booking, BookingStatus, Session
from permanences.services import BookingError
from tests.accounts.factories import ready_person
from tests.permanences.factories import BookingFactory, SessionFactory


@pytest.mark.django_db
def test_the_read_under_the_lock_names_each_active_booking(tenant):
    session = SessionFactory(tenant=tenant)
    confirmed = BookingFactory(session=session, status=BookingStatus.CONFIRMED, slot_index=3)
    waiting = BookingFactory(session=session, status=BookingStatus.WAITING, slot_index=None)
    BookingFactory(session=session, status=BookingStatus.CANCELLED, slot_index=None)
    with scope(tenant=tenant), transaction.atomic():
        locked, rows = locking.lock(session.pk, read_bookings=True)
    assert (locked.pk, locked.seats, locked.starts_at) == (
        session.pk,
        session.seats,
        session.starts_at,
    )
    assert sorted(rows) == sorted(
        [
            (confirmed.person_id, BookingStatus.CONFIRMED, 3),
            (waiting.person_id, BookingStatus.WAITING, None),
        ]
    )


@pytest.mark.django_db
def test_another_tenants_session_is_not_found_under_the_scope(tenant, other_tenant):
    theirs = SessionFactory(tenant=other_tenant)
    with scope(tenant=tenant), transaction.atomic(), pytest.raises(Session.DoesNotExist):
        locking.lock(theirs.pk, read_bookings=True)
    with scope(tenant=other_tenant), transaction.atomic():
        assert locking.lock(theirs.pk)[0].pk == theirs.pk


def test_the_scope_gives_the_tenant_to_filter_on(db, tenant):
    with scope(tenant=tenant):
        assert scoped_tenant_id() == tenant.pk
    with scopes_disabled():
        assert scoped_tenant_id() is None  # no filter, as the scoped managers
    with scope(), pytest.raises(ScopeError):
        scoped_tenant_id()


@pytest.fixture
def short_lock_timeout(monkeypatch):
    """The statements are built once per process: build them again with the short timeout,
    and again after it, so that no other test gets it."""
    monkeypatch.setattr(locking, "LOCK_TIMEOUT", "200ms")
    locking._statements.cache_clear()
    yield
    monkeypatch.undo()
    locking._statements.cache_clear()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_lock_held_past_the_timeout_asks_to_try_again_and_writes_nothing(short_lock_timeout):
    """Another transaction holds the session (a slow move, say): the booking gives up after
    lock_timeout with the "busy" message, which the one-query form must still raise."""
    session = SessionFactory()
    person = ready_person()
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with scope(tenant=session.tenant), transaction.atomic():
                services.lock_session(session.pk)
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(timeout=30)
        with pytest.raises(BookingError) as refused:
            services.book_session(session_id=session.pk, person=person)
        assert refused.value.code == "busy"
    finally:
        release.set()
        holder.join(timeout=30)
    assert not Booking.objects.filter(session=session).exists()
    # Released, the same person books at once.
    assert services.book_session(session_id=session.pk, person=person).status == "confirmed"


def test_server_side_binding_is_refused_before_any_booking_fails():
    """One query of three statements needs client-side binding: a deployment that turns
    psycopg's server-side binding on is stopped by the checks, not by every booking."""
    postgresql = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}}
    assert binding_errors(postgresql) == []
    postgresql["OPTIONS"]["server_side_binding"] = True
    assert [error.id for error in binding_errors(postgresql)] == ["permanences.E001"]
    assert "permanences.E001" not in [error.id for error in run_checks()]  # these settings
