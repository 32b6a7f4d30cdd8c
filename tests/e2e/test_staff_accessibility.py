"""axe-core finds no WCAG violation on the tenant's journal (with its lines, and with filter
errors) and on booking on someone's behalf (an unknown address with the offer to invite it, then
a person found); on a 360-pixel phone the journal scrolls its table, never the page."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from permanences import audit as permanences_audit
from tests.accounts.factories import ProfileFactory, TenantFactory, UserFactory, staff_member
from tests.e2e.axe import violations
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff_page(browser, live_server, user, width=1280):
    """A browser logged in as a staff member (who has TOTP) through a session made here."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        locale="fr-FR", bypass_csp=True, viewport={"width": width, "height": 800}
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def tenant():
    return TenantFactory(slug="idf", name="Île-de-France")


def test_the_journal_has_no_wcag_violation_and_fits_a_phone(
    live_server,
    browser,
    axe_path,  # noqa: F811  (the fixture imported above)
    tenant,
):
    admin = staff_member(tenant, Role.ADMIN)
    manager = staff_member(tenant, Role.CASE_MANAGER)
    session = SessionFactory(tenant=tenant)
    for _ in range(3):
        booking = BookingFactory(session=session, slot_index=None)
        permanences_audit.log_booking(
            booking, manager, permanences_audit.BOOKED_ON_BEHALF, status=booking.status
        )
    problems = {}
    page = staff_page(browser, live_server, admin)
    page.goto(f"{live_server.url}/idf/administration/journal/")
    page.get_by_role("table").wait_for()
    problems["journal"] = violations(page, axe_path)
    page.get_by_label("Jusqu'au", exact=True).fill("2020-01-01")
    page.get_by_label("À partir du", exact=True).fill("2020-02-01")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    page.locator("#resume-erreurs").wait_for()
    problems["journal with errors"] = violations(page, axe_path)
    assert {name: found for name, found in problems.items() if found} == {}

    phone = staff_page(browser, live_server, admin, width=360)
    phone.goto(f"{live_server.url}/idf/administration/journal/")
    phone.get_by_role("table").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_booking_on_behalf_has_no_wcag_violation(
    live_server,
    browser,
    axe_path,  # noqa: F811  (the fixture imported above)
    tenant,
):
    manager = staff_member(tenant, Role.CASE_MANAGER)
    session = SessionFactory(tenant=tenant)
    person = UserFactory(first_name="Inès", last_name="Roussel")
    ProfileFactory(user=person, followed_tenant=tenant, share_consent_at=timezone.now())
    problems = {}
    page = staff_page(browser, live_server, manager)
    page.goto(f"{live_server.url}/idf/permanences/gestion/{session.pk}/inscrire/")
    page.get_by_label(re.compile("Adresse e-mail de la personne")).fill("inconnu@example.org")
    page.get_by_role("button", name="Rechercher la personne").click()
    page.get_by_role("button", name="Envoyer l'invitation").wait_for()
    problems["unknown address"] = violations(page, axe_path)
    page.get_by_label(re.compile("Adresse e-mail de la personne")).fill(person.email)
    page.get_by_role("button", name="Rechercher la personne").click()
    page.get_by_role("heading", name="Inès Roussel").wait_for()
    problems["person found"] = violations(page, axe_path)
    assert {name: found for name, found in problems.items() if found} == {}
