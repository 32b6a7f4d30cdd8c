"""The public catalogue pages: no login, no staff data, filters, search, constant queries."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from aids.models import AidCategory, AidMeasure, SurveyResponse, SurveyStatus
from conventions.models import Partner, PartnerKind
from core.models import Region
from tests.accounts.factories import staff_member
from tests.aids.factories import AidMeasureFactory, TrainingCapacityFactory, departement

pytestmark = pytest.mark.django_db

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
CATALOGUE = reverse("aids:catalogue")


def departement_url(code, **params):
    url = reverse("aids:departement", kwargs={"insee_code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def shown_aids(response):
    return {aid.pk for aid in response.context["page"].object_list}


def test_every_page_is_public(client):
    aid = AidMeasureFactory(title="Logement gratuit à Privas")
    pages = {
        CATALOGUE + "?departement=07": aid.title,
        departement_url("07"): aid.title,
        aid.get_absolute_url(): aid.title,
        reverse("aids:region", kwargs={"insee_code": "84"}): "Ardèche (07)",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url


@pytest.mark.parametrize(
    "url",
    [
        "/aides/departement/99/",
        "/aides/departement/69M/",
        "/aides/region/99/",
        "/aides/aide/999999/",
    ],
)
def test_unknown_territories_and_aids_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_show_no_staff_or_tenant_data(client, tenant):
    admin = staff_member(tenant, Role.ADMIN, email="admin-secret@example.org")
    Partner.objects.create(
        tenant=tenant,
        name="Partenaire interne confidentiel",
        kind=PartnerKind.CONSEIL_DEPARTEMENTAL,
        departement=departement("07"),
    )
    aid = AidMeasureFactory(import_key="07/07/2022/abcdef012345", origin="atlas_pages")
    urls = [CATALOGUE + "?departement=07", departement_url("07"), aid.get_absolute_url()]

    for url in urls:
        html = client.get(url).content.decode()
        assert "Partenaire interne confidentiel" not in html
        assert admin.email not in html
        assert "abcdef012345" not in html  # the import key
        assert "/admin/" not in html
        assert "Se connecter" in html  # an anonymous visitor's page


def test_catalogue_counts_aids_per_departement_and_category(client):
    AidMeasureFactory.create_batch(2, category=AidCategory.INTERN_HOUSING)
    AidMeasureFactory(category=AidCategory.MSP_SUPPORT)
    AidMeasureFactory(category="", title="Télémédecine")
    AidMeasureFactory(departement=departement("26"), category=AidCategory.MSP_SUPPORT)

    response = client.get(CATALOGUE)

    assert response.status_code == 200
    regions = dict(response.context["table"])
    assert len(regions) == Region.objects.filter(departements__isnull=False).distinct().count()
    rows = {row.departement.insee_code: row for row in regions[departement("07").region]}
    ardeche = {column.key: number for column, number in rows["07"].counts}
    assert ardeche["intern_housing"] == 2
    assert ardeche["msp_support"] == 1
    assert ardeche[""] == 1  # "Autres actions"
    assert rows["07"].total == 4
    assert rows["26"].total == 1
    assert rows["01"].total == 0  # every département is listed without a filter
    html = response.content.decode()
    assert '<caption id="aides-par-categorie-legende">' in html
    assert "Nombre d'aides par catégorie — Auvergne-Rhône-Alpes" in html


def test_filters_by_departement_and_category_list_the_matching_aids(client):
    wanted = AidMeasureFactory(category=AidCategory.STAGE_FINANCIAL_AID, amount="400 €/MOIS")
    AidMeasureFactory(category=AidCategory.INTERN_HOUSING)
    AidMeasureFactory(departement=departement("26"), category=AidCategory.STAGE_FINANCIAL_AID)

    response = client.get(CATALOGUE, {"departement": "07", "categorie": "stage_financial_aid"})

    assert shown_aids(response) == {wanted.pk}
    [(region, rows)] = response.context["table"]
    assert [row.departement.insee_code for row in rows] == ["07"]
    assert [column.key for column in response.context["columns"]] == ["stage_financial_aid"]
    html = response.content.decode()
    assert wanted.get_absolute_url() in html
    # The form keeps what was chosen.
    assert '<option value="07" selected>Ardèche (07)</option>' in html
    assert '<option value="stage_financial_aid" selected>' in html


def test_filter_by_region_year_and_other_category(client):
    other_2019 = AidMeasureFactory(category="", year=2019, title="Télémédecine")
    AidMeasureFactory(category="", year=2022, title="Numérique")
    AidMeasureFactory(category="", year=2019, departement=departement("33"))

    response = client.get(CATALOGUE, {"region": "84", "categorie": "autres", "annee": "2019"})

    assert shown_aids(response) == {other_2019.pk}
    regions = [region.insee_code for region, _rows in response.context["table"]]
    assert regions == ["84"]


def test_region_alone_narrows_the_table_but_lists_no_aids(client):
    AidMeasureFactory()

    response = client.get(CATALOGUE, {"region": "84"})

    assert "page" not in response.context
    [(region, rows)] = response.context["table"]
    assert region.insee_code == "84"
    assert len(rows) == 12  # the 12 départements of Auvergne-Rhône-Alpes


def test_an_invalid_filter_is_reported_and_the_others_still_apply(client):
    AidMeasureFactory(category=AidCategory.MSP_SUPPORT)
    housing = AidMeasureFactory(category=AidCategory.INTERN_HOUSING)

    response = client.get(CATALOGUE, {"annee": "1999", "categorie": "intern_housing"})

    assert response.status_code == 200
    assert "annee" in response.context["filter"].form.errors
    assert shown_aids(response) == {housing.pk}


def test_search_by_substring(client):
    found = AidMeasureFactory(
        departement=departement("26"), details="Journée d'accueil à la frontière de l'Ardèche"
    )
    AidMeasureFactory(departement=departement("26"), details="Logement à Valence")

    response = client.get(CATALOGUE, {"q": "ardèc"})

    assert shown_aids(response) == {found.pk}


def test_search_ignores_accents_case_and_plurals_on_every_database(client):
    """The same answers on PostgreSQL and on the demo's SQLite (the folded search column)."""
    near_ardeche = AidMeasureFactory(
        departement=departement("26"),
        title="Journée d'accueil",
        details="Distribution d'une box de bienvenue par le département de l'Ardèche.",
    )
    housing = AidMeasureFactory(
        departement=departement("26"), title="Logements meublés pour l'interne"
    )
    in_ardeche = AidMeasureFactory(title="Soirée de rentrée")  # found by its département's name

    assert shown_aids(client.get(CATALOGUE, {"q": "ardeche"})) == {near_ardeche.pk, in_ardeche.pk}
    assert shown_aids(client.get(CATALOGUE, {"q": "Ardeche"})) == {near_ardeche.pk, in_ardeche.pk}
    assert shown_aids(client.get(CATALOGUE, {"q": "ARDÈCHE bienvenue"})) == {near_ardeche.pk}
    assert shown_aids(client.get(CATALOGUE, {"q": "logement internes"})) == {housing.pk}
    assert shown_aids(client.get(CATALOGUE, {"q": "hébergement"})) == set()


