"""What staff do to permanences is in the tenant's audit trail: bookings on someone's behalf,
moves, cancellations, session changes, attendance, registrant lists downloaded. Each entry
names its tenant and the objects concerned, and keeps no free text."""

import json
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from permanences import audit
from permanences.models import Attendance, BookingStatus, Session
from tests.accounts.factories import ProfileFactory, UserFactory, ready_person
from tests.permanences.factories import BookingFactory, SessionFactory
from tests.permanences.test_staff_host import _attendance_data
from tests.permanences.test_staff_sessions import _edit_data, _form_data

pytestmark = pytest.mark.django_db


def _url(name, obj):
    return reverse(f"permanences:{name}", kwargs={"tenant_slug": obj.tenant.slug, "pk": obj.pk})


def _entry(event):
    return LogEntry.objects.get(additional_data__event=event)


@pytest.fixture
def session(tenant):
    return SessionFactory(tenant=tenant)


def test_booking_on_behalf_names_the_session_the_booking_and_the_person(
    client, session, logged_manager, tenant
):
    person = UserFactory()
    ProfileFactory(user=person, followed_tenant=tenant, share_consent_at=timezone.now())
    client.post(_url("staff_book", session), {"email": person.email, "questions": "Mes secrets"})

    entry = _entry(audit.BOOKED_ON_BEHALF)
    booking = session.bookings.get()
    assert entry.actor == logged_manager
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "event": audit.BOOKED_ON_BEHALF,
        "session": session.pk,
        "booking": booking.pk,
        "person": person.pk,
        "status": BookingStatus.CONFIRMED,
    }
    assert person.email not in json.dumps(entry.additional_data)
    assert "Mes secrets" not in entry.object_repr


def test_a_person_booking_themselves_is_not_a_staff_event(session):
    from permanences import services

    services.book_session(session_id=session.pk, person=ready_person())
    assert not LogEntry.objects.filter(additional_data__event=audit.BOOKED_ON_BEHALF).exists()


def test_staff_cancel_and_move_are_audited_once_each(client, tenant, session, logged_manager):
    cancelled = BookingFactory(session=session, slot_index=0)
    moved = BookingFactory(session=session, slot_index=1)
    target = SessionFactory(tenant=tenant, starts_at=session.starts_at + timedelta(days=7))
    target.ends_at = target.starts_at + timedelta(hours=3, minutes=30)
    target.save()

    client.post(_url("staff_booking_cancel", cancelled), {"reason": "A prévenu par téléphone"})
    client.post(_url("staff_booking_move", moved), {"to_session": target.pk})

    cancel = _entry(audit.BOOKING_CANCELLED)
    assert cancel.additional_data["booking"] == cancelled.pk
    assert "A prévenu" not in json.dumps(cancel.additional_data)
    move = _entry(audit.BOOKING_MOVED)
    assert move.additional_data["tenant"] == tenant.pk
    assert move.additional_data["session"] == target.pk
    assert move.additional_data["from_session"] == session.pk
    assert move.additional_data["from_booking"] == moved.pk
    # A move is one event, not a booking on behalf and a cancellation besides.
    assert LogEntry.objects.filter(additional_data__event=audit.BOOKING_CANCELLED).count() == 1
    assert not LogEntry.objects.filter(additional_data__event=audit.BOOKED_ON_BEHALF).exists()


def test_session_create_change_publish_cancel_are_audited(client, tenant, logged_manager):
    client.post(reverse("permanences:staff_session_create", kwargs={"tenant_slug": tenant.slug}),
                _form_data())  # fmt: skip
    created = _entry(audit.SESSION_CREATED)
    session = Session.objects.get(pk=created.additional_data["session"])
    assert created.additional_data["tenant"] == tenant.pk
    client.post(_url("staff_session_publish", session))
    new_day = (timezone.localtime(session.starts_at) + timedelta(days=7)).date()
    client.post(_url("staff_session_edit", session), _edit_data(session, day=new_day.isoformat()))
    client.post(_url("staff_session_cancel", session), {"reason": "Grève"})

    for event in (audit.SESSION_PUBLISHED, audit.SESSION_CHANGED, audit.SESSION_CANCELLED):
        entry = _entry(event)
        assert (entry.additional_data["tenant"], entry.additional_data["session"]) == (
            tenant.pk,
            session.pk,
        )
        assert entry.actor == logged_manager
    changed = _entry(audit.SESSION_CHANGED).additional_data
    assert changed["fields"] == ["day"] and changed["notified"] is True
    assert "Grève" not in json.dumps(_entry(audit.SESSION_CANCELLED).additional_data)


def test_attendance_and_held_are_audited_without_the_notes(client, tenant, host):
    starts_at = timezone.now() - timedelta(hours=5)
    session = SessionFactory(tenant=tenant, starts_at=starts_at,
                             ends_at=starts_at + timedelta(hours=3))  # fmt: skip
    session.hosts.add(host)
    present, untouched = (BookingFactory(session=session, slot_index=i) for i in (0, 1))
    client.force_login(host)
    page = client.get(_url("host_session", session))
    client.post(
        _url("host_session", session),
        _attendance_data(page, {present.pk: (Attendance.PRESENT, "Dossier CESP à vérifier")}),
    )
    client.post(_url("host_session_held", session))

    entry = _entry(audit.ATTENDANCE)  # one entry: the untouched row changed nothing
    assert entry.actor == host
    assert entry.additional_data["booking"] == present.pk
    assert entry.additional_data["person"] == present.person_id
    assert entry.additional_data["attendance"] == ["", Attendance.PRESENT]
    assert entry.additional_data["notes_changed"] is True
    assert "CESP" not in json.dumps(entry.additional_data)
    assert _entry(audit.SESSION_HELD).additional_data["session"] == session.pk


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_every_registrant_list_download_is_audited(client, tenant, session, case_manager, fmt):
    BookingFactory(session=session, slot_index=0)
    BookingFactory(session=session, status=BookingStatus.WAITING, slot_index=None)
    client.force_login(case_manager)
    assert client.get(_url(f"host_export_{fmt}", session)).status_code == 200
    entry = _entry(audit.REGISTRANTS_EXPORT)
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "event": audit.REGISTRANTS_EXPORT,
        "session": session.pk,
        "format": fmt,
        "count": 2,
    }


def test_a_refused_booking_leaves_no_entry(client, session, logged_manager, tenant):
    session.status = "cancelled"
    session.save()
    person = UserFactory()
    ProfileFactory(user=person, followed_tenant=tenant, share_consent_at=timezone.now())
    client.post(_url("staff_book", session), {"email": person.email})
    assert not LogEntry.objects.filter(additional_data__event=audit.BOOKED_ON_BEHALF).exists()


def test_the_book_on_behalf_profile_view_is_a_profile_read(client, session, logged_manager, tenant):
    person = UserFactory()
    profile = ProfileFactory(user=person, followed_tenant=tenant, share_consent_at=timezone.now())
    client.post(_url("staff_book", session), {"step": "lookup", "email": person.email})
    entry = _entry("profile_read")
    assert entry.actor == logged_manager
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "event": "profile_read",
        "person": person.pk,
        "via": "booking",
        "session": session.pk,
    }
    assert entry.object_id == profile.pk
