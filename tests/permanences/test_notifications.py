"""Booking e-mails: what they say, that each goes out once, and that stale ones are dropped."""

from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.models import OutboxStatus
from permanences import services
from permanences.models import Booking, BookingStatus, SessionMode, SessionStatus
from tests.accounts.factories import UserFactory, complete_profile, ready_person
from tests.outbox_helpers import booking_messages, deliver
from tests.permanences.factories import BookingFactory, SessionFactory, fill_session
from tests.permanences.test_ics import ics_parts

pytestmark = pytest.mark.django_db

MY_BOOKINGS = "http://testserver.example/moi/inscriptions/"


@pytest.fixture(autouse=True)
def _portal_base_url(settings):
    settings.SITE_URL = "http://testserver.example"


@pytest.fixture
def session(tenant):
    return SessionFactory(tenant=tenant, mode=SessionMode.BOTH)


@pytest.fixture
def smtp_down_once(monkeypatch):
    """The mail server refuses the first message, then accepts (as after an outage)."""
    original = locmem.EmailBackend.send_messages
    failures = []

    def send_messages(backend, messages):
        if not failures:
            failures.append(messages)
            raise SMTPException("421 Service not available")
        return original(backend, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    return failures


def test_the_confirmation_says_when_where_and_how_to_cancel(
    session, intern, django_capture_on_commit_callbacks
):
    complete_profile(intern)
    intern.first_name = "Léa"
    intern.save(update_fields=["first_name"])
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_session(
            session_id=session.pk,
            person=intern,
            slot_index=1,
            topics=["aids", "msp"],
            questions="Quelles aides en zone d'intervention prioritaire ?",
        )

    [message] = mail.outbox
    assert message.to == [intern.email]
    assert message.reply_to == [session.tenant.contact_email]
    assert message.subject.startswith("Inscription confirmée")
    # The slot is shown in Paris time (the factory's session starts at 13:00 UTC).
    start, end = (timezone.localtime(moment) for moment in booking.slot_bounds())
    assert start.hour in (14, 15)
    assert f"Votre entretien : de {start:%H:%M} à {end:%H:%M}" in message.body
    assert "Bonjour Léa," in message.body
    assert session.place in message.body
    assert session.video_link in message.body
    assert "Aides à l'installation" in message.body
    assert "Quelles aides en zone d'intervention prioritaire ?" in message.body
    assert MY_BOOKINGS in message.body
    assert [method for method, _ in ics_parts(message)] == ["REQUEST"]
    [row] = booking_messages(booking)
    assert (row.kind, row.status, row.recipients) == ("permanences.booking", "sent", intern.email)
    assert row.payload == {"booking": booking.pk, "kind": "confirmed"}


def test_the_same_notification_twice_sends_one_email(session):
    booking = BookingFactory(session=session, slot_index=0)

    assert deliver(booking, "confirmed")["sent"] == 1
    assert deliver(booking, "confirmed")["sent"] == 0

    assert len(mail.outbox) == 1
    assert booking_messages(booking, "confirmed").count() == 1


def test_the_waiting_list_gets_its_position_and_no_video_link(session):
    fill_session(session)
    first = BookingFactory(
        session=session, status=BookingStatus.WAITING, slot_index=None, confirmed_at=None
    )
    second = BookingFactory(
        session=session, status=BookingStatus.WAITING, slot_index=None, confirmed_at=None
    )

    deliver(first, "waitlisted")
    deliver(second, "waitlisted")

    first_mail, second_mail = mail.outbox
    assert "première personne en attente" in first_mail.body
    assert "position dans la liste d'attente : 2" in second_mail.body
    for message in mail.outbox:
        assert session.video_link not in message.body
        assert ics_parts(message) == []
        assert MY_BOOKINGS in message.body


def test_the_promoted_person_can_release_the_place_from_the_email(
    session, django_capture_on_commit_callbacks
):
    first, *_ = fill_session(session)
    waiting = BookingFactory(
        session=session, status=BookingStatus.WAITING, slot_index=None, confirmed_at=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=first, acting_user=first.person)

    [promoted] = [m for m in mail.outbox if m.to == [waiting.person.email]]
    assert promoted.subject.startswith("Une place s'est libérée")
    assert "un clic" in promoted.body
    assert MY_BOOKINGS in promoted.body
    assert session.video_link in promoted.body


def test_a_confirmation_for_a_booking_cancelled_since_is_dropped(session, intern):
    booking = BookingFactory(session=session, person=intern, slot_index=0)
    booking.status = BookingStatus.CANCELLED
    booking.slot_index = None
    booking.save()

    assert deliver(booking, "confirmed")["dropped"] == 1

    assert mail.outbox == []
    assert booking_messages(booking).get().status == OutboxStatus.DROPPED


def test_only_the_latest_session_change_is_sent(session, tenant_admin):
    booking = BookingFactory(session=session, slot_index=0)
    session.revision = 2
    session.save(update_fields=["revision"])

    assert deliver(booking, "session_changed_1")["dropped"] == 1
    assert deliver(booking, "session_changed_2")["sent"] == 1

    [message] = mail.outbox
    assert message.subject.startswith("Changement")
    assert [method for method, _ in ics_parts(message)] == ["REQUEST"]


def test_a_staff_cancellation_gives_the_reason(
    session, tenant_admin, django_capture_on_commit_callbacks
):
    booking = BookingFactory(session=session, slot_index=0)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(
            booking=booking, acting_user=tenant_admin, reason="Doublon avec votre autre inscription"
        )

    [message] = mail.outbox
    assert "Motif indiqué par l'équipe : Doublon avec votre autre inscription" in message.body
    assert [method for method, _ in ics_parts(message)] == ["CANCEL"]


def test_a_cancelled_session_tells_everyone_with_the_reason(
    session, tenant_admin, django_capture_on_commit_callbacks
):
    confirmed = BookingFactory(session=session, slot_index=0)
    cancelled_before = BookingFactory(session=session, slot_index=1)
    cancelled_before.status = BookingStatus.CANCELLED
    cancelled_before.slot_index = None
    cancelled_before.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(
            session=session, acting_user=tenant_admin, reason="Indisponibilité des hôtes"
        )

    [message] = mail.outbox
    assert message.to == [confirmed.person.email]
    assert message.subject.startswith("Permanence du")
    assert "Motif : Indisponibilité des hôtes" in message.body


def test_the_video_link_stays_out_of_an_in_person_session_email(tenant, intern):
    session = SessionFactory(tenant=tenant, mode=SessionMode.IN_PERSON)
    booking = BookingFactory(session=session, person=intern, slot_index=0)

    deliver(booking, "confirmed")

    [message] = mail.outbox
    assert session.place in message.body
    assert "Visioconférence" not in message.body


def test_an_smtp_failure_is_retried_later_and_sends_once(session, smtp_down_once):
    booking = BookingFactory(session=session, slot_index=0)

    assert deliver(booking, "confirmed")["retried"] == 1
    [row] = booking_messages(booking)
    assert row.status == OutboxStatus.PENDING and "421" in row.last_error
    assert mail.outbox == []

    # The relay's next turn, once the retry delay has passed, sends it; later turns do not.
    later = row.next_attempt_at
    assert outbox.relay(now=later)["sent"] == 1
    assert outbox.relay(now=later)["sent"] == 0
    assert len(mail.outbox) == 1


def test_a_booking_succeeds_while_the_mail_server_is_down_and_is_mailed_once(
    session, smtp_down_once, django_capture_on_commit_callbacks
):
    person = ready_person()
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_session(session_id=session.pk, person=person)

    assert booking.status == BookingStatus.CONFIRMED
    assert len(smtp_down_once) == 1, "the first attempt must have failed"
    assert mail.outbox == []
    outbox.relay(now=booking_messages(booking).get().next_attempt_at)
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert booking_messages(booking).count() == 1


def test_an_unknown_kind_is_a_bug_not_a_silent_drop(session):
    booking = BookingFactory(session=session, slot_index=0)
    with pytest.raises(ValueError):
        deliver(booking, "confirmed_twice")


def test_a_deleted_booking_sends_nothing(session):
    booking = BookingFactory(session=session, slot_index=0)
    deleted = Booking(pk=booking.pk)
    booking.delete()

    assert deliver(deleted, "confirmed")["dropped"] == 1
    assert mail.outbox == []


def test_a_draft_session_booking_gets_no_confirmation(tenant):
    session = SessionFactory(tenant=tenant, status=SessionStatus.DRAFT)
    booking = BookingFactory(session=session, slot_index=0)

    assert deliver(booking, "confirmed")["dropped"] == 1


def test_on_the_embedded_default_a_mail_failure_does_not_break_the_booking_page(
    client, session, smtp_down_once, django_capture_on_commit_callbacks
):
    """Without Redis, tasks run in the request: the booking is committed before the mail is
    tried, and a failing mail server is logged, not shown as an error page."""
    person = UserFactory()
    complete_profile(person)
    client.force_login(person)
    url = reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {})
    assert response.status_code == 302
    assert Booking.objects.filter(session=session, person=person, status="confirmed").exists()
    assert len(smtp_down_once) == 1