def test_the_search_column_follows_each_change(client):
    aid = AidMeasureFactory(departement=departement("26"), title="Bourse d'études")
    assert shown_aids(client.get(CATALOGUE, {"q": "cesp"})) == set()

    aid.details = "Contrat d'engagement de service public (CESP) complété"
    aid.save(update_fields=["details"])

    assert shown_aids(client.get(CATALOGUE, {"q": "cesp complete"})) == {aid.pk}


def test_the_search_matches_amounts(client):
    ardeche = AidMeasureFactory(amount="400 €/MOIS", category=AidCategory.STAGE_FINANCIAL_AID)
    AidMeasureFactory(amount="600€/SEMESTRE")

    assert shown_aids(client.get(CATALOGUE, {"q": "400"})) == {ardeche.pk}


def _aids(number):
    codes = ["07", "26", "38", "33", "75", "2A", "971"]
    categories = [*AidCategory.values, ""]
    AidMeasure.objects.bulk_create(
        AidMeasure(
            departement=departement(codes[n % len(codes)]),
            category=categories[n % len(categories)],
            title=f"Aide {n}",
            year=2019 + 3 * (n % 2),
            source="Test",
        )
        for n in range(number)
    )


@pytest.mark.parametrize(
    "params",
    [{}, {"categorie": "intern_housing"}, {"q": "Aide", "region": "84"}, {"departement": "07"}],
)
def test_catalogue_queries_do_not_grow_with_the_number_of_aids(
    client, django_assert_max_num_queries, params
):
    _aids(10)
    with CaptureQueriesContext(connection) as few:
        client.get(CATALOGUE, params)
    _aids(90)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(CATALOGUE, params)

    assert response.status_code == 200
    assert len(few.captured_queries) <= 8


