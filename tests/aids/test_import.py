"""The atlas import: one row per aid with the right département and category, idempotent,
all or nothing, and a malformed file refused with its line numbers."""

import csv
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from aids import atlas as atlas_module
from aids.atlas import AtlasError, categorise, import_atlas
from aids.models import AidCategory, AidMeasure, AidOrigin, SurveyResponse, TrainingCapacity
from tests.aids.factories import AidMeasureFactory

pytestmark = pytest.mark.django_db

MATRIX = "aids_matrix_2022.csv"
PAGES = "aids_by_departement.csv"
CAPACITY = "training_capacity.csv"

# Marks per column, as the atlas README counts them.
MARKS_PER_CATEGORY = {
    "stage_financial_aid": 24,
    "intern_welcome": 31,
    "personalised_support": 31,
    "installation_financial_aid": 23,
    "study_grant": 17,
    "msp_support": 41,
    "intern_housing": 22,
    "msu_training": 20,
    "spouse_employment": 14,
    "salaried_doctors": 7,
    "territory_promotion": 29,
    "pmi_internships": 15,
}


def matrix_aid(code, category):
    return AidMeasure.objects.get(
        origin=AidOrigin.ATLAS_MATRIX, departement__insee_code=code, category=category
    )


def read_rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def write_rows(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def snapshot():
    """Every imported row's last update, per model."""
    return {
        model.__name__: dict(model.objects.values_list("pk", "updated_at"))
        for model in (AidMeasure, SurveyResponse, TrainingCapacity)
    }


# Twelve cells of aids_matrix_2022.csv read by hand: (code, category, amount, details).
KNOWN_CELLS = [
    ("07", "stage_financial_aid", "400 €/MOIS", ""),
    ("01", "stage_financial_aid", "ENTRE 200 & 600 €/MOIS FONCTION ÉLOIGNEMENT", ""),
    ("89", "stage_financial_aid", "600€ POUR 6 MOIS", ""),
    ("41", "stage_financial_aid", "300€", ""),
    ("10", "stage_financial_aid", "200€ PAR MOIS", ""),
    ("18", "intern_housing", "14 PLACES, 40€/MOIS", ""),
    ("12", "intern_housing", "600€/SEMESTRE", ""),
    ("19", "study_grant", "600€/MOIS", ""),
    ("24", "study_grant", "200€/MOIS", ""),
    ("16", "salaried_doctors", "", "CDS"),
    ("23", "msp_support", "", "PSLA"),
    ("03", "study_grant", "", ""),  # a bare dot
]


@pytest.mark.parametrize(("code", "category", "amount", "details"), KNOWN_CELLS)
def test_known_matrix_cells_are_imported_on_their_departement_and_category(
    atlas, code, category, amount, details
):
    aid = matrix_aid(code, category)

    assert (aid.amount, aid.details) == (amount, details)
    assert aid.year == 2022
    assert aid.title == AidCategory(category).label
    assert aid.offered_by == "Conseil départemental"
    assert aid.region is None


def test_every_matrix_cell_gives_exactly_one_aid(atlas, atlas_dir):
    _header, rows = read_rows(atlas_dir / MATRIX)
    expected = Counter()
    for row in rows:
        for category in AidCategory.values:
            value = row[category]
            if value:
                note = "" if value == "yes" else value
                expected[(row["insee_code"], category, note)] += 1

    imported = Counter(
        (aid.departement.insee_code, aid.category, aid.amount or aid.details)
        for aid in AidMeasure.objects.filter(origin=AidOrigin.ATLAS_MATRIX).select_related(
            "departement"
        )
    )

    assert imported == expected
    assert sum(imported.values()) == sum(MARKS_PER_CATEGORY.values()) == 274
    per_category = Counter(
        AidMeasure.objects.filter(origin=AidOrigin.ATLAS_MATRIX).values_list("category", flat=True)
    )
    assert per_category == MARKS_PER_CATEGORY
    # Départements with an empty row, and the atlas's read-as-printed rows.
    assert not AidMeasure.objects.filter(
        origin=AidOrigin.ATLAS_MATRIX, departement__insee_code__in=["43", "69", "13", "974"]
    ).exists()
    assert matrix_aid("62", "spouse_employment").amount == ""


def test_departement_pages_give_one_aid_per_bullet_and_a_response_per_special_title(atlas):
    pages = AidMeasure.objects.filter(origin=AidOrigin.ATLAS_PAGES)
    # 643 bullets in the file, minus the 3 that say an aid does not exist.
    assert pages.count() == 640
    assert atlas.skipped_absences == 3
    assert not pages.filter(title__icontains="Aucune.").exists()

    ardeche_2019 = pages.filter(departement__insee_code="07", year=2019)
    assert sorted(ardeche_2019.values_list("title", "category")) == [
        ("Aide financière pour les internes en stage sur le territoire à hauteur de 400€/mois",
         "stage_financial_aid"),
        ("Aide à la création de MSP", "msp_support"),
        ("Organisation de week-ends de découverte", "territory_promotion"),
    ]  # fmt: skip
    housing = pages.get(departement__insee_code="74", title__startswith="Recherche et mise")
    assert (housing.year, housing.category) == (2022, "intern_housing")
    paris = pages.filter(departement__insee_code="75", year=2019)
    assert paris.count() == 2  # Île-de-France comes only from the pages

    # Rhône did not answer; Paris 2022 is an empty section; Doubs 2019 had no aid.
    assert set(
        SurveyResponse.objects.filter(departement__insee_code="69").values_list("year", "status")
    ) == {(2019, "no_answer"), (2022, "no_answer")}
    assert SurveyResponse.objects.get(departement__insee_code="75", year=2022).status == (
        "empty_section"
    )
    assert SurveyResponse.objects.get(departement__insee_code="25", year=2019).status == "no_aid"
    # 57 special rows, the combined Antilles-Guyane ones counted once per département.
    assert SurveyResponse.objects.count() == 57 - 2 + 6


def test_territories_that_are_not_one_departement(atlas):
    # "Guadeloupe, Martinique, Guyane" (no code): recorded on 971, 972 and 973.
    for code in ("971", "972", "973"):
        assert set(
            SurveyResponse.objects.filter(departement__insee_code=code).values_list(
                "year", "status"
            )
        ) == {(2019, "no_answer"), (2022, "no_answer")}
        assert set(
            SurveyResponse.objects.filter(departement__insee_code=code).values_list(
                "area_label", flat=True
            )
        ) == {"Guadeloupe, Martinique, Guyane"}
    assert not SurveyResponse.objects.filter(departement__insee_code="976").exists()
    # Métropole de Lyon (69M) has an empty row: nothing is attached to Rhône.
    assert not AidMeasure.objects.filter(departement__insee_code="69").exists()
    # The combined row's training capacity is on each of the three regions.
    for code in ("01", "02", "03"):
        capacity = TrainingCapacity.objects.get(region__insee_code=code, year=2022)
        assert capacity.faculty == "Guadeloupe, Martinique, Guyane"
        assert (capacity.general_medicine, capacity.emergency) == (49, 5)


def test_a_metropole_de_lyon_aid_goes_to_rhone_and_keeps_its_name(atlas_copy):
    header, rows = read_rows(atlas_copy / MATRIX)
    for row in rows:
        if row["insee_code"] in ("69M", "69"):
            row["intern_housing"] = "yes"
    write_rows(atlas_copy / MATRIX, header, rows)

    import_atlas(atlas_copy)

    housing = AidMeasure.objects.filter(
        origin=AidOrigin.ATLAS_MATRIX, departement__insee_code="69", category="intern_housing"
    )
    assert sorted(housing.values_list("area_label", "offered_by")) == [
        ("", "Conseil départemental"),
        ("Métropole de Lyon", "Métropole de Lyon"),
    ]


def test_training_capacity_rows(atlas):
    assert TrainingCapacity.objects.count() == 58 - 2 + 6
    tours = TrainingCapacity.objects.get(faculty="Tours", year=2018)
    assert tours.region.name == "Centre-Val de Loire"
    assert (tours.surgery, tours.medical_specialties, tours.general_medicine) == (30, 192, 84)
    assert (tours.medical_biology, tours.emergency, tours.anaesthesia) == (4, None, None)
    nancy = TrainingCapacity.objects.get(faculty="Nancy", year=2022)
    assert (nancy.emergency, nancy.anaesthesia) == (None, None)
    # Corse repeats Nice and Marseille 2018 under its own region.
    assert TrainingCapacity.objects.filter(region__name="Corse").count() == 2


def test_reimport_changes_nothing(atlas, atlas_dir):
    before = snapshot()

    report = import_atlas(atlas_dir)

    assert snapshot() == before
    assert not report.changed
    assert report.counts["aids"]["unchanged"] == AidMeasure.objects.count() == 914
    assert report.counts["aids"]["created"] == report.counts["aids"]["updated"] == 0


def test_the_command_reports_created_then_unchanged(db, atlas_dir, capsys):
    call_command("import_atlas", "--dir", str(atlas_dir))
    first = capsys.readouterr().out
    call_command("import_atlas", "--dir", str(atlas_dir))
    second = capsys.readouterr().out

    assert "Aides : 914 créée(s), 0 mise(s) à jour, 0 inchangée(s)" in first
    assert "Aides : 0 créée(s), 0 mise(s) à jour, 914 inchangée(s), 0 supprimée(s)" in second
    assert "rien n'a changé" in second


def test_a_changed_cell_updates_its_row_only_and_a_removed_one_is_deleted(atlas, atlas_copy):
    manual = AidMeasureFactory(title="Aide saisie à la main")
    before = snapshot()
    header, rows = read_rows(atlas_copy / MATRIX)
    for row in rows:
        if row["insee_code"] == "07":
            row["stage_financial_aid"] = "450 €/MOIS"
        if row["insee_code"] == "03":
            row["study_grant"] = ""
    write_rows(atlas_copy / MATRIX, header, rows)
    allier = matrix_aid("03", "study_grant")

    report = import_atlas(atlas_copy)

    ardeche = matrix_aid("07", "stage_financial_aid")
    assert ardeche.amount == "450 €/MOIS"
    assert report.counts["aids"]["updated"] == 1
    assert report.counts["aids"]["deleted"] == 1
    assert not AidMeasure.objects.filter(pk=allier.pk).exists()
    after = snapshot()
    changed = {
        pk
        for pk, updated_at in after["AidMeasure"].items()
        if before["AidMeasure"].get(pk) != updated_at
    }
    assert changed == {ardeche.pk}
    # A manual aid is never the importer's.
    assert AidMeasure.objects.get(pk=manual.pk).title == "Aide saisie à la main"


def test_a_missing_column_is_refused_and_nothing_is_saved(db, atlas_copy):
    header, rows = read_rows(atlas_copy / MATRIX)
    header = [column for column in header if column != "msp_support"]
    for row in rows:
        del row["msp_support"]
    write_rows(atlas_copy / MATRIX, header, rows)

    with pytest.raises(AtlasError) as refused:
        import_atlas(atlas_copy)

    assert refused.value.errors == [
        "aids_matrix_2022.csv, ligne 1 : colonne(s) manquante(s) : msp_support"
    ]
    assert not AidMeasure.objects.exists()
    assert not SurveyResponse.objects.exists()
    assert not TrainingCapacity.objects.exists()


def test_bad_lines_are_listed_with_their_numbers_and_the_database_is_left_alone(atlas, atlas_copy):
    before = snapshot()
    header, rows = read_rows(atlas_copy / PAGES)
    rows[4]["insee_code"] = "99"  # line 6 (line 1 is the header)
    rows[9]["year"] = "2021"  # line 11
    rows[20]["title"] = ""  # line 22
    write_rows(atlas_copy / PAGES, header, rows)
    header, rows = read_rows(atlas_copy / CAPACITY)
    rows[0]["surgery"] = "dix-neuf"  # line 2
    rows[1]["year"] = "2020"  # line 3
    write_rows(atlas_copy / CAPACITY, header, rows)
    header, rows = read_rows(atlas_copy / MATRIX)
    rows[2]["departement"] = "Ardennes"  # line 4: name and code disagree
    write_rows(atlas_copy / MATRIX, header, rows)

    with pytest.raises(CommandError) as refused:
        call_command("import_atlas", "--dir", str(atlas_copy))

    message = str(refused.value)
    assert "rien n'a été enregistré" in message
    for expected in (
        "aids_matrix_2022.csv, ligne 4 : « Ardennes »",
        "aids_by_departement.csv, ligne 6 : code de département inconnu « 99 »",
        "aids_by_departement.csv, ligne 11 : année invalide « 2021 » (attendu : 2019 ou 2022)",
        "aids_by_departement.csv, ligne 22 : intitulé vide",
        "training_capacity.csv, ligne 2 : surgery : « dix-neuf » n'est pas un nombre entier",
        "training_capacity.csv, ligne 3 : année invalide « 2020 » (attendu : 2018 ou 2022)",
    ):
        assert expected in message
    assert snapshot() == before


def test_an_empty_code_other_than_the_combined_antilles_row_is_refused(db, atlas_copy):
    header, rows = read_rows(atlas_copy / MATRIX)
    rows[0]["insee_code"] = ""
    write_rows(atlas_copy / MATRIX, header, rows)

    with pytest.raises(AtlasError) as refused:
        import_atlas(atlas_copy)

    assert refused.value.errors == ["aids_matrix_2022.csv, ligne 2 : code INSEE vide pour « Ain »"]


def test_a_duplicated_line_is_refused(db, atlas_copy):
    header, rows = read_rows(atlas_copy / MATRIX)
    write_rows(atlas_copy / MATRIX, header, [*rows, rows[2]])

    with pytest.raises(AtlasError) as refused:
        import_atlas(atlas_copy)

    assert refused.value.errors[0] == "aids_matrix_2022.csv, ligne 88 : doublon de la ligne 4"


def test_a_missing_file_is_refused(db, atlas_copy):
    (atlas_copy / CAPACITY).unlink()

    with pytest.raises(AtlasError) as refused:
        import_atlas(atlas_copy)

    assert refused.value.errors[0].startswith("training_capacity.csv : fichier introuvable")
    assert not AidMeasure.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(db, atlas_dir, monkeypatch):
    real_sync = atlas_module._sync

    def failing_sync(queryset, key_of, planned):
        if queryset.model is TrainingCapacity:
            raise RuntimeError("disque plein")
        return real_sync(queryset, key_of, planned)

    monkeypatch.setattr(atlas_module, "_sync", failing_sync)

    with pytest.raises(RuntimeError):
        import_atlas(atlas_dir)

    assert not AidMeasure.objects.exists()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Accueil des internes en stage au sein de son service de PMI", "pmi_internships"),
        ("Accompagnement à l'emploi pour le ou la conjoint (e)", "spouse_employment"),
        ("Bourses d'études d'aide à l'hébergement des internes", "intern_housing"),
        ("Bourse d'étude pour les internes en dernière année", "study_grant"),
        ("Allocations de stage en faveur des internes en médecine générale", "stage_financial_aid"),
        ("Aide à la création de MSP", "msp_support"),
        ("Accompagnement personnalisé à l'installation", "personalised_support"),
        ("Aide financière à l'installation", "installation_financial_aid"),
        ("Soirée d'accueil des internes", "intern_welcome"),
        ("Campagne de promotion du territoire", "territory_promotion"),
        ("Développer la télémédecine", ""),
    ],
)
def test_categorise_page_titles(title, category):
    assert categorise(title) == category


def test_the_demo_seeds_the_whole_atlas(db, atlas_dir):
    from aids.demo import seed_aids

    seed_aids()
    report = seed_aids()

    assert AidMeasure.objects.count() == 914
    assert not report.changed
