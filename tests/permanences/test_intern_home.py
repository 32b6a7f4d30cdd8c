"""The intern's landing (/moi/permanences/), the one-tap "Réserver", and the confirmation's
calendar links."""

import re
from datetime import UTC, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from permanences import ics
from permanences.models import Booking, BookingStatus, SessionStatus
from tests.accounts.factories import UserFactory, complete_profile
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

LANDING = reverse("intern_home")


def _detail(session):
    return reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


def _in(tenant, code, days, **kwargs):
    from core.models import Departement

    starts_at = (timezone.now() + timedelta(days=days)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    return SessionFactory(
        tenant=tenant,
        departement=Departement.objects.get(insee_code=code),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3, minutes=30),
        **kwargs,
    )


@pytest.fixture
def ready_intern(client, intern):
    complete_profile(intern, departements=("91", "64"))
    client.force_login(intern)
    return intern


def test_the_landing_lists_the_next_sessions_of_the_departements_in_every_tenant(
    client, tenant, other_tenant, ready_intern
):
    essonne = _in(tenant, "91", 5)
    bearn = _in(other_tenant, "64", 6)
    _in(tenant, "75", 4)  # a département the intern does not consider
    _in(tenant, "91", 3, status=SessionStatus.DRAFT)
    _in(tenant, "91", -2)  # past

    response = client.get(LANDING)

    assert response.status_code == 200
    assert [s.pk for s in response.context["sessions"]] == [essonne.pk, bearn.pk]
    # Each with a one-tap "Réserver": a POST to the session's page (its gate, then the service).
    for session in (essonne, bearn):
        form = re.search(rf'<form method="post"\s+action="{_detail(session)}">', response.text)
        assert form, session
    assert response.text.count('aria-label="Réserver la permanence du') == 2
    assert reverse("my_bookings:list") in response.text
    assert reverse("accounts:profile") in response.text


def test_the_landing_shows_the_next_booking(client, tenant, ready_intern):
    later, sooner = _in(tenant, "91", 20), _in(tenant, "91", 8)
    BookingFactory(session=later, person=ready_intern, slot_index=0)
    BookingFactory(session=sooner, person=ready_intern, slot_index=1)

    response = client.get(LANDING)

    assert response.context["next_booking"].session == sooner
    assert "Voir mon inscription" in response.text


def test_reserver_from_the_landing_books_and_shows_the_confirmation(client, tenant, ready_intern):
    session = _in(tenant, "91", 5)
    response = client.post(_detail(session), {"slot": ""}, follow=True)

    assert response.redirect_chain == [(_detail(session), 302)]
    booking = Booking.objects.get(person=ready_intern)
    assert booking.status == BookingStatus.CONFIRMED
    assert "Votre inscription est confirmée" in response.text
    ics_url = reverse("permanences:booking_ics", kwargs={"tenant_slug": "idf", "pk": session.pk})
    assert ics_url in response.text
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', response.text).group(1)
    query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    start, end = (moment.astimezone(UTC) for moment in booking.slot_bounds())
    assert query["dates"] == [f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"]
    # Confirmed: the video link travels with the event, as in the e-mailed invitation.
    assert session.video_link in query["location"][0]


def test_an_incomplete_profile_reserving_from_the_landing_goes_to_the_step(client, tenant, intern):
    session = _in(tenant, "91", 5)
    client.force_login(intern)
    response = client.post(_detail(session), {"slot": ""})
    assert response["Location"].startswith(reverse("accounts:project"))
    assert not Booking.objects.filter(person=intern).exists()


def test_the_ics_is_the_bookings_invitation(client, tenant, ready_intern):
    session = _in(tenant, "91", 5)
    booking = BookingFactory(session=session, person=ready_intern, slot_index=2)
    url = reverse("permanences:booking_ics", kwargs={"tenant_slug": "idf", "pk": session.pk})

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert f"UID:{ics.booking_uid(booking)}" in body
    start = booking.slot_bounds()[0].astimezone(UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in body


def test_the_ics_needs_ones_own_confirmed_booking(client, tenant, ready_intern):
    session = _in(tenant, "91", 5)
    BookingFactory(session=session, slot_index=0)  # someone else's
    url = reverse("permanences:booking_ics", kwargs={"tenant_slug": "idf", "pk": session.pk})
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_the_home_page_links_to_the_permanences(client, tenant):
    html = client.get(reverse("home")).text
    assert f'href="{reverse("account_signup")}?next={LANDING}"' in html
    client.force_login(UserFactory())
    html = client.get(reverse("home")).text
    assert f'<a href="{LANDING}">Réservez une permanence' in html


def test_the_tenant_home_links_to_its_permanences(client, tenant):
    html = client.get(reverse("tenant_home", kwargs={"tenant_slug": "idf"})).text
    assert reverse("permanences:list", kwargs={"tenant_slug": "idf"}) in html


def test_an_incomplete_profile_is_sent_from_the_landing_to_the_step_and_back(client, intern):
    client.force_login(intern)
    response = client.get(LANDING)
    assert response["Location"] == f"{reverse('accounts:project')}?next=%2Fmoi%2Fpermanences%2F"