def test_departement_and_region_pages_queries_do_not_grow(client, django_assert_max_num_queries):
    _aids(10)
    TrainingCapacityFactory()
    urls = [departement_url("07"), reverse("aids:region", kwargs={"insee_code": "84"})]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    _aids(90)
    TrainingCapacityFactory(year=2018)

    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_departement_page_groups_aids_by_category_in_the_atlas_order(client):
    promotion = AidMeasureFactory(category=AidCategory.TERRITORY_PROMOTION, title="Promotion")
    other = AidMeasureFactory(category="", title="Télémédecine")
    stage = AidMeasureFactory(category=AidCategory.STAGE_FINANCIAL_AID, amount="400 €/MOIS")
    stage_2019 = AidMeasureFactory(category=AidCategory.STAGE_FINANCIAL_AID, year=2019)
    AidMeasureFactory(departement=departement("26"), title="Aide de la Drôme")

    response = client.get(departement_url("07"))

    groups = [(column.key, [aid.pk for aid in aids]) for column, aids in response.context["groups"]]
    assert groups == [
        ("stage_financial_aid", [stage.pk, stage_2019.pk]),
        ("territory_promotion", [promotion.pk]),
        ("", [other.pk]),
    ]
    html = response.content.decode()
    assert "Aide de la Drôme" not in html
    assert "400 €/MOIS" in html
    assert "Autres actions" in html


def test_departement_page_filters_by_category(client):
    housing = AidMeasureFactory(category=AidCategory.INTERN_HOUSING)
    AidMeasureFactory(category=AidCategory.MSP_SUPPORT)

    response = client.get(departement_url("07", categorie="intern_housing"))

    [(column, aids)] = response.context["groups"]
    assert column.key == "intern_housing"
    assert [aid.pk for aid in aids] == [housing.pk]
    # The category summary still counts every aid of the département.
    assert response.context["total"] == 2


def test_departement_page_says_when_the_departement_did_not_answer(client):
    SurveyResponse.objects.create(
        departement=departement("69"), year=2022, status=SurveyStatus.NO_ANSWER
    )

    html = client.get(departement_url("69")).content.decode()

    assert "En 2022, le département n&#x27;a pas répondu à l&#x27;enquête de l&#x27;atlas." in html
    assert "L'atlas ne recense aucune aide pour ce département." in html


def test_region_page_shows_its_departements_and_training_capacity(client):
    AidMeasureFactory(category=AidCategory.INTERN_HOUSING)
    TrainingCapacityFactory(faculty="Grenoble", year=2022, medical_biology=None, emergency=13)
    regional = AidMeasure.objects.create(
        region=Region.objects.get(insee_code="84"),
        category=AidCategory.TERRITORY_PROMOTION,
        title="Salon régional de l'installation",
        year=2022,
        source="Test",
        offered_by="Conseil régional",
    )

    response = client.get(reverse("aids:region", kwargs={"insee_code": "84"}))

    html = response.content.decode()
    [(region, rows)] = response.context["table"]
    assert len(rows) == 12
    assert "Capacité de formation des internes — Auvergne-Rhône-Alpes" in html
    assert "Grenoble" in html
    assert "—" in html  # no medical biology figure
    assert "Salon régional de l&#x27;installation" in html
    # A regional aid also shows on each of its départements' pages.
    assert regional in client.get(departement_url("38")).context["groups"][0][1]


def test_detail_page_shows_the_aid_and_its_source(client):
    aid = AidMeasureFactory(
        category=AidCategory.STAGE_FINANCIAL_AID,
        title="Aides financières aux internes en stage",
        amount="400 €/MOIS",
        details="Première ligne | Deuxième ligne",
        source="Atlas de l'attractivité médicale 2022 (tableau résumé)",
    )

    response = client.get(aid.get_absolute_url())

    html = response.content.decode()
    assert "400 €/MOIS" in html
    assert '<p class="fr-mb-1w">Première ligne</p>' in html
    assert "Atlas de l&#x27;attractivité médicale 2022 (tableau résumé)" in html
    assert departement_url("07") in html
    assert html.count("<h1") == 1


def test_pages_with_the_whole_atlas(client, atlas):
    response = client.get(CATALOGUE)
    rows = {
        row.departement.insee_code: row
        for _region, rows in response.context["table"]
        for row in rows
    }
    assert len(rows) == 101
    assert rows["07"].total == AidMeasure.objects.filter(departement__insee_code="07").count()

    martinique = client.get(departement_url("972")).content.decode()
    assert (
        "En 2022, « Guadeloupe, Martinique, Guyane » (une seule réponse pour ces territoires) "
        "n&#x27;a pas répondu à l&#x27;enquête de l&#x27;atlas." in martinique
    )
    ardeche = client.get(departement_url("07", categorie="stage_financial_aid"))
    [(column, aids)] = ardeche.context["groups"]
    assert {aid.amount for aid in aids} == {"400 €/MOIS", ""}
    assert len(aids) == 3  # the matrix cell and the 2019 and 2022 bullets
