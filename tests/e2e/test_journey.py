"""The intern's journey on a phone (360 × 740): from the home page to a confirmed permanence,
counting the page loads, with a screenshot of each step in test-artifacts/journey/."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Profile
from permanences.models import Booking, BookingStatus
from tests.accounts.factories import DEFAULT_PASSWORD, TenantFactory, UserFactory, complete_profile
from tests.permanences.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
ARTEFACTS = Path("test-artifacts/journey")
NEW_INTERN_MAX_LOADS = 8
RETURNING_INTERN_MAX_LOADS = 3
EMAIL = "ines.roussel@example.org"
PASSWORD = "un-mot-de-passe-solide-42"


class Journey:
    """Counts the page's main-frame loads and screenshots each step."""

    def __init__(self, page, name):
        self.page, self.name, self.step = page, name, 0
        self.loads = 0
        self.addresses = []
        self.folder = ARTEFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        page.on("load", self._loaded)

    def _loaded(self, page):
        self.loads += 1
        self.addresses.append(page.url)

    def shot(self, label):
        self.step += 1
        self.page.screenshot(path=self.folder / f"{self.step:02d}-{label}.png", full_page=True)

    def report(self):
        print(f"\n{self.name}: {self.loads} page loads — " + " → ".join(self.addresses))
        print(f"screenshots: {self.folder.resolve()}")


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_new_intern_books_a_permanence_from_the_home_page_in_at_most_8_loads(live_server, phone):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    session = SessionFactory(tenant=tenant)  # in the Essonne (91), in ten days
    page = phone
    journey = Journey(page, "new-intern")

    page.goto(f"{live_server.url}/")
    journey.shot("accueil")
    page.get_by_role("link", name="Réservez une permanence d'aide à l'installation").click()

    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    journey.shot("inscription")
    page.get_by_role("button", name="Valider mon inscription").click()
    page.wait_for_url(re.compile(r"/compte/confirm-email/$"))
    journey.shot("verifiez-vos-mails")

    # The link of the confirmation e-mail, opened in the same browser.
    link = re.search(r"http://\S+/compte/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    journey.shot("confirmer-adresse")
    page.get_by_role("button", name="Confirmer").click()

    # The short "Votre projet" step, then the permanences of the chosen départements.
    page.wait_for_url(re.compile(r"/moi/projet/\?next="))
    page.get_by_label("Statut").select_option("interne")
    page.get_by_label("Spécialité (DES)").select_option("medecine_generale")
    departements = page.locator("#id_departements_considered")
    page.locator("html[data-fr-js]").wait_for(state="attached")  # the DSFR's script has run
    departements.get_by_role("button", name="Île-de-France", exact=True).click()
    departements.get_by_label("91 — Essonne").check()
    page.get_by_label("Numéro RPPS").fill("12345678903")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("J'accepte les conditions d'utilisation du portail.").check()
    journey.shot("votre-projet")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url(re.compile(r"/moi/permanences/$"))
    journey.shot("mes-permanences")
    page.get_by_role("button", name=re.compile("^Réserver la permanence du")).first.click()

    page.wait_for_url(re.compile(rf"/idf/permanences/{session.pk}/$"))
    expect(page.get_by_text("Votre inscription est confirmée")).to_be_visible()
    expect(page.get_by_role("link", name="Ajouter à mon agenda (.ics)")).to_be_visible()
    expect(page.get_by_role("link", name="Ajouter à Google Agenda")).to_be_visible()
    journey.shot("confirmee")
    journey.report()

    profile = Profile.objects.get(user__email=EMAIL)
    assert profile.terms_version and profile.phone == "+33612345678"
    booking = Booking.objects.get(person__email=EMAIL)
    assert (booking.session_id, booking.status) == (session.pk, BookingStatus.CONFIRMED)
    assert journey.loads <= NEW_INTERN_MAX_LOADS, journey.addresses


def test_a_returning_intern_is_booked_in_at_most_3_loads_after_login(live_server, phone):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    session = SessionFactory(tenant=tenant)
    intern = UserFactory(email="lucas.bernard@example.org")
    complete_profile(intern, departements=("91",))
    page = phone
    journey = Journey(page, "returning-intern")

    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Courriel").fill(intern.email)
    page.get_by_label("Mot de passe", exact=True).fill(DEFAULT_PASSWORD)
    journey.shot("connexion")
    page.get_by_role("button", name="Connexion").click()

    page.wait_for_url(re.compile(r"/moi/permanences/$"))
    expect(page.get_by_text("Vous n'êtes inscrit(e) à aucune permanence à venir.")).to_be_visible()
    journey.shot("mes-permanences")
    page.get_by_role("button", name=re.compile("^Réserver la permanence du")).first.click()

    page.wait_for_url(re.compile(rf"/idf/permanences/{session.pk}/$"))
    expect(page.get_by_text("Votre inscription est confirmée")).to_be_visible()
    journey.shot("confirmee")
    journey.report()

    assert Booking.objects.get(person=intern).status == BookingStatus.CONFIRMED
    assert journey.loads <= RETURNING_INTERN_MAX_LOADS, journey.addresses
