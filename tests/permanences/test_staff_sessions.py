"""Staff create, edit, publish and cancel sessions; the list filters and counts them."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.models import Departement
from permanences.models import Booking, BookingStatus, Session, SessionKind, SessionStatus
from tests.accounts.factories import staff_member
from tests.permanences.factories import BookingFactory, SessionFactory, fill_session

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _url(name, tenant, pk=None):
    kwargs = {"tenant_slug": tenant.slug} | ({"pk": pk} if pk else {})
    return reverse(f"permanences:{name}", kwargs=kwargs)


def _form_data(**overrides):
    day = timezone.localdate() + timedelta(days=30)
    data = {
        "kind": SessionKind.INTERVIEW,
        "title": "",
        "departement": Departement.objects.get(insee_code="91").pk,
        "day": day.isoformat(),
        "start_time": "14:00",
        "end_time": "17:30",
        "mode": "video",
        "place": "",
        "video_link": "https://visio.example.org/91",
        "capacity": "7",
        "slot_minutes": "30",
        "registration_opens_at": "",
        "registration_closes_at": "",
    }
    data.update(overrides)
    return data


def _edit_data(session, **overrides):
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    data = _form_data(
        kind=session.kind,
        departement=session.departement_id,
        day=starts.date().isoformat(),
        start_time=f"{starts:%H:%M}",
        end_time=f"{ends:%H:%M}",
        mode=session.mode,
        place=session.place,
        video_link=session.video_link,
        capacity=str(session.capacity),
        slot_minutes=str(session.slot_minutes or ""),
    )
    data.update(overrides)
    return data


# Creating


def test_create_makes_a_draft_at_paris_time_with_its_hosts(client, tenant, host, logged_manager):
    response = client.post(_url("staff_session_create", tenant), _form_data(hosts=[host.pk]))

    session = Session.objects.get(tenant=tenant)
    assert response.status_code == 302
    assert response.url == _url("host_session", tenant, session.pk)
    assert session.status == SessionStatus.DRAFT
    day = timezone.localdate() + timedelta(days=30)
    assert session.starts_at == datetime.combine(day, time(14, 0), tzinfo=PARIS)
    assert session.slot_count == 7
    assert list(session.hosts.all()) == [host]


def test_capacity_8_on_an_interview_session_is_refused_with_the_french_message(
    client, tenant, logged_manager
):
    data = _form_data(capacity="8", start_time="09:00", end_time="17:00")  # slots for 16
    response = client.post(_url("staff_session_create", tenant), data)

    assert response.status_code == 200
    assert "accueille au plus 7 personnes" in response.content.decode()
    assert not Session.objects.exists()
    assert response.context["form"]["day"].value() == data["day"]  # what was typed is kept


def test_raising_an_existing_session_to_8_is_refused_too(client, tenant, logged_manager):
    session = SessionFactory(tenant=tenant)
    session.ends_at = session.starts_at + timedelta(hours=6)  # slots for 12: only the 7 limit
    session.save()
    response = client.post(
        _url("staff_session_edit", tenant, session.pk), _edit_data(session, capacity="8")
    )
    assert response.status_code == 200
    assert "accueille au plus 7 personnes" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 7


def test_an_information_session_may_take_more_than_7(client, tenant, logged_manager):
    data = _form_data(kind=SessionKind.INFORMATION, capacity="60", slot_minutes="", faculty="UPEC")
    assert client.post(_url("staff_session_create", tenant), data).status_code == 302
    session = Session.objects.get()
    assert (session.capacity, session.slot_minutes, session.faculty) == (60, None, "UPEC")


def test_an_information_session_names_its_faculty_and_a_permanence_none(
    client, tenant, logged_manager
):
    """The steering committee counts information sessions per faculty and month."""
    data = _form_data(kind=SessionKind.INFORMATION, capacity="60", slot_minutes="")
    response = client.post(_url("staff_session_create", tenant), data)
    assert response.status_code == 200
    assert "Indiquez la faculté" in response.content.decode()
    assert (
        client.post(_url("staff_session_create", tenant), _form_data(faculty="UPEC")).status_code
        == 302
    )
    assert Session.objects.get().faculty == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slot_minutes": "25"}, "supérieure ou égale à 30"),
        ({"slot_minutes": "50"}, "inférieure ou égale à 45"),
        ({"slot_minutes": ""}, "créneaux de 30 à 45 minutes"),
        ({"end_time": "16:00"}, "La durée ne permet que 4 créneaux de 30 minutes pour 7 places"),
        ({"end_time": "13:00"}, "La fin doit être après le début"),
        ({"capacity": "0"}, "supérieure ou égale à 1"),
    ],
)
def test_bad_sessions_are_refused_with_a_message(
    client, tenant, logged_manager, overrides, message
):
    response = client.post(_url("staff_session_create", tenant), _form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists()


def test_hosts_are_offered_among_the_tenants_hosts_and_case_managers_only(
    client, tenant, host, steering, other_tenant, logged_manager
):
    stranger = staff_member(other_tenant, Role.HOST, email="hote64@example.org")
    form = client.get(_url("staff_session_create", tenant)).context["form"]
    offered = set(form.fields["hosts"].queryset)
    assert offered == {host, logged_manager}
    response = client.post(_url("staff_session_create", tenant), _form_data(hosts=[stranger.pk]))
    assert response.status_code == 200
    assert not Session.objects.exists()


# Publishing and editing


def test_publishing_a_draft_opens_it(client, tenant, logged_manager):
    draft = SessionFactory(tenant=tenant, status=SessionStatus.DRAFT)
    client.post(_url("staff_session_publish", tenant, draft.pk))
    draft.refresh_from_db()
    assert draft.status == SessionStatus.PUBLISHED
    assert draft.registration_is_open()


def test_a_past_draft_cannot_be_published(client, tenant, logged_manager):
    starts_at = timezone.now() - timedelta(days=2)
    draft = SessionFactory(
        tenant=tenant,
        status=SessionStatus.DRAFT,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=4),
    )
    response = client.post(_url("staff_session_publish", tenant, draft.pk), follow=True)
    draft.refresh_from_db()
    assert draft.status == SessionStatus.DRAFT
    assert "déjà eu lieu" in response.content.decode()


def test_moving_a_published_session_tells_every_registrant(client, tenant, logged_manager):
    session = SessionFactory(tenant=tenant)
    confirmed = BookingFactory(session=session, slot_index=0)
    starts = timezone.localtime(session.starts_at)
    new_day = (starts + timedelta(days=7)).date()
    response = client.post(
        _url("staff_session_edit", tenant, session.pk),
        _edit_data(session, day=new_day.isoformat()),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    confirmed.refresh_from_db()
    assert timezone.localtime(session.starts_at).date() == new_day
    assert session.revision == 1  # services.session_changed ran: calendars update
    assert confirmed.sequence == 1


def test_editing_only_the_title_does_not_notify(client, tenant, logged_manager):
    session = SessionFactory(tenant=tenant)
    booking = BookingFactory(session=session, slot_index=0)
    client.post(
        _url("staff_session_edit", tenant, session.pk), _edit_data(session, title="Essonne")
    )
    session.refresh_from_db()
    booking.refresh_from_db()
    assert session.title == "Essonne"
    assert (session.revision, booking.sequence) == (0, 0)


def test_raising_the_capacity_promotes_people_waiting(client, tenant, logged_manager):
    session = SessionFactory(tenant=tenant, capacity=5)
    fill_session(session)
    waiting = [
        BookingFactory(session=session, status=BookingStatus.WAITING, slot_index=None)
        for _ in range(3)
    ]
    response = client.post(
        _url("staff_session_edit", tenant, session.pk), _edit_data(session, capacity="7")
    )
    assert response.status_code == 302
    statuses = {b.pk: b.status for b in Booking.objects.filter(session=session)}
    assert [statuses[b.pk] for b in waiting] == ["confirmed", "confirmed", "waiting"]
    assert Booking.objects.filter(session=session, status="confirmed").count() == 7


def test_lowering_the_capacity_under_the_confirmed_count_is_refused(client, tenant, logged_manager):
    session = SessionFactory(tenant=tenant)
    fill_session(session, 6)
    response = client.post(
        _url("staff_session_edit", tenant, session.pk), _edit_data(session, capacity="4")
    )
    assert response.status_code == 200
    assert "6 personnes ont déjà une place confirmée" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 7


def test_shortening_a_session_under_a_taken_slot_is_refused(client, tenant, logged_manager):
    session = SessionFactory(tenant=tenant, capacity=3)
    BookingFactory(session=session, slot_index=6)  # the 17:00 slot (local start 14:00 or 15:00)
    ends = timezone.localtime(session.starts_at) + timedelta(hours=2)
    response = client.post(
        _url("staff_session_edit", tenant, session.pk),
        _edit_data(session, end_time=f"{ends:%H:%M}"),
    )
    assert response.status_code == 200
    assert "créneaux qui disparaîtraient" in response.content.decode()


# Cancelling


def test_cancelling_a_session_needs_a_reason_and_cancels_every_booking(
    client, tenant, logged_manager
):
    session = SessionFactory(tenant=tenant)
    fill_session(session, 3)
    url = _url("staff_session_cancel", tenant, session.pk)

    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED

    client.post(url, {"reason": "Hôte malade"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.cancel_reason == "Hôte malade"
    assert set(Booking.objects.filter(session=session).values_list("status", flat=True)) == {
        "cancelled"
    }


# The list


def test_list_filters_by_departement_and_status_and_counts(client, tenant, logged_manager):
    essonne = SessionFactory(tenant=tenant, title="Essonne 1")
    fill_session(essonne, 4)
    BookingFactory(session=essonne, status=BookingStatus.WAITING, slot_index=None)
    SessionFactory(
        tenant=tenant, title="Val-de-Marne 1", departement=Departement.objects.get(insee_code="94")
    )
    SessionFactory(tenant=tenant, title="Essonne brouillon", status=SessionStatus.DRAFT)
    url = _url("staff_session_list", tenant)

    content = client.get(url).content.decode()
    assert "Essonne 1" in content and "Val-de-Marne 1" in content
    assert "4 sur 7" in content

    response = client.get(url, {"departement": "91"})
    content = response.content.decode()
    assert "Val-de-Marne 1" not in content and "Essonne 1" in content
    assert '<option value="91" selected>' in content

    page = client.get(url, {"status": "draft"}).context["page"]
    assert [s.title for s in page.object_list] == ["Essonne brouillon"]
    listed = client.get(url).context["page"].object_list
    counted = {s.title: (s.confirmed_count, s.waiting_count) for s in listed}
    assert counted["Essonne 1"] == (4, 1)


def test_list_separates_past_and_upcoming(client, tenant, logged_manager):
    starts_at = timezone.now() - timedelta(days=3)
    SessionFactory(
        tenant=tenant, title="Passée", starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )
    SessionFactory(tenant=tenant, title="À venir")
    url = _url("staff_session_list", tenant)
    assert [s.title for s in client.get(url).context["page"].object_list] == ["À venir"]
    assert [s.title for s in client.get(url, {"when": "past"}).context["page"].object_list] == [
        "Passée"
    ]


def test_list_shows_only_the_tenants_sessions(client, tenant, other_tenant, logged_manager):
    SessionFactory(tenant=tenant, title="Chez nous")
    SessionFactory(tenant=other_tenant, title="Chez eux")
    content = client.get(_url("staff_session_list", tenant)).content.decode()
    assert "Chez nous" in content
    assert "Chez eux" not in content
