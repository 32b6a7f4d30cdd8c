"""The central registration desk: staff book on someone's behalf, cancel with a reason, move."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from permanences.models import Booking, BookingStatus, Topic
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.permanences.factories import BookingFactory, SessionFactory, fill_session

pytestmark = pytest.mark.django_db


def _url(name, obj):
    return reverse(f"permanences:{name}", kwargs={"tenant_slug": obj.tenant.slug, "pk": obj.pk})


@pytest.fixture
def session(tenant):
    return SessionFactory(tenant=tenant)


def _confirmed(session):
    return Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)


def known(user, tenant):
    """Someone who shared their profile with the tenant: its staff may book them."""
    ProfileFactory(user=user, followed_tenant=tenant, share_consent_at=timezone.now())
    return user


# Booking on behalf


def test_staff_book_someone_who_phoned_even_when_registration_is_closed(
    client, session, logged_manager
):
    session.registration_closes_at = timezone.now() - timedelta(hours=1)
    session.save()
    # Not verified either.
    caller = known(UserFactory(email="Appel@Example.org", verified=False), session.tenant)

    response = client.post(
        _url("staff_book", session),
        {"email": "appel@example.org", "slot_index": "2", "topics": [Topic.AIDS], "questions": "?"},
    )

    assert response.status_code == 302
    booking = Booking.objects.get(session=session, person=caller)
    assert (booking.status, booking.slot_index) == (BookingStatus.CONFIRMED, 2)
    assert booking.booked_by == logged_manager
    assert booking.topics == [Topic.AIDS]


def test_a_full_session_puts_the_caller_on_the_waiting_list_never_an_eighth_seat(
    client, session, logged_manager
):
    fill_session(session)
    caller = known(UserFactory(), session.tenant)

    response = client.post(_url("staff_book", session), {"email": caller.email}, follow=True)

    assert _confirmed(session).count() == 7
    booking = Booking.objects.get(session=session, person=caller)
    assert booking.status == BookingStatus.WAITING
    assert "liste d&#x27;attente (n° 1)" in response.content.decode()


def test_an_unknown_address_is_refused_and_books_nobody(client, session, logged_manager):
    response = client.post(_url("staff_book", session), {"email": "personne@nulle-part.fr"})
    assert response.status_code == 200
    assert "Aucune personne suivie par l&#x27;espace n&#x27;utilise cette adresse" in (
        response.content.decode()
    )
    assert not Booking.objects.exists()


def test_a_second_booking_shows_the_services_message(client, session, logged_manager):
    booking = BookingFactory(session=session, slot_index=0)
    known(booking.person, session.tenant)
    response = client.post(_url("staff_book", session), {"email": booking.person.email})
    assert response.status_code == 200
    assert "déjà inscrit(e)" in response.content.decode()
    assert Booking.objects.count() == 1


def test_a_cancelled_session_refuses_bookings_with_its_message(client, session, logged_manager):
    session.status = "cancelled"
    session.save()
    person = known(UserFactory(), session.tenant)
    response = client.post(_url("staff_book", session), {"email": person.email})
    assert "Cette permanence a été annulée" in response.content.decode()
    assert not Booking.objects.exists()


# Cancelling


def test_staff_cancel_needs_a_reason_then_promotes_the_first_waiting(
    client, session, logged_manager
):
    taken = fill_session(session)
    first_waiting = BookingFactory(session=session, status=BookingStatus.WAITING, slot_index=None)
    url = _url("staff_booking_cancel", taken[3])

    assert client.post(url, {"reason": ""}).status_code == 200
    taken[3].refresh_from_db()
    assert taken[3].status == BookingStatus.CONFIRMED

    assert client.post(url, {"reason": "A prévenu par téléphone"}).status_code == 302
    taken[3].refresh_from_db()
    first_waiting.refresh_from_db()
    assert taken[3].status == BookingStatus.CANCELLED
    assert taken[3].cancel_reason == "A prévenu par téléphone"
    assert taken[3].cancelled_by == logged_manager
    assert (first_waiting.status, first_waiting.slot_index) == (BookingStatus.CONFIRMED, 3)


def test_a_cancelled_booking_is_not_offered_for_cancelling_again(client, session, logged_manager):
    booking = BookingFactory(session=session, status=BookingStatus.CANCELLED, slot_index=None)
    assert client.get(_url("staff_booking_cancel", booking)).status_code == 404


# Moving


def test_move_books_the_new_session_and_frees_the_old_place(
    client, tenant, session, logged_manager
):
    taken = fill_session(session)
    waiting = BookingFactory(session=session, status=BookingStatus.WAITING, slot_index=None)
    target = SessionFactory(tenant=tenant, starts_at=session.starts_at + timedelta(days=7))
    target.ends_at = target.starts_at + timedelta(hours=3, minutes=30)
    target.save()
    moved = taken[0]

    response = client.post(_url("staff_booking_move", moved), {"to_session": target.pk})

    assert response.status_code == 302
    moved.refresh_from_db()
    waiting.refresh_from_db()
    assert moved.status == BookingStatus.CANCELLED
    new = Booking.objects.get(session=target, person=moved.person)
    assert new.status == BookingStatus.CONFIRMED
    assert waiting.status == BookingStatus.CONFIRMED  # the freed place went to the next in line
    assert _confirmed(session).count() == 7


def test_move_to_another_tenants_session_is_refused(client, session, other_tenant, logged_manager):
    booking = BookingFactory(session=session, slot_index=0)
    theirs = SessionFactory(tenant=other_tenant)
    response = client.post(_url("staff_booking_move", booking), {"to_session": theirs.pk})
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not Booking.objects.filter(session=theirs).exists()


def test_move_offers_only_upcoming_published_sessions_with_their_seats(
    client, tenant, session, logged_manager
):
    booking = BookingFactory(session=session, slot_index=0)
    full = SessionFactory(tenant=tenant, title="Complète")
    fill_session(full)
    SessionFactory(tenant=tenant, status="draft")
    response = client.get(_url("staff_booking_move", booking))
    choices = list(response.context["form"].fields["to_session"].queryset)
    assert choices == [full]
    assert "complète : liste d&#x27;attente" in response.content.decode()
