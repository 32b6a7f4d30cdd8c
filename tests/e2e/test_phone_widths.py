"""Every page of the intern's and the host's journeys on a 360 × 740 phone: the page is never
wider than the screen (tables become cards, the calendar scrolls inside itself) and axe-core
finds no serious or critical violation.

Filled as in the demo (its tenant, staff, interns with bookings, permanences held and to
come), so that tables, cards and the calendar have content. The widest page and its width are
printed (pytest -s) for the record: 1,045 px before this test existed (the calendar).
"""

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts import demo as accounts_demo
from accounts.models import Membership, Role
from permanences import demo as permanences_demo
from permanences.models import Booking, BookingStatus, Session, SessionStatus
from tests.e2e.axe import axe_results, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
BLOCKING = {"critical", "serious"}
WIDTH = "() => document.documentElement.scrollWidth"
# Controls of the page's content (not the header's and footer's) smaller than 44 × 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main button, main .fr-btn, main .fr-tag, main input[type=submit], main .fr-input,'
    + ' main .fr-select')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
  .map(el => (el.textContent.trim() || el.name || el.className).slice(0, 40))"""


@pytest.fixture
def site():
    with scopes_disabled():
        idf, _pm64 = accounts_demo.seed_tenants()
        accounts_demo.seed_staff(idf)
        interns = [user for user, _label in accounts_demo.seed_interns(idf)]
        permanences_demo.seed_permanences(idf, interns)
        now = timezone.now()
        booked = Booking.objects.filter(
            tenant=idf, status=BookingStatus.CONFIRMED, session__starts_at__gt=now
        ).select_related("person", "session")
        booking = booked.order_by("session__starts_at").first()
        host = Membership.objects.filter(tenant=idf, role=Role.HOST).first().user
        held = Session.objects.filter(
            tenant=idf, hosts=host, status=SessionStatus.HELD, bookings__isnull=False
        )
        return {
            "intern": booking.person,
            "session": booking.session_id,
            "host": host,
            "held": held.order_by("-starts_at").first().pk,
        }


def phone_page(browser, live_server, user):
    """A 360-px phone logged in as `user` (a session cookie: staff would be asked for TOTP);
    the CSP is bypassed to let axe in."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="fr-FR", bypass_csp=True, viewport=PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


INTERN_PAGES = [
    ("home", "/"),
    ("aids catalogue", "/aides/"),
    ("permanences", "/idf/permanences/"),
    ("permanences calendar", "/idf/permanences/?vue=calendrier"),
    ("session page", "/idf/permanences/{session}/"),
    ("my bookings", "/moi/inscriptions/"),
    ("profile", "/moi/profil/"),
    ("profile form", "/moi/profil/modifier/"),
    ("my data", "/moi/mes-donnees/"),
]
HOST_PAGES = [
    ("host home", "/idf/permanences/animation/"),
    ("held session with attendance", "/idf/permanences/animation/{held}/"),
]


def measure(page, live_server, pages, site):
    """(width, axe's blocking violations, targets too small) for each page."""
    found = {}
    for name, path in pages:
        page.goto(live_server.url + path.format(**site))
        page.wait_for_load_state("load")
        width = page.evaluate(WIDTH)
        blocking = [
            describe(v) for v in axe_results(page, page.axe_path) if v["impact"] in BLOCKING
        ]
        found[name] = (width, blocking, page.evaluate(SMALL_TARGETS))
    return found


def test_intern_and_host_pages_fit_a_phone_without_blocking_violation(
    live_server, browser, axe_path, site
):
    found = {}
    for user, pages in ((site["intern"], INTERN_PAGES), (site["host"], HOST_PAGES)):
        page = phone_page(browser, live_server, user)
        page.axe_path = axe_path
        found.update(measure(page, live_server, pages, site))
        page.context.close()
    widest = max(found, key=lambda name: found[name][0])
    print(f"\nwidest page at {PHONE['width']} px: {widest}, {found[widest][0]} px")
    for name, (width, blocking, small) in found.items():
        print(f"  {name}: {width} px, {len(blocking)} blocking violation(s), {len(small)} small")
    too_wide = {name: found[name][0] for name in found if found[name][0] > PHONE["width"]}
    assert too_wide == {}
    assert {name: found[name][1] for name in found if found[name][1]} == {}
    assert {name: found[name][2] for name in found if found[name][2]} == {}
