"""A real Celery worker on Redis sends the confirmation of a booking, with its invitation, once."""

import time

import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from permanences import services
from permanences.models import BookingStatus, Notification
from permanences.tasks import send_booking_notification
from tests.celery_helpers import wait_for
from tests.permanences.factories import SessionFactory
from tests.permanences.test_ics import single_event

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_booking_through_the_service_mails_one_confirmation(tenant, intern, real_worker):
    session = SessionFactory(tenant=tenant)

    with scope(tenant=tenant):
        booking = services.book_session(session=session, person=intern)
    assert booking.status == BookingStatus.CONFIRMED
    # A duplicate delivery of the same task must not mail twice.
    send_booking_notification.delay(booking.pk, "confirmed")

    assert wait_for(lambda: len(mail.outbox) >= 1), "the worker sent nothing"
    time.sleep(1)  # give the duplicate time to run

    [message] = mail.outbox
    assert message.to == [intern.email]
    method, _, event = single_event(message)
    assert method == "REQUEST"
    assert str(event["UID"]) == f"booking-{booking.uid}@cap-installation.fr"
    assert event.decoded("DTSTART") == booking.slot_bounds()[0]
    with scopes_disabled():
        assert Notification.objects.filter(booking=booking, kind="confirmed").count() == 1
