"""The territories (core.models), loaded by the data migration portal.0002_load_territories
through core.territories.load."""

import csv

import pytest

from aids.atlas import default_directory
from core.models import Departement, Region
from core.territories_data import DEPARTEMENTS, NEIGHBOURS, REGIONS, check_neighbours

ATLAS_DIR = default_directory()
ATLAS_FILES = ("aids_matrix_2022.csv", "aids_by_departement.csv")

# Atlas codes that are not INSEE département codes, and the département that covers them.
ATLAS_CODE_ALIASES = {
    "69M": "69",  # Métropole de Lyon: a collectivité with its own status, inside the Rhône's 69
}

OVERSEAS = {"971": "01", "972": "02", "973": "03", "974": "04", "976": "06"}
ILE_DE_FRANCE = {"75", "77", "78", "91", "92", "93", "94", "95"}


def neighbour_codes(code):
    return set(
        Departement.objects.get(insee_code=code).neighbours.values_list("insee_code", flat=True)
    )


def test_data_module_is_consistent():
    assert check_neighbours() == []
    assert len({code for code, _name in REGIONS}) == 18
    assert len({code for code, _name, _region in DEPARTEMENTS}) == 101


@pytest.mark.django_db
def test_counts():
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101


@pytest.mark.django_db
def test_codes_and_names():
    codes = set(Departement.objects.values_list("insee_code", flat=True))
    expected = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"} | set(OVERSEAS)
    assert codes == expected
    names = dict(Departement.objects.values_list("insee_code", "name"))
    assert names["07"] == "Ardèche"
    assert names["22"] == "Côtes-d'Armor"
    assert names["90"] == "Territoire de Belfort"
    assert names["974"] == "La Réunion"
    regions = dict(Region.objects.values_list("insee_code", "name"))
    assert regions["11"] == "Île-de-France"
    assert regions["84"] == "Auvergne-Rhône-Alpes"


@pytest.mark.django_db
def test_every_atlas_code_exists():
    known = set(Departement.objects.values_list("insee_code", flat=True))
    seen = set()
    for filename in ATLAS_FILES:
        with open(ATLAS_DIR / filename, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["insee_code"].strip()
                if code:  # the combined "Guadeloupe, Martinique, Guyane" row has no code
                    seen.add(ATLAS_CODE_ALIASES.get(code, code))
    assert seen, "no INSEE code read from the atlas files"
    assert seen - known == set()


@pytest.mark.django_db
def test_corsica():
    corse = Region.objects.get(insee_code="94")
    assert corse.name == "Corse"
    assert set(corse.departements.values_list("insee_code", flat=True)) == {"2A", "2B"}
    assert not Departement.objects.filter(insee_code="20").exists()


@pytest.mark.django_db
def test_overseas_departements_in_their_regions():
    for code, region_code in OVERSEAS.items():
        assert Departement.objects.get(insee_code=code).region.insee_code == region_code
        region = Region.objects.get(insee_code=region_code)
        assert list(region.departements.values_list("insee_code", flat=True)) == [code]


@pytest.mark.django_db
def test_ile_de_france():
    idf = Region.objects.get(insee_code="11")
    assert set(idf.departements.values_list("insee_code", flat=True)) == ILE_DE_FRANCE


@pytest.mark.django_db
def test_neighbours_are_symmetric():
    links = set(
        Departement.neighbours.through.objects.values_list(
            "from_departement__insee_code", "to_departement__insee_code"
        )
    )
    assert links, "no neighbour link loaded"
    assert {(b, a) for a, b in links} == links
    expected = {(code, other) for code, others in NEIGHBOURS.items() for other in others}
    assert links == expected


@pytest.mark.django_db
def test_paris_and_essonne_neighbours():
    assert neighbour_codes("75") == {"92", "93", "94"}
    assert neighbour_codes("91") == {"28", "45", "77", "78", "92", "94"}
    assert neighbour_codes("2A") == {"2B"}


@pytest.mark.django_db
def test_overseas_have_no_neighbour():
    for code in OVERSEAS:
        assert neighbour_codes(code) == set()
    assert not Departement.objects.filter(neighbours__insee_code__in=OVERSEAS).exists()


@pytest.mark.django_db
def test_every_metropolitan_departement_has_a_neighbour():
    lonely = Departement.objects.exclude(insee_code__in=OVERSEAS).filter(neighbours=None)
    assert list(lonely.values_list("insee_code", flat=True)) == []
