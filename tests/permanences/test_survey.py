"""The satisfaction questionnaire: sent to attendees once, answered once from a signed link."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import outbox
from permanences import session_services
from permanences.models import Attendance, SatisfactionResponse, SessionStatus
from permanences.notifications import survey_token
from tests.outbox_helpers import booking_messages
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "overall": "4",
    "usefulness": "5",
    "would_recommend": "oui",
    "intends_to_settle": "non",
    "horizon": "12m",
    "comment": "Très clair sur les aides de la CPAM.",
}


def _held_session(tenant):
    start = timezone.now() - timedelta(days=2)
    return SessionFactory(
        tenant=tenant,
        starts_at=start,
        ends_at=start + timedelta(hours=3, minutes=30),
        status=SessionStatus.HELD,
    )


@pytest.fixture
def session(tenant):
    return _held_session(tenant)


@pytest.fixture
def attendee(session):
    return BookingFactory(session=session, slot_index=0, attendance=Attendance.PRESENT)


def send_questionnaires(session):
    """The questionnaires a held session records, relayed as after the commit."""
    recorded = session_services.send_questionnaires(session=session)
    outbox.relay()
    return recorded


def _url(booking, slug=None, token=None):
    return reverse(
        "permanences:survey",
        kwargs={
            "tenant_slug": slug or booking.session.tenant.slug,
            "token": token or survey_token(booking),
        },
    )


def test_only_attendees_marked_present_get_the_questionnaire_once(session, attendee):
    BookingFactory(session=session, slot_index=1, attendance=Attendance.ABSENT)
    BookingFactory(session=session, slot_index=2, attendance=Attendance.EXCUSED)
    BookingFactory(session=session, slot_index=3)  # attendance not recorded

    assert send_questionnaires(session) == 1
    assert send_questionnaires(session) == 0

    [message] = mail.outbox
    assert message.to == [attendee.person.email]
    assert message.subject.startswith("Votre avis sur la permanence")
    assert booking_messages(attendee, "questionnaire").count() == 1


def test_a_session_not_held_sends_no_questionnaire(tenant):
    session = SessionFactory(tenant=tenant)  # published, upcoming
    BookingFactory(session=session, slot_index=0, attendance=Attendance.PRESENT)

    assert send_questionnaires(session) == 0
    assert mail.outbox == []


def test_the_emailed_link_works_once_without_login(client, session, attendee):
    send_questionnaires(session)
    [link] = re.findall(r"https?://\S+/questionnaire/\S+/", mail.outbox[0].body)
    path = link.split("://", 1)[1].split("/", 1)[1]
    url = "/" + path

    response = client.get(url)
    assert response.status_code == 200
    assert "Votre avis sur la permanence" in response.content.decode()

    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    assert response.url == reverse(
        "permanences:survey_thanks",
        kwargs={"tenant_slug": session.tenant.slug, "token": url.rstrip("/").rsplit("/", 1)[1]},
    )
    thanks = client.get(response.url)
    assert "Merci pour vos réponses" in thanks.content.decode()

    answer = SatisfactionResponse.objects.get(booking=attendee)
    assert (answer.overall, answer.usefulness) == (4, 5)
    assert answer.would_recommend is True
    assert answer.intends_to_settle is False
    assert answer.horizon == "12m"
    assert answer.comment == ANSWERS["comment"]
    assert answer.tenant_id == session.tenant_id

    # A second use of the link says so and changes nothing.
    again = client.get(url)
    assert again.status_code == 200
    assert "Vous avez déjà répondu à ce questionnaire" in again.content.decode()
    again = client.post(url, {**ANSWERS, "overall": "1"})
    assert "Vous avez déjà répondu à ce questionnaire" in again.content.decode()
    assert SatisfactionResponse.objects.get(booking=attendee).overall == 4


def test_a_form_with_errors_keeps_what_was_typed(client, attendee):
    response = client.post(_url(attendee), {**ANSWERS, "overall": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Le formulaire contient des erreurs" in page
    assert ANSWERS["comment"] in page
    assert re.search(r'value="12m"[^>]*checked', page)
    assert not SatisfactionResponse.objects.exists()


@pytest.mark.parametrize("token", ["not-a-token", "tampered"])
def test_a_tampered_link_is_refused_in_french(client, attendee, token):
    if token == "tampered":
        good = survey_token(attendee)
        token = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")

    for response in (
        client.get(_url(attendee, token=token)),
        client.post(_url(attendee, token=token), ANSWERS),
    ):
        assert response.status_code == 400
        assert "Ce lien est incomplet ou a été modifié" in response.content.decode()
    assert not SatisfactionResponse.objects.exists()


def test_a_link_past_60_days_has_expired(client, attendee):
    url = _url(attendee)
    later = time.time() + timedelta(days=61).total_seconds()

    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(url)

    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()


def test_a_link_opened_under_another_tenants_address_is_404(client, other_tenant, attendee):
    url = _url(attendee, slug=other_tenant.slug)

    assert client.get(url).status_code == 404
    assert client.post(url, ANSWERS).status_code == 404
    assert not SatisfactionResponse.objects.exists()


def test_another_tenants_booking_is_not_found_here(client, tenant, other_tenant):
    theirs = BookingFactory(
        session=_held_session(other_tenant), slot_index=0, attendance=Attendance.PRESENT
    )
    assert client.get(_url(theirs, slug=tenant.slug)).status_code == 404
    assert client.get(_url(theirs)).status_code == 200


def test_a_link_for_someone_no_longer_marked_present_is_withdrawn(client, attendee):
    attendee.attendance = Attendance.ABSENT
    attendee.save(update_fields=["attendance"])

    response = client.post(_url(attendee), ANSWERS)

    assert response.status_code == 404
    assert "n'est plus proposé" in response.content.decode()
    assert not SatisfactionResponse.objects.exists()


def test_the_thanks_page_needs_an_answer(client, attendee):
    url = reverse(
        "permanences:survey_thanks",
        kwargs={"tenant_slug": attendee.session.tenant.slug, "token": survey_token(attendee)},
    )
    assert client.get(url).url == _url(attendee)


@pytest.mark.parametrize("who", ["anonymous", "intern", "tenant_admin", "other_admin"])
def test_access_matrix_the_link_is_the_key(client, request, attendee, who):
    """No login: whoever holds the link answers (it was sent to the attendee alone)."""
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(_url(attendee))
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("max-age=0")
    assert 'name="robots" content="noindex, nofollow"' in response.content.decode()
