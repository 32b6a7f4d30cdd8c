"""The host's view of a session: registrants, attendance, private notes, marking it held."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Departement
from permanences.models import Attendance, Booking, BookingStatus, SessionStatus, Topic
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db
SECRET_NOTE = "Note interne : dossier CESP à vérifier"


def _url(name, session):
    return reverse(
        f"permanences:{name}", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


@pytest.fixture
def session(tenant, host):
    session = SessionFactory(tenant=tenant)
    session.hosts.add(host)
    return session


@pytest.fixture
def past_session(tenant, host):
    starts_at = timezone.now() - timedelta(hours=5)
    session = SessionFactory(
        tenant=tenant, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3, minutes=30)
    )
    session.hosts.add(host)
    return session


def _attendance_data(response, values):
    """The formset's POST data, with (attendance, notes) per booking pk."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()
    }
    for index, form in enumerate(formset.forms):
        attendance, notes = values.get(form.instance.pk, ("", ""))
        data[f"{formset.prefix}-{index}-id"] = form.instance.pk
        data[f"{formset.prefix}-{index}-attendance"] = attendance
        data[f"{formset.prefix}-{index}-staff_notes"] = notes
    return data


def test_registrants_in_slot_order_with_profile_topics_questions_and_waiting_list(
    client, session, host
):
    late = UserFactory(first_name="Zoé", last_name="Tardive")
    early = UserFactory(first_name="Adam", last_name="Matinal")
    ProfileFactory(user=early, phone="06 12 34 56 78")
    BookingFactory(session=session, person=late, slot_index=5, topics=[Topic.TAXES])
    BookingFactory(
        session=session,
        person=early,
        slot_index=0,
        topics=[Topic.AIDS, Topic.MSP],
        questions="Quelles aides en zone d'intervention prioritaire ?",
    )
    waiting = UserFactory(first_name="Wanda", last_name="Attente")
    BookingFactory(session=session, person=waiting, status=BookingStatus.WAITING, slot_index=None)

    client.force_login(host)
    response = client.get(_url("host_session", session))
    content = response.content.decode()

    assert response.status_code == 200
    assert [b.person for b in response.context["confirmed"]] == [early, late]
    assert content.index("Adam Matinal") < content.index("Zoé Tardive")
    start = timezone.localtime(session.starts_at)
    assert f"{start:%H}h{start:%M}" in content  # the first slot's time
    assert "Aides à l&#x27;installation" in content or "Aides à l'installation" in content
    assert "zone d&#x27;intervention prioritaire" in content
    assert "06 12 34 56 78" in content
    assert "Interne" in content  # the profile's status
    assert "Pas encore renseigné" in content  # Zoé has no profile: no error
    assert [b.person for b in response.context["waiting"]] == [waiting]


def test_attendance_and_notes_are_recorded(client, past_session, host):
    present = BookingFactory(session=past_session, slot_index=0)
    absent = BookingFactory(session=past_session, slot_index=1)
    client.force_login(host)
    response = client.get(_url("host_session", past_session))
    data = _attendance_data(
        response,
        {present.pk: (Attendance.PRESENT, SECRET_NOTE), absent.pk: (Attendance.ABSENT, "")},
    )

    response = client.post(_url("host_session", past_session), data)

    assert response.status_code == 302
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.attendance, present.staff_notes) == (Attendance.PRESENT, SECRET_NOTE)
    assert absent.attendance == Attendance.ABSENT


def test_a_forged_booking_of_another_session_is_not_touched(client, tenant, session, host):
    mine = BookingFactory(session=session, slot_index=0)
    elsewhere = BookingFactory(session=SessionFactory(tenant=tenant), slot_index=0)
    client.force_login(host)
    data = _attendance_data(client.get(_url("host_session", session)), {mine.pk: ("present", "")})
    data["presence-0-id"] = elsewhere.pk

    client.post(_url("host_session", session), data)

    elsewhere.refresh_from_db()
    assert elsewhere.attendance == ""
    assert Booking.objects.count() == 2


