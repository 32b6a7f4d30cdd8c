"""axe-core (WCAG 2.1 A and AA rules) finds no violation on the pages people use most.

axe checks what a machine can check (labels, contrast, landmarks, ARIA, names of links and
buttons); keyboard use and screen-reader wording still need a person.
"""

import re

import pytest
from playwright.sync_api import expect

from core.models import Departement, Region
from tests.accounts.factories import (
    DEFAULT_PASSWORD,
    ProfileFactory,
    TenantFactory,
    UserFactory,
    complete_profile,
)
from tests.e2e.axe import violations
from tests.permanences.factories import SessionFactory, fill_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(axe_page):
    """A context that lets axe in (our CSP refuses injected scripts)."""
    return axe_page


def test_public_pages_have_no_wcag_violation(live_server, page, axe_path):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    session = SessionFactory(tenant=tenant)
    full = SessionFactory(tenant=tenant)
    fill_session(full)
    problems = {}
    for path in [
        "/",
        "/compte/login/",
        "/compte/signup/",
        "/idf/",
        "/idf/permanences/",
        "/idf/permanences/?vue=calendrier",
        f"/idf/permanences/{session.pk}/",
        f"/idf/permanences/{full.pk}/",
        "/accessibilite/",
        "/conditions-utilisation/",
    ]:
        page.goto(f"{live_server.url}{path}")
        found = violations(page, axe_path)
        if found:
            problems[path] = found
    assert problems == {}


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    # The intern's landing, or the short step first when they cannot book yet.
    page.wait_for_url(re.compile(r"/moi/(permanences|projet)/"))


def test_intern_pages_have_no_wcag_violation(live_server, page, axe_path):
    # The tenant's region is open on the profile form: axe sees its département checkboxes.
    tenant = TenantFactory(
        slug="idf", name="Île-de-France", region=Region.objects.get(insee_code="11")
    )
    session = SessionFactory(tenant=tenant)
    intern = UserFactory()
    complete_profile(intern, followed_tenant=tenant)
    log_in(page, live_server, intern)
    page.goto(f"{live_server.url}/idf/permanences/{session.pk}/")
    page.get_by_role("button", name=re.compile("inscri", re.I)).first.click()
    problems = {}
    for path in [
        "/moi/profil/",
        "/moi/profil/modifier/",
        "/moi/inscriptions/",
        "/moi/permanences/",
        "/moi/projet/",
        f"/idf/permanences/{session.pk}/",
    ]:
        page.goto(f"{live_server.url}{path}")
        found = violations(page, axe_path)
        if found:
            problems[path] = found
    # A form shown with its errors, too.
    page.goto(f"{live_server.url}/moi/profil/modifier/")
    page.get_by_label("Numéro RPPS").fill("123")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.locator("#resume-erreurs").wait_for()  # the page that came back, not the one left
    found = violations(page, axe_path)
    if found:
        problems["profile form with errors"] = found
    assert problems == {}


def test_profile_departements_without_the_dsfr_script(live_server, page, axe_path):
    """A DSFR accordion needs JavaScript: without it every region and checkbox is shown."""
    intern = UserFactory()
    profile = ProfileFactory(user=intern)
    profile.departements_considered.set([Departement.objects.get(insee_code="29")])
    # Only the DSFR's script is refused (axe itself needs JavaScript to run).
    page.route(re.compile(r"/dsfr\.(module|nomodule)(\.min)?\.js"), lambda route: route.abort())
    log_in(page, live_server, intern)
    page.goto(f"{live_server.url}/moi/profil/modifier/")
    assert page.evaluate("document.documentElement.hasAttribute('data-fr-js')") is False
    departements = page.locator("#id_departements_considered")
    boxes = departements.locator("input[type=checkbox]")
    assert boxes.count() == 101
    assert all(boxes.nth(i).is_visible() for i in range(101))
    expect(departements.get_by_role("group", name="Occitanie")).to_be_visible()
    expect(departements.get_by_role("button", name="Occitanie")).to_be_hidden()
    assert departements.get_by_label("29 — Finistère").is_checked()
    # The header's menu is a DSFR modal which, without the script, axe flags: only the form.
    assert violations(page, axe_path, within="form[action='/moi/profil/modifier/']") == []
    departements.get_by_label("31 — Haute-Garonne").check()
    page.get_by_label("Numéro RPPS").fill("12345678903")
    page.get_by_label("J'accepte les conditions d'utilisation du portail.").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_url(re.compile(r"/moi/profil/$"))
    assert set(profile.departements_considered.values_list("insee_code", flat=True)) == {
        "29",
        "31",
    }


def test_lockout_and_too_many_requests_pages_have_no_wcag_violation(
    live_server, page, axe_path, settings
):
    # One failure locks (axes), the second login post of the minute is throttled (allauth).
    settings.AXES_FAILURE_LIMIT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "accessibility-rate-limits",
        }
    }
    intern = UserFactory()
    problems = {}
    for heading in ["Trop de tentatives de connexion", "Trop de demandes"]:
        page.goto(f"{live_server.url}/compte/login/")
        page.get_by_label("Courriel").fill(intern.email)
        page.get_by_label("Mot de passe", exact=True).fill("wrong-password")
        page.get_by_role("button", name="Connexion").click()
        page.get_by_role("heading", level=1, name=heading).wait_for()
        found = violations(page, axe_path)
        if found:
            problems[heading] = found
    assert problems == {}


def test_the_check_does_catch_a_violation(live_server, page, axe_path):
    """Control: the same check flags an image without a text alternative."""
    page.goto(f"{live_server.url}/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in violations(page, axe_path))
