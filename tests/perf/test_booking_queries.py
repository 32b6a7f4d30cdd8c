"""The booking POST's SQL round trips, counted, so that a regression shows: the person's
access flags (staff role, TOTP, verified e-mail) are kept in their session, the tenant of the
URL is one row, whether the person's profile lets them book comes from the cache once known,
and the booking transaction is lock, count, insert, with its outbox row (the count also gives
the place on the waiting list). Counted on PostgreSQL, where the lock sets its timeout."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMessage
from permanences.models import Booking, BookingStatus
from tests.accounts.factories import UserFactory, complete_profile
from tests.permanences.factories import SessionFactory, fill_session

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# A trivial authenticated page: the session row, the user row (the access flags are kept in
# the session, checked against the user's access_version).
TRIVIAL_QUERIES = 2
# The same two, the tenant of the URL, then the transaction: one query of three statements
# (lock_timeout, the lock, the active bookings: permanences.locking), the booking, its outbox
# message. Nothing is read after the commit.
BOOKING_QUERIES = TRIVIAL_QUERIES + 1 + 3


def _session(tenant):
    starts_at = (timezone.now() + timedelta(days=10)).replace(hour=13, minute=0, second=0)
    return SessionFactory(
        tenant=tenant, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3, minutes=30)
    )


def _statements(captured):
    """What the server runs, less the test's own transaction (savepoints around each atomic
    block, which in production are the request's BEGIN and COMMIT)."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def _path(session):
    return reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


def _post_booking(client, session):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(_path(session), {"action": "book"})
    assert response.status_code == 302
    return _statements(captured)


@pytest.fixture
def person(client):
    person = UserFactory(email="interne@example.org")
    complete_profile(person)  # the booking gate lets them through (accounts.onboarding)
    client.force_login(person)
    client.get("/moi/qui/")  # the first request after login keeps the access flags
    return person


def test_a_trivial_page_reads_the_session_and_the_user(client, person):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/moi/qui/").status_code == 200
    assert len(_statements(captured)) == TRIVIAL_QUERIES


def test_booking_a_place_costs_a_fixed_number_of_queries(client, tenant, person):
    session = _session(tenant)
    statements = _post_booking(client, session)
    assert len(statements) == BOOKING_QUERIES, "\n".join(statements)
    booking = Booking.objects.get(session=session, person=person)
    assert booking.status == BookingStatus.CONFIRMED
    assert OutboxMessage.objects.filter(key__contains=f":{booking.pk}:confirmed").exists()


def test_joining_the_waiting_list_costs_the_same_and_tells_the_position(client, tenant, person):
    session = _session(tenant)
    fill_session(session)
    others = [UserFactory() for _ in range(2)]
    for other in others:
        Booking.objects.create(
            tenant=tenant, session=session, person=other, status=BookingStatus.WAITING
        )
    statements = _post_booking(client, session)
    assert len(statements) == BOOKING_QUERIES, "\n".join(statements)
    booking = Booking.objects.get(session=session, person=person)
    assert booking.status == BookingStatus.WAITING
    assert booking.waiting_position() == 3  # read again from the database
    page = client.get(_path(session))
    assert "en position 3" in page.text


def test_an_unverified_address_is_still_refused(client, tenant):
    person = UserFactory(email="pas-encore@example.org", verified=False)
    complete_profile(person)
    client.force_login(person)
    session = _session(tenant)
    path = reverse("permanences:detail", kwargs={"tenant_slug": tenant.slug, "pk": session.pk})
    response = client.post(path, {"action": "book"})
    assert response.status_code == 200
    assert not Booking.objects.filter(session=session).exists()