def test_staff_notes_never_reach_the_persons_pages(client, session):
    booking = BookingFactory(session=session, slot_index=0, staff_notes=SECRET_NOTE)
    client.force_login(booking.person)
    pages = [
        reverse(
            "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
        ),
        reverse("my_bookings:list"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert SECRET_NOTE not in response.content.decode(), page


def test_marking_a_started_session_held_sends_the_questionnaires(
    client, past_session, host, mailoutbox, django_capture_on_commit_callbacks
):
    present = BookingFactory(session=past_session, slot_index=0, attendance=Attendance.PRESENT)
    BookingFactory(session=past_session, slot_index=1, attendance=Attendance.ABSENT)
    client.force_login(host)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("host_session_held", past_session))

    past_session.refresh_from_db()
    assert past_session.status == SessionStatus.HELD
    assert [m.to for m in mailoutbox] == [[present.person.email]]
    assert mailoutbox[0].subject.startswith("Votre avis sur la permanence")


def test_a_future_session_cannot_be_marked_held(client, session, host):
    client.force_login(host)
    response = client.post(_url("host_session_held", session), follow=True)
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED
    assert "publiée et commencée" in response.content.decode()


def test_the_host_view_needs_no_query_per_registrant(
    client, session, host, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(host)
    BookingFactory(session=session, slot_index=0, booked_by=host)
    with CaptureQueriesContext(connection) as one:
        client.get(_url("host_session", session))
    for index in range(1, 7):
        person = UserFactory()
        ProfileFactory(user=person)
        BookingFactory(session=session, person=person, slot_index=index, booked_by=host)
    BookingFactory(session=session, status=BookingStatus.WAITING, slot_index=None)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(_url("host_session", session))


def test_attendance_is_refused_before_the_session_starts(client, session, host):
    booking = BookingFactory(session=session, slot_index=0)
    client.force_login(host)
    data = _attendance_data(
        client.get(_url("host_session", session)), {booking.pk: (Attendance.PRESENT, SECRET_NOTE)}
    )

    response = client.post(_url("host_session", session), data)

    assert response.status_code == 200
    assert "La permanence n&#x27;a pas encore commencé" in response.content.decode()
    booking.refresh_from_db()
    assert (booking.attendance, booking.staff_notes) == ("", "")


def test_notes_may_be_written_before_the_session(client, session, host):
    booking = BookingFactory(session=session, slot_index=0)
    client.force_login(host)
    data = _attendance_data(
        client.get(_url("host_session", session)), {booking.pk: ("", SECRET_NOTE)}
    )

    assert client.post(_url("host_session", session), data).status_code == 302
    booking.refresh_from_db()
    assert booking.staff_notes == SECRET_NOTE


def test_a_host_reaches_every_session_held_in_their_departement(client, tenant, host):
    """A colleague hosted it and nobody was marked yet: the host of the département still
    finds it on their home and records its attendance; another département's stays closed."""
    SessionFactory(tenant=tenant).hosts.add(host)  # the host works in 91
    starts_at = timezone.now() - timedelta(days=2)
    held = SessionFactory(
        tenant=tenant, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
        status=SessionStatus.HELD,
    )  # fmt: skip
    held.hosts.add(UserFactory())
    booking = BookingFactory(session=held, slot_index=0)
    elsewhere = SessionFactory(
        tenant=tenant, departement=Departement.objects.get(insee_code="94"),
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), status=SessionStatus.HELD,
    )  # fmt: skip
    client.force_login(host)

    home = client.get(reverse("permanences:host_home", kwargs={"tenant_slug": tenant.slug}))
    assert _url("host_session", held) in home.content.decode()
    assert _url("host_session", elsewhere) not in home.content.decode()
    response = client.get(_url("host_session", held))
    assert response.status_code == 200
    data = _attendance_data(response, {booking.pk: (Attendance.PRESENT, "")})
    assert client.post(_url("host_session", held), data).status_code == 302
    booking.refresh_from_db()
    assert booking.attendance == Attendance.PRESENT
    assert client.get(_url("host_session", elsewhere)).status_code == 403
