"""The aids catalogue in a real browser: an anonymous intern filters by département and
category, then opens an aid; and axe-core finds no WCAG 2.1 A/AA violation on its pages."""

import re

import pytest

from aids.atlas import import_atlas
from aids.models import AidMeasure, AidOrigin
from tests.aids.atlas_files import atlas_directory
from tests.e2e.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_intern_filters_the_catalogue_and_opens_an_aid(live_server, page):
    import_atlas(atlas_directory())
    aid = AidMeasure.objects.get(
        origin=AidOrigin.ATLAS_MATRIX,
        departement__insee_code="07",
        category="stage_financial_aid",
    )

    page.goto(f"{live_server.url}/aides/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Les aides des départements aux internes et jeunes médecins"
    )
    page.get_by_label("Département", exact=True).select_option(label="Ardèche (07)")
    page.get_by_label("Catégorie d'aide", exact=True).select_option(
        label="Aides financières aux internes en stage"
    )
    page.get_by_role("button", name="Afficher les aides").click()
    page.wait_for_url(re.compile(r"departement=07.*categorie=stage_financial_aid"))

    results = page.get_by_role("heading", name=re.compile("aides correspondent à votre recherche"))
    assert results.inner_text() == "3 aides correspondent à votre recherche"
    # Only the Ardèche row remains in the counts table.
    table = page.get_by_role("table", name=re.compile("Auvergne-Rhône-Alpes"))
    assert table.get_by_role("row").count() == 2  # header + Ardèche
    assert page.get_by_role("table").count() == 1

    page.locator(f"a[href='/aides/aide/{aid.pk}/']").click()
    page.wait_for_url(re.compile(rf"/aides/aide/{aid.pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Aides financières aux internes en stage"
    )
    assert page.get_by_text("400 €/MOIS").is_visible()
    assert page.get_by_role("link", name="Ardèche (07)").is_visible()
    # Nobody logged in on the way.
    assert page.get_by_role("link", name="Se connecter").is_visible()


def test_catalogue_pages_have_no_wcag_violation(live_server, browser, axe_path):
    import_atlas(atlas_directory())
    aid = AidMeasure.objects.filter(departement__insee_code="07").first()
    # Our CSP refuses injected scripts: this context lets axe in.
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = {}
    try:
        for path in [
            "/aides/",
            "/aides/?q=logement&categorie=intern_housing",
            "/aides/departement/07/",
            "/aides/departement/972/",
            "/aides/region/84/",
            f"/aides/aide/{aid.pk}/",
        ]:
            page.goto(f"{live_server.url}{path}")
            found = violations(page, axe_path)
            if found:
                problems[path] = found
    finally:
        context.close()
    assert problems == {}
