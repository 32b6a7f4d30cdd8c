"""A real Celery worker on Redis sends the confirmation of a booking, with its invitation, once."""

import time

import pytest
from django.core import mail
from django_scopes import scope

from core.tasks import relay_outbox
from permanences import services
from permanences.models import BookingStatus
from tests.accounts.factories import complete_profile
from tests.celery_helpers import wait_for
from tests.outbox_helpers import booking_messages
from tests.permanences.factories import SessionFactory
from tests.permanences.test_ics import single_event

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_booking_through_the_service_mails_one_confirmation(tenant, intern, real_worker):
    session = SessionFactory(tenant=tenant)
    complete_profile(intern)

    with scope(tenant=tenant):
        booking = services.book_session(session_id=session.pk, person=intern)
    assert booking.status == BookingStatus.CONFIRMED
    # More relays than messages (a duplicate delivery, the beat's turn) must not mail twice.
    relay_outbox.delay()
    relay_outbox.delay()

    assert wait_for(lambda: len(mail.outbox) >= 1), "the worker sent nothing"
    time.sleep(1)  # give the other relays time to run

    [message] = mail.outbox
    assert message.to == [intern.email]
    method, _, event = single_event(message)
    assert method == "REQUEST"
    assert str(event["UID"]) == f"booking-{booking.uid}@cap-installation.fr"
    assert event.decoded("DTSTART") == booking.slot_bounds()[0]
    assert booking_messages(booking, "confirmed").get().status == "sent"
