"""The public pages: the sessions list (and its calendar), a département's page, the iCal feed."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Departement
from permanences.models import BookingStatus, SessionKind, SessionStatus
from tests.accounts.factories import UserFactory
from tests.permanences.factories import BookingFactory, SessionFactory, fill_session

pytestmark = pytest.mark.django_db


def _list_url(tenant, **params):
    url = reverse("permanences:list", kwargs={"tenant_slug": tenant.slug})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def _in_days(days, hour=13):
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def _session(tenant, days=10, **kwargs):
    starts_at = _in_days(days)
    return SessionFactory(
        tenant=tenant,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3, minutes=30),
        **kwargs,
    )


def test_list_shows_seats_left_and_full_sessions(client, tenant):
    three_left = _session(tenant, days=5)
    fill_session(three_left, 4)
    full = _session(tenant, days=6)
    fill_session(full)

    response = client.get(_list_url(tenant))

    assert response.status_code == 200
    html = response.content.decode()
    assert "3 places sur 7" in html
    assert "Complet — liste d&#x27;attente" in html or "Complet — liste d'attente" in html
    assert reverse("permanences:detail", kwargs={"tenant_slug": "idf", "pk": full.pk}) in html


def test_list_shows_only_published_upcoming_sessions_of_the_tenant(client, tenant, other_tenant):
    shown = _session(tenant, days=5, title="Visible")
    _session(tenant, days=6, title="Brouillon caché", status=SessionStatus.DRAFT)
    _session(tenant, days=7, title="Annulée cachée", status=SessionStatus.CANCELLED)
    _session(tenant, days=-3, title="Passée cachée")
    _session(other_tenant, days=5, title="Autre espace caché")

    response = client.get(_list_url(tenant))

    html = response.content.decode()
    assert "Visible" in html
    assert "caché" not in html
    assert [s.pk for s in response.context["sessions"]] == [shown.pk]


def test_list_needs_one_query_for_the_sessions_whatever_their_number(
    client, tenant, django_assert_max_num_queries
):
    for days in (3, 4):
        fill_session(_session(tenant, days=days), 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_list_url(tenant))
    for days in range(5, 15):
        fill_session(_session(tenant, days=days), 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_list_url(tenant))
    assert len(response.context["sessions"]) == 12


def test_list_filters_by_departement_kind_and_month(client, tenant):
    essonne, paris = (Departement.objects.get(insee_code=code) for code in ("91", "75"))
    tenant.departements.set([essonne, paris])
    in_essonne = _session(tenant, days=5, departement=essonne)
    in_paris = _session(tenant, days=6, departement=paris)
    information = _session(
        tenant, days=7, departement=paris, kind=SessionKind.INFORMATION, slot_minutes=None
    )
    far = _session(tenant, days=70, departement=paris)

    def shown(**params):
        return {s.pk for s in client.get(_list_url(tenant, **params)).context["sessions"]}

    assert shown(departement="91") == {in_essonne.pk}
    assert shown(kind="information") == {information.pk}
    assert shown(departement="75") == {in_paris.pk, information.pk, far.pk}
    # 65 days apart: never the same month.
    assert shown(mois=timezone.localtime(far.starts_at).strftime("%Y-%m")) == {far.pk}


def test_the_departement_filter_speaks_insee_codes_not_internal_ids(client, tenant):
    essonne, paris = (Departement.objects.get(insee_code=code) for code in ("91", "75"))
    tenant.departements.set([essonne, paris])
    in_essonne = _session(tenant, days=5, departement=essonne)
    _session(tenant, days=6, departement=paris)

    page = client.get(_list_url(tenant, departement="91"))

    assert {s.pk for s in page.context["sessions"]} == {in_essonne.pk}
    assert '<option value="91" selected>' in page.content.decode()
    # An old link with the internal id is ignored: every session is listed.
    old = client.get(_list_url(tenant, departement=str(essonne.pk)))
    assert len(old.context["sessions"]) == 2


def test_departement_filter_offers_only_the_tenant_departements(client, tenant):
    tenant.departements.set(Departement.objects.filter(insee_code__in=["91", "77"]))
    field = client.get(_list_url(tenant)).context["filter"].form.fields["departement"]
    assert {d.insee_code for d in field.queryset} == {"91", "77"}


def test_calendar_view_is_a_table_of_the_month_with_a_caption(client, tenant):
    session = _session(tenant, days=40)
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")

    response = client.get(_list_url(tenant, vue="calendrier", mois=month))

    html = response.content.decode()
    assert "<caption>" in html and "Calendrier des permanences de" in html
    assert reverse("permanences:detail", kwargs={"tenant_slug": "idf", "pk": session.pk}) in html
    assert "7 places sur 7" in html
    days = [cell["day"] for week in response.context["weeks"] for cell in week]
    assert timezone.localtime(session.starts_at).date() in days


def test_calendar_without_a_month_opens_on_the_next_session(client, tenant):
    session = _session(tenant, days=75)

    response = client.get(_list_url(tenant, vue="calendrier"))

    assert [s.pk for s in response.context["calendar_sessions"]] == [session.pk]
    assert response.context["previous_query"] is not None


def test_list_marks_the_sessions_the_person_booked(client, tenant, intern):
    session = _session(tenant, days=5)
    BookingFactory(session=session, person=intern, slot_index=0)
    client.force_login(intern)
    assert "Vous êtes inscrit(e)" in client.get(_list_url(tenant)).content.decode()


# Département page


def test_departement_page_needs_no_login_and_shows_no_personal_data(client, tenant):
    essonne = Departement.objects.get(insee_code="91")
    session = _session(tenant, days=5, departement=essonne)
    booking = BookingFactory(session=session, slot_index=0)
    _session(tenant, days=6, departement=Departement.objects.get(insee_code="75"))

    response = client.get(
        reverse("permanences:departement", kwargs={"tenant_slug": "idf", "insee_code": "91"})
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "6 places sur 7" in html
    assert [s.pk for s in response.context["sessions"]] == [session.pk]
    assert booking.person.email not in html
    assert session.video_link not in html


def test_departement_page_of_a_departement_the_tenant_does_not_cover_is_404(client, tenant):
    tenant.departements.set(Departement.objects.filter(insee_code="91"))
    url = reverse("permanences:departement", kwargs={"tenant_slug": "idf", "insee_code": "64"})
    assert client.get(url).status_code == 404


# iCal feed


def test_feed_parses_and_lists_published_sessions_without_personal_data(
    client, tenant, other_tenant
):
    in_person = _session(tenant, days=5, mode="in_person", place="Maison de santé, Évry")
    video = _session(tenant, days=6, mode="video", place="")
    booking = BookingFactory(session=video, slot_index=0)
    _session(tenant, days=7, status=SessionStatus.DRAFT)
    _session(tenant, days=-2)
    _session(other_tenant, days=5)

    response = client.get(reverse("permanences:feed", kwargs={"tenant_slug": "idf"}))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    feed = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    assert set(events) == {
        f"session-{in_person.pk}@cap-installation",
        f"session-{video.pk}@cap-installation",
    }
    event = events[f"session-{in_person.pk}@cap-installation"]
    assert event.decoded("DTSTART") == in_person.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == in_person.ends_at
    assert str(event["LOCATION"]) == "Maison de santé, Évry"
    assert str(events[f"session-{video.pk}@cap-installation"]["LOCATION"]) == "Visioconférence"
    raw = response.content.decode()
    assert video.video_link not in raw
    assert booking.person.email not in raw
    assert booking.person.last_name not in raw


def test_feed_uid_is_stable(client, tenant):
    session = _session(tenant, days=5)
    url = reverse("permanences:feed", kwargs={"tenant_slug": "idf"})
    first = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    BookingFactory(session=session, person=UserFactory(), slot_index=0)
    second = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    assert first["UID"] == second["UID"] == f"session-{session.pk}@cap-installation"


def test_list_counts_only_confirmed_people_as_taking_seats(client, tenant):
    session = _session(tenant, days=5)
    fill_session(session, 2)
    BookingFactory(session=session, status=BookingStatus.CANCELLED, slot_index=None)
    assert "5 places sur 7" in client.get(_list_url(tenant)).content.decode()
