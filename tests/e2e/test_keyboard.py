"""Keyboard only: a host records attendance, a case manager works the call queue.

No click and no `fill`: the walks move with Tab, follow links and press buttons with Enter or
Space, type into fields, and choose in a radio group with the arrow keys (a radio group's own
keys: Tab enters it on its checked choice and leaves it). At every stop of the Tab key the
focused element must show a focus ring (its outline, or for a DSFR radio the ring its label
draws), and each action must land in the database.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from caseload.models import CampaignTarget, Interaction, TargetStatus
from permanences.models import Attendance, Booking, SessionStatus
from tests.accounts.factories import TenantFactory, UserFactory, staff_member
from tests.caseload.factories import CampaignFactory, CampaignTargetFactory, DossierFactory
from tests.e2e.sessions import log_in_with_a_session
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 150

# The focused element, described, and whether its focus ring is drawn: DSFR outlines links,
# buttons and fields on :focus-visible, and draws a radio's or a checkbox's ring on its
# label's ::before (the input itself is hidden under it).
FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {name: 'body', ring: false};
    const ring = style => style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const label = el.labels && el.labels[0];
    const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 60);
    return {
        name: `${el.tagName.toLowerCase()} "${name}"`,
        ring: ring(getComputedStyle(el)) || Boolean(label && ring(getComputedStyle(label, '::before'))),
    };
}"""


class Walk:
    """Moves the focus with the keyboard only, noting every stop without a visible focus."""

    def __init__(self, page):
        self.page, self.stops, self.unringed = page, 0, []

    def tab_to(self, target):
        """Press Tab until `target` (a locator) has the focus."""
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            self.stops += 1
            focus = self.page.evaluate(FOCUS)
            if not focus["ring"]:
                self.unringed.append(focus["name"])
            if target.evaluate("el => el === document.activeElement"):
                return target
        raise AssertionError(f"{MAX_TABS} presses of Tab never reached {target}")

    def press(self, key, target):
        self.tab_to(target)
        self.page.keyboard.press(key)


def test_a_host_records_attendance_with_the_keyboard_only(live_server, page):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    host = staff_member(tenant, Role.HOST, email="karim@example.org")
    started = timezone.now() - timedelta(hours=1)
    session = SessionFactory(tenant=tenant, starts_at=started, ends_at=started + timedelta(hours=3))
    session.hosts.add(host)
    alice = BookingFactory(
        session=session, slot_index=0, person=UserFactory(first_name="Alice", last_name="Martin")
    )
    bruno = BookingFactory(
        session=session, slot_index=1, person=UserFactory(first_name="Bruno", last_name="Petit")
    )
    log_in_with_a_session(page, live_server.url, host)
    page.goto(f"{live_server.url}/idf/permanences/animation/")
    walk = Walk(page)

    walk.press("Enter", page.locator(f"main a[href$='/animation/{session.pk}/']").first)
    page.get_by_role("heading", name=re.compile("Personnes inscrites")).wait_for()

    # Alice came: into her group (on "Non renseignée"), one step right is "Présent(e)".
    alices = page.get_by_role("group", name="Présence de Alice Martin")
    walk.tab_to(alices.get_by_role("radio", name="Non renseignée"))
    page.keyboard.press("ArrowRight")
    assert alices.get_by_role("radio", name="Présent(e)").is_checked()
    walk.tab_to(page.get_by_label("Notes de l'équipe sur Alice Martin"))
    page.keyboard.type("Projet en MSP à Étampes.")
    # Bruno did not: two steps right, "Absent(e)".
    brunos = page.get_by_role("group", name="Présence de Bruno Petit")
    walk.tab_to(brunos.get_by_role("radio", name="Non renseignée"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert brunos.get_by_role("radio", name="Absent(e)").is_checked()
    walk.press("Enter", page.get_by_role("button", name="Enregistrer les présences et les notes"))
    page.get_by_text("Présences et notes enregistrées.").wait_for()

    walk.press("Space", page.get_by_role("button", name="Marquer la permanence comme tenue"))
    page.get_by_text(re.compile("Permanence marquée tenue")).wait_for()

    alice, bruno = (Booking.objects.get(pk=b.pk) for b in (alice, bruno))
    assert (alice.attendance, alice.staff_notes) == (Attendance.PRESENT, "Projet en MSP à Étampes.")
    assert bruno.attendance == Attendance.ABSENT
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert walk.unringed == [], f"focus not visible on: {walk.unringed}"


def test_a_case_manager_works_the_call_queue_with_the_keyboard_only(live_server, page):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    case_manager = staff_member(tenant, Role.CASE_MANAGER, email="claire@example.org")
    campaign = CampaignFactory(tenant=tenant, name="Aller vers 2026")
    people = [
        DossierFactory(tenant=tenant, first_name=first, last_name=last, assigned_to=case_manager)
        for first, last in [("Alice", "Martin"), ("Bruno", "Petit")]
    ]
    for dossier in people:
        CampaignTargetFactory(campaign=campaign, dossier=dossier)
    log_in_with_a_session(page, live_server.url, case_manager)
    page.goto(f"{live_server.url}/idf/suivi/campagnes/{campaign.pk}/")
    walk = Walk(page)

    walk.press("Enter", page.get_by_role("link", name=re.compile(r"^Appeler \(2 personnes")))
    page.get_by_role("heading", name="Appeler Alice Martin").wait_for()

    # Alice is reached: a report typed in, then the outcome's button.
    walk.tab_to(page.get_by_label("Compte rendu"))
    page.keyboard.type("Remplaçante à Melun, réfléchit à une installation.")
    walk.press("Enter", page.get_by_role("button", name="Joint(e)", exact=True))
    page.get_by_text("Appel enregistré pour Alice Martin.").wait_for()

    # Bruno has a project: the page after a call starts again from the top.
    page.get_by_role("heading", name="Appeler Bruno Petit").wait_for()
    walk.tab_to(page.get_by_label("Compte rendu"))
    page.keyboard.type("Projet en MSP à Étampes pour l'automne.")
    walk.press("Space", page.get_by_role("button", name="Projet qualifié"))
    page.get_by_text("Appel enregistré pour Bruno Petit.").wait_for()

    # Alice comes back at the end of the queue; the case manager leaves it.
    page.get_by_role("heading", name="Appeler Alice Martin").wait_for()
    walk.press("Enter", page.get_by_role("button", name="Quitter la file d'appels"))
    page.get_by_text("Vous avez quitté la file d'appels.").wait_for()

    targets = {t.dossier_id: t for t in CampaignTarget.objects.filter(campaign=campaign)}
    assert targets[people[0].pk].status == TargetStatus.REACHED
    assert targets[people[1].pk].status == TargetStatus.QUALIFIED
    assert targets[people[0].pk].claimed_by_id is None  # left: back in the queue for others
    texts = set(Interaction.objects.filter(campaign=campaign).values_list("text", flat=True))
    assert texts == {
        "Remplaçante à Melun, réfléchit à une installation.",
        "Projet en MSP à Étampes pour l'automne.",
    }
    assert walk.unringed == [], f"focus not visible on: {walk.unringed}"
