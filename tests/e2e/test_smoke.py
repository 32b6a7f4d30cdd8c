"""The newcomer's path in a real browser: sign up, verify the e-mail, log in, fill the profile."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Profile
from tests.accounts.factories import TenantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "ines.roussel@example.org"
PASSWORD = "un-mot-de-passe-solide-42"


def test_sign_up_verify_log_in_and_fill_the_profile(live_server, page):
    TenantFactory(slug="idf", name="Île-de-France")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Créer un compte").first.click()

    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Valider mon inscription").click()
    page.wait_for_url(re.compile(r"/compte/confirm-email/$"))

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/compte/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()

    # Log out, then in again with the login form.
    page.goto(f"{live_server.url}/moi/profil/")
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    # An intern who cannot book yet lands on the short "Votre projet" step (test_journey.py).
    page.wait_for_url(re.compile(r"/moi/projet/\?next="))
    page.goto(f"{live_server.url}/moi/profil/")

    page.get_by_role("link", name="Modifier mon profil").first.click()
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Roussel")
    page.get_by_label("Statut").select_option("interne")
    # A typo in the RPPS is explained, and what was typed stays.
    page.get_by_label("Numéro RPPS").fill("12345678904")
    page.get_by_label("Spécialité (DES)").select_option("medecine_generale")
    page.get_by_label("Faculté").fill("Université Paris-Est Créteil")
    page.get_by_label("Où en est votre projet ?").select_option("maturing")
    # The départements: checkboxes by region, each region an accordion opened from the keyboard.
    departements = page.locator("#id_departements_considered")
    page.locator("html[data-fr-js]").wait_for(state="attached")  # the DSFR's script has run
    expect(departements.get_by_label("91 — Essonne")).to_be_hidden()
    departements.get_by_role("button", name="Île-de-France", exact=True).focus()
    page.keyboard.press("Enter")
    departements.get_by_label("91 — Essonne").check()
    departements.get_by_label("77 — Seine-et-Marne").check()
    page.get_by_label("Espace qui vous accompagne").select_option(label="Île-de-France")
    page.get_by_label("J'accepte les conditions d'utilisation du portail.").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.get_by_text("La clé de contrôle").first.wait_for()
    assert page.get_by_label("Faculté").input_value() == "Université Paris-Est Créteil"
    # The ticks stay, in their region shown open.
    expect(page.get_by_label("91 — Essonne")).to_be_visible()
    assert page.get_by_label("91 — Essonne").is_checked()
    assert page.get_by_label("77 — Seine-et-Marne").is_checked()
    assert not page.get_by_label("75 — Paris").is_checked()

    page.get_by_label("Numéro RPPS").fill("12345678903")
    page.get_by_label("J'accepte les conditions d'utilisation du portail.").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_url(re.compile(r"/moi/profil/$"))
    expect(page.get_by_text("Votre profil est enregistré")).to_be_visible()

    profile = Profile.objects.get(user__email=EMAIL)
    assert profile.rpps == "12345678903"
    assert profile.followed_tenant.slug == "idf"
    assert profile.terms_accepted_at is not None
    assert set(profile.departements_considered.values_list("insee_code", flat=True)) == {"77", "91"}
