"""Booking oneself asks for the short "Votre projet" step and the terms in force: the session
page sends an incomplete profile to the step and back, keeping what was chosen."""

import re

import pytest
from django.urls import reverse

from accounts.models import Profile
from core.models import Departement
from permanences.models import Booking, BookingStatus, Topic
from tests.accounts.factories import complete_profile
from tests.permanences.factories import SessionFactory

pytestmark = pytest.mark.django_db

PROJECT = reverse("accounts:project")


def _detail(session):
    return reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


@pytest.fixture
def session(tenant):
    return SessionFactory(tenant=tenant)


@pytest.fixture
def logged_intern(client, intern):
    client.force_login(intern)
    return intern


def _choice():
    return {"slot": "3", "topics": [Topic.PLACE], "questions": "Quel statut pour remplacer ?"}


def _project_step(client, next_url):
    essonne = Departement.objects.get(insee_code="91")
    data = {
        "status": "externe",
        "specialty": "medecine_generale",
        "departements_considered": [essonne.pk],
        "rpps": "",
        "phone": "06 12 34 56 78",
        "terms": "on",
        "next": next_url,
    }
    return client.post(PROJECT, data)


def test_an_empty_profile_is_refused_and_sent_to_the_step_back_to_the_session(
    client, session, logged_intern
):
    response = client.post(_detail(session), _choice())
    assert response.status_code == 302
    assert response["Location"] == f"{PROJECT}?next=%2Fidf%2Fpermanences%2F{session.pk}%2F"
    assert not Booking.objects.filter(person=logged_intern).exists()


def test_terms_of_an_older_version_are_refused(client, session, logged_intern, settings):
    complete_profile(logged_intern)
    settings.TERMS_VERSION = "2099-01"
    response = client.post(_detail(session), _choice())
    assert response.status_code == 302
    assert response["Location"].startswith(PROJECT)
    assert not Booking.objects.filter(person=logged_intern).exists()


def test_a_profile_missing_its_phone_is_refused(client, session, logged_intern):
    complete_profile(logged_intern, phone="")
    response = client.post(_detail(session), _choice())
    assert response["Location"].startswith(PROJECT)
    assert not Booking.objects.filter(person=logged_intern).exists()


def test_after_the_step_the_choice_is_back_and_the_booking_goes_through(
    client, session, logged_intern
):
    detail = _detail(session)
    client.post(detail, _choice())
    response = _project_step(client, detail)
    assert response["Location"] == detail

    # Back on the session's page: the slot, topics and questions chosen are there again.
    page = client.get(detail)
    form = page.context["form"]
    assert form.initial["slot"] == "3"
    assert form.initial["topics"] == [Topic.PLACE]
    assert form.initial["questions"] == "Quel statut pour remplacer ?"
    checked = [tag for tag in re.findall(r"<input[^>]*>", page.text) if " checked" in tag]
    assert any('name="slot"' in tag and 'value="3"' in tag for tag in checked)
    assert any('name="topics"' in tag and f'value="{Topic.PLACE}"' in tag for tag in checked)
    # Only once: a later visit shows the default choice.
    assert client.get(detail).context["form"].initial["slot"] == ""

    response = client.post(detail, _choice())
    assert response["Location"] == detail
    booking = Booking.objects.get(person=logged_intern)
    assert (booking.status, booking.slot_index) == (BookingStatus.CONFIRMED, 3)
    assert booking.questions == "Quel statut pour remplacer ?"


def test_a_complete_profile_books_at_once(client, session, logged_intern):
    complete_profile(logged_intern)
    response = client.post(_detail(session), {"slot": ""})
    assert response["Location"] == _detail(session)
    assert Booking.objects.get(person=logged_intern).status == BookingStatus.CONFIRMED


def test_the_gate_does_not_hide_another_tenants_session(client, other_tenant, logged_intern):
    # An incomplete profile still gets the 404 of a session of another tenant, not the step.
    foreign = SessionFactory(tenant=other_tenant)
    url = reverse("permanences:detail", kwargs={"tenant_slug": "idf", "pk": foreign.pk})
    assert client.post(url, {"slot": ""}).status_code == 404
    assert not Profile.objects.filter(user=logged_intern, terms_version__gt="").exists()
