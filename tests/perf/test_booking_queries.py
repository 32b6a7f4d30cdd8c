"""The booking POST's SQL round trips, counted, so that a regression shows: the middleware
stack reads the person's access flags (staff role, TOTP, verified e-mail) and the tenant in
one query, and the booking transaction is lock, count, insert, with its outbox row."""

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

pytestmark = pytest.mark.django_db

# A trivial authenticated page: the session row, the user row, the access flags.
TRIVIAL_QUERIES = 3
# The same three (the flags read with the tenant of the URL), the session shown, the booking
# gate (the profile, with whether it names a département: one query), then the transaction:
# lock_timeout, lock, count, booking, outbox message.
BOOKING_QUERIES = TRIVIAL_QUERIES + 1 + 1 + 5


def _session(tenant):
    starts_at = (timezone.now() + timedelta(days=10)).replace(hour=13, minute=0, second=0)
    return SessionFactory(
        tenant=tenant, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3, minutes=30)
    )


def _statements(captured):
    """What the server runs, less the test's own transaction (savepoints around each atomic
    block, which in production are the request's BEGIN and COMMIT)."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def _post_booking(client, session):
    path = reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, {"action": "book"})
    assert response.status_code == 302
    return _statements(captured)


@pytest.fixture
def person(client):
    person = UserFactory(email="interne@example.org")
    complete_profile(person)  # the booking gate lets them through (accounts.onboarding)
    client.force_login(person)
    client.get("/moi/qui/")  # the first request after login updates the session
    return person


def test_a_trivial_page_reads_the_session_the_user_and_the_access_flags(client, person):
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


def test_joining_the_waiting_list_costs_one_more_for_the_position_shown(client, tenant, person):
    session = _session(tenant)
    fill_session(session)
    statements = _post_booking(client, session)
    assert len(statements) == BOOKING_QUERIES + 1, "\n".join(statements)
    booking = Booking.objects.get(session=session, person=person)
    assert booking.status == BookingStatus.WAITING


def test_an_unverified_address_is_still_refused(client, tenant):
    person = UserFactory(email="pas-encore@example.org", verified=False)
    complete_profile(person)
    client.force_login(person)
    session = _session(tenant)
    path = reverse("permanences:detail", kwargs={"tenant_slug": tenant.slug, "pk": session.pk})
    response = client.post(path, {"action": "book"})
    assert response.status_code == 200
    assert not Booking.objects.filter(session=session).exists()
