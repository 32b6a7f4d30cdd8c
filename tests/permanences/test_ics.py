"""The calendar invitations sent with booking e-mails, parsed back with the icalendar library."""

from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from permanences import services
from permanences.ics import booking_invitation
from permanences.models import BookingStatus, SessionMode
from tests.accounts.factories import UserFactory, complete_profile
from tests.permanences.factories import BookingFactory, SessionFactory, fill_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _intern_may_book(intern):
    complete_profile(intern)  # the service refuses an incomplete profile (accounts.onboarding)


def ics_parts(message):
    """The text/calendar attachments of an e-mail, as (method parameter, parsed Calendar)."""
    parts = []
    for attachment in message.attachments:
        if hasattr(attachment, "get_content_type"):  # a MIME part
            if attachment.get_content_type() == "text/calendar":
                parts.append(
                    (
                        attachment.get_param("method"),
                        Calendar.from_ical(attachment.get_payload(decode=True)),
                    )
                )
        elif attachment[2].startswith("text/calendar"):  # (filename, content, mimetype)
            parts.append((None, Calendar.from_ical(attachment[1])))
    return parts


def single_event(message):
    parts = ics_parts(message)
    assert len(parts) == 1, f"expected one invitation, found {len(parts)}"
    method, calendar = parts[0]
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return method, calendar, events[0]


def _mails_to(email):
    return [m for m in mail.outbox if m.to == [email]]


@pytest.fixture
def session(tenant):
    return SessionFactory(tenant=tenant, mode=SessionMode.VIDEO)


def _book(session, person, capture):
    with capture(execute=True):
        return services.book_session(session_id=session.pk, person=person, slot_index=2)


def test_confirmation_invitation_matches_the_booking(
    session, intern, django_capture_on_commit_callbacks
):
    booking = _book(session, intern, django_capture_on_commit_callbacks)
    [message] = _mails_to(intern.email)

    method, calendar, event = single_event(message)
    start, end = booking.slot_bounds()
    assert method == "REQUEST"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["UID"]) == f"booking-{booking.uid}@cap-installation.fr"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == end
    assert end - start == timedelta(minutes=30)
    assert int(event["SEQUENCE"]) == booking.sequence == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ATTENDEE"]).lower() == f"mailto:{intern.email}"
    assert str(event["ORGANIZER"]).lower() == f"mailto:{session.tenant.contact_email}"
    assert session.video_link in str(event["DESCRIPTION"])


def test_cancellation_keeps_the_uid_with_a_higher_sequence(
    session, intern, django_capture_on_commit_callbacks
):
    booking = _book(session, intern, django_capture_on_commit_callbacks)
    _, _, confirmation = single_event(_mails_to(intern.email)[0])

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=booking, acting_user=intern)

    confirmation_mail, cancellation_mail = _mails_to(intern.email)
    method, calendar, cancellation = single_event(cancellation_mail)
    assert method == "CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(cancellation["STATUS"]) == "CANCELLED"
    assert str(cancellation["UID"]) == str(confirmation["UID"])
    assert int(cancellation["SEQUENCE"]) > int(confirmation["SEQUENCE"])
    # A cancelled place no longer carries the video link.
    assert session.video_link not in str(cancellation.get("DESCRIPTION", ""))
    assert session.video_link not in cancellation_mail.body


def test_a_moved_session_updates_the_same_event(
    session, intern, tenant_admin, django_capture_on_commit_callbacks
):
    booking = _book(session, intern, django_capture_on_commit_callbacks)
    _, _, before = single_event(_mails_to(intern.email)[0])

    session.starts_at += timedelta(days=7)
    session.ends_at += timedelta(days=7)
    session.save(update_fields=["starts_at", "ends_at"])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_changed(session=session, acting_user=tenant_admin)

    _, change_mail = _mails_to(intern.email)
    method, _, after = single_event(change_mail)
    booking.refresh_from_db()
    assert method == "REQUEST"
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == booking.slot_bounds()[0]
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + timedelta(days=7)


def test_promotion_sends_an_invitation_and_the_waiting_list_none(
    session, intern, django_capture_on_commit_callbacks
):
    first, *_ = fill_session(session)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.book_session(session_id=session.pk, person=intern)
    assert waiting.status == BookingStatus.WAITING
    [waitlisted_mail] = _mails_to(intern.email)
    assert ics_parts(waitlisted_mail) == []
    assert session.video_link not in waitlisted_mail.body

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=first, acting_user=first.person)

    _, promoted_mail = _mails_to(intern.email)
    method, _, event = single_event(promoted_mail)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED
    assert method == "REQUEST"
    assert str(event["UID"]) == f"booking-{waiting.uid}@cap-installation.fr"
    assert event.decoded("DTSTART") == waiting.slot_bounds()[0]
    assert int(event["SEQUENCE"]) == waiting.sequence == 1
    assert session.video_link in promoted_mail.body


def test_a_cancelled_session_removes_the_event_of_confirmed_people_only(
    session, tenant_admin, django_capture_on_commit_callbacks
):
    fill_session(session, count=session.seats)
    waiting = BookingFactory(
        session=session, status=BookingStatus.WAITING, slot_index=None, confirmed_at=None
    )
    confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED).first()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, acting_user=tenant_admin, reason="Grève")

    assert len(mail.outbox) == session.seats + 1
    method, _, event = single_event(_mails_to(confirmed.person.email)[0])
    assert method == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"booking-{confirmed.uid}@cap-installation.fr"
    [waiting_mail] = _mails_to(waiting.person.email)
    assert ics_parts(waiting_mail) == []
    assert "Grève" in waiting_mail.body


def test_the_video_link_is_only_in_a_confirmed_invitation(session):
    booking = BookingFactory(session=session, slot_index=0, person=UserFactory())
    calendar = Calendar.from_ical(booking_invitation(booking, "REQUEST"))
    [event] = calendar.walk("VEVENT")
    assert session.video_link in str(event["LOCATION"])

    booking.status = BookingStatus.CANCELLED
    booking.slot_index = None
    calendar = Calendar.from_ical(booking_invitation(booking, "CANCEL"))
    [event] = calendar.walk("VEVENT")
    assert session.video_link not in event.to_ical().decode()


def test_a_cancellation_carries_the_interview_slot_times_not_the_sessions(
    session, intern, django_capture_on_commit_callbacks
):
    booking = _book(session, intern, django_capture_on_commit_callbacks)
    slot_start, slot_end = booking.slot_bounds()
    assert (slot_start, slot_end) != (session.starts_at, session.ends_at)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=booking, acting_user=intern)

    _, cancellation_mail = _mails_to(intern.email)
    _, _, event = single_event(cancellation_mail)
    assert event.decoded("DTSTART") == slot_start
    assert event.decoded("DTEND") == slot_end


def test_a_cancelled_session_removes_each_interview_at_its_own_times(
    session, intern, tenant_admin, django_capture_on_commit_callbacks
):
    booking = _book(session, intern, django_capture_on_commit_callbacks)
    slot_start, slot_end = booking.slot_bounds()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, acting_user=tenant_admin, reason="Grève")

    _, cancellation_mail = _mails_to(intern.email)
    method, _, event = single_event(cancellation_mail)
    assert method == "CANCEL"
    assert event.decoded("DTSTART") == slot_start
    assert event.decoded("DTEND") == slot_end
