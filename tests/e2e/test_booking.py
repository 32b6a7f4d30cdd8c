"""Booking in a real browser: the last seat, the waiting list, a cancellation, the promotion."""

import re

import pytest

from permanences.models import Booking, BookingStatus
from tests.accounts.factories import (
    DEFAULT_PASSWORD,
    TenantFactory,
    UserFactory,
    complete_profile,
)
from tests.permanences.factories import SessionFactory, fill_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, user, next_path):
    page.goto(f"{base_url}/compte/login/?next={next_path}")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_last_seat_waiting_list_cancel_and_promotion(live_server, browser, page):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    session = SessionFactory(tenant=tenant)
    fill_session(session, 6)
    first = UserFactory(email="premiere@example.org")
    second = UserFactory(email="second@example.org")
    complete_profile(first)
    complete_profile(second)
    detail = f"/idf/permanences/{session.pk}/"

    # The first intern finds the session in the list and takes the last seat.
    log_in(page, live_server.url, first, "/idf/permanences/")
    assert page.get_by_text("1 place sur 7").is_visible()
    page.locator(f"a[href='{detail}']").first.click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert page.get_by_label("Le premier créneau libre").is_checked()
    page.get_by_label("Fiscalité et comptabilité").check()
    page.get_by_label("Vos questions").fill("Quel statut pour un remplaçant ?")
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert page.get_by_text("Votre inscription est confirmée").is_visible()
    assert page.get_by_role("link", name=session.video_link).is_visible()
    assert Booking.objects.get(person=first).status == BookingStatus.CONFIRMED

    # The second intern meets the full session and joins the waiting list.
    second_context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    other = second_context.new_page()
    other.set_default_timeout(15_000)
    try:
        log_in(other, live_server.url, second, detail)
        assert other.get_by_text("Complet — liste d'attente").first.is_visible()
        assert other.get_by_text(session.video_link).count() == 0
        other.get_by_role("button", name="Rejoindre la liste d'attente").click()
        other.wait_for_url(re.compile(re.escape(detail) + "$"))
        assert other.get_by_text("Vous êtes en position 1 sur la liste d'attente.").is_visible()

        # The first cancels: the place goes to the second, who sees it on their bookings.
        # Releasing asks first, on a page of its own (it works without JavaScript).
        page.get_by_role("link", name="Libérer ma place").click()
        page.get_by_role("button", name="Libérer ma place").click()
        page.wait_for_url(re.compile(re.escape(detail) + "$"))
        assert page.get_by_text("Votre place est libérée").is_visible()

        other.goto(f"{live_server.url}/moi/inscriptions/")
        row = other.get_by_role("row").filter(has_text="Essonne")
        assert row.get_by_text("Confirmée").is_visible()
        assert row.get_by_role("link", name=re.compile("^Libérer ma place")).is_visible()
    finally:
        second_context.close()

    promoted = Booking.objects.get(person=second)
    assert promoted.status == BookingStatus.CONFIRMED
    assert Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count() == 7
