"""Import of the *Atlas de l'attractivité médicale des départements, 2019 vs 2022* (the CSV
extracts in ``aids/data/atlas/``, described by their README and ambiguities.md).

``import_atlas(directory)`` reads the three files, checks every line first and writes only if
nothing is wrong, in one transaction: a malformed file raises ``AtlasError`` with the file and
line of every problem and saves nothing. It makes the database mirror the files: a row is
created when new, updated when one of its fields differs, left alone otherwise (so a second run
changes nothing, ``updated_at`` included), and an imported row no longer in the files is
deleted. Manual aids (origin ``manual``) are never touched.

What becomes what:

* ``aids_matrix_2022.csv``: one ``AidMeasure`` (year 2022) per non-empty cell. ``yes`` (a bare
  dot in the atlas) gives a measure titled with the category's label; a note goes to
  ``amount`` when it has a digit (``400 €/MOIS``, ``14 PLACES, 40€/MOIS``) and to ``details``
  otherwise (``CDS``, ``PSLA``). Natural key: CSV code, département, category.
* ``aids_by_departement.csv``: one ``AidMeasure`` per bullet (year 2019 or 2022), its category
  given by ``categorise(title)``. The atlas's special titles are not aids: ``no answer``,
  ``no aid in place`` and ``empty section`` become a ``SurveyResponse`` for that département and
  year. A bullet that states an absence (``Aide financière à l'installation : Aucune.``,
  ``Pas d'aide à l'installation en libéral``) is skipped and counted. Natural key: CSV code,
  département, year and a digest of the title (titles are unique per département and year).
* ``training_capacity.csv``: one ``TrainingCapacity`` per line, keyed by region, faculty, year.

Territories that are not one INSEE département (data decisions):

* ``69M`` Métropole de Lyon is attached to ``69`` Rhône (as ``core.territories_data`` does),
  with ``area_label`` "Métropole de Lyon" and ``offered_by`` "Métropole de Lyon", and a key of
  its own so that it never merges with the Rhône row. Its 2022 row is empty today.
* The row "Guadeloupe, Martinique, Guyane" (empty code) stands for the three départements
  ``971``, ``972`` and ``973``: whatever the atlas says of it is recorded on each of them with
  ``area_label`` naming the combined row (today: "no answer" in 2019 and 2022, no matrix mark).
  Its training capacity is recorded on each of the three regions (01, 02, 03) under the faculty
  name as printed. Any other empty code is an error.
"""

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import translation

from core.models import Departement, Region

from .atlas_categories import ABSENCE, categorise, normalise
from .models import AidCategory, AidMeasure, AidOrigin, SurveyResponse, SurveyStatus
from .models import TrainingCapacity as Capacity

MATRIX_FILE = "aids_matrix_2022.csv"
PAGES_FILE = "aids_by_departement.csv"
CAPACITY_FILE = "training_capacity.csv"

ATLAS_NAME = "Atlas de l'attractivité médicale des départements, 2019 vs 2022"
MATRIX_SOURCE = "Atlas de l'attractivité médicale 2022 (tableau résumé)"
MATRIX_YEAR = 2022
AID_YEARS = (2019, 2022)
CAPACITY_YEARS = (2018, 2022)

TERRITORY_COLUMNS = ("region", "departement", "insee_code")
PAGES_COLUMNS = (*TERRITORY_COLUMNS, "year", "title", "details")
CAPACITY_COLUMNS = ("region", "faculty", "year", *Capacity.COUNT_FIELDS)

# Territories of the atlas that are not exactly one INSEE département.
COMBINED_AREA = "Guadeloupe, Martinique, Guyane"
COMBINED_DEPARTEMENTS = ("971", "972", "973")
COMBINED_REGIONS = ("01", "02", "03")
DEPARTEMENT_ALIASES = {"69M": "69"}  # Métropole de Lyon → Rhône

SPECIAL_TITLES = {
    "no answer": SurveyStatus.NO_ANSWER,
    "no aid in place": SurveyStatus.NO_AID,
    "empty section": SurveyStatus.EMPTY_SECTION,
}


def default_directory():
    """The extracts shipped with the project (aids/data/atlas/, with their README)."""
    return Path(__file__).resolve().parent / "data" / "atlas"


class AtlasError(Exception):
    """The files cannot be imported; ``errors`` lists each problem with its file and line."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class ImportReport:
    """What an import did, per kind of row: created, updated, unchanged, deleted."""

    counts: dict = field(default_factory=dict)
    skipped_absences: int = 0

    def add(self, name, counter):
        self.counts[name] = counter

    def lines(self):
        labels = {
            "aids": "Aides",
            "survey": "Réponses à l'enquête",
            "capacity": "Capacités de formation",
        }
        lines = []
        for name, counter in self.counts.items():
            lines.append(
                f"{labels[name]} : {counter['created']} créée(s), {counter['updated']} mise(s) "
                f"à jour, {counter['unchanged']} inchangée(s), {counter['deleted']} supprimée(s)"
            )
        lines.append(
            f"Puces « aucune aide » ignorées (elles disent qu'une aide n'existe pas) : "
            f"{self.skipped_absences}"
        )
        return lines

    @property
    def changed(self):
        return any(
            counter["created"] or counter["updated"] or counter["deleted"]
            for counter in self.counts.values()
        )


class _File:
    """One CSV file being read: its rows with their line numbers, and the errors found."""

    def __init__(self, directory, name, columns, errors):
        self.name = name
        self.errors = errors
        self.rows = []
        path = Path(directory) / name
        if not path.is_file():
            self.error(None, f"fichier introuvable ({path})")
            return
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in columns if column not in header]
            if missing:
                self.error(1, "colonne(s) manquante(s) : " + ", ".join(missing))
                return
            for row in reader:
                if None in row:  # more cells than columns
                    self.error(reader.line_num, "plus de cellules que de colonnes")
                    continue
                cleaned = {key: (value or "").strip() for key, value in row.items()}
                if not any(cleaned.values()):
                    continue  # a blank line
                self.rows.append((reader.line_num, cleaned))

    def error(self, line, message):
        where = f"{self.name}, ligne {line}" if line else self.name
        self.errors.append(f"{where} : {message}")


class _Territories:
    """The départements and regions, loaded once, and the atlas's names for them."""

    def __init__(self):
        self.departements = {
            departement.insee_code: departement
            for departement in Departement.objects.select_related("region")
        }
        self.regions_by_name = {region.name: region for region in Region.objects.all()}
        self.regions_by_code = {
            region.insee_code: region for region in self.regions_by_name.values()
        }

    def departements_of(self, file, line, row):
        """[(département, area label, offered by)] for an aid line, or [] after an error."""
        code, name, region = row["insee_code"], row["departement"], row["region"]
        if not code:
            if name == COMBINED_AREA:
                return [(self.departements[c], COMBINED_AREA, "") for c in COMBINED_DEPARTEMENTS]
            file.error(line, f"code INSEE vide pour « {name} »")
            return []
        if code in DEPARTEMENT_ALIASES:
            departement = self.departements[DEPARTEMENT_ALIASES[code]]
            if region != departement.region.name:
                file.error(line, f"la région de « {code} » est {departement.region.name}")
                return []
            return [(departement, name, name)]
        departement = self.departements.get(code)
        if departement is None:
            file.error(line, f"code de département inconnu « {code} »")
            return []
        if name != departement.name or region != departement.region.name:
            file.error(
                line,
                f"« {name} » ({region}) ne correspond pas au département {code} "
                f"({departement.name}, {departement.region.name})",
            )
            return []
        return [(departement, "", "")]

    def regions_of(self, file, line, name):
        if name == COMBINED_AREA:
            return [self.regions_by_code[code] for code in COMBINED_REGIONS]
        region = self.regions_by_name.get(name)
        if region is None:
            file.error(line, f"région inconnue « {name} »")
            return []
        return [region]


def _year(file, line, value, allowed):
    if value.isdigit() and int(value) in allowed:
        return int(value)
    file.error(
        line, f"année invalide « {value} » (attendu : {' ou '.join(str(y) for y in allowed)})"
    )
    return None


def _plan(planned, seen, file, line, key, fields):
    """Record the fields of the row with this natural key, refusing a key seen twice."""
    if key in seen:
        file.error(line, f"doublon de la ligne {seen[key]}")
        return
    seen[key] = line
    planned[key] = fields


def _aid_fields(departement, area_label, offered_by, **fields):
    return {
        "departement_id": departement.pk,
        "region_id": None,
        "area_label": area_label,
        "offered_by": offered_by or "Conseil départemental",
        "conditions": "",
        **fields,
    }


def _read_matrix(directory, territories, errors, planned_aids):
    file = _File(directory, MATRIX_FILE, (*TERRITORY_COLUMNS, *AidCategory.values), errors)
    seen = {}
    with translation.override("fr"):
        labels = {category.value: str(category.label) for category in AidCategory}
    for line, row in file.rows:
        for departement, area_label, offered_by in territories.departements_of(file, line, row):
            for category in AidCategory.values:
                value = row[category]
                if not value:
                    continue
                note = "" if value.lower() == "yes" else value
                has_amount = any(char.isdigit() for char in note)
                key = (
                    AidOrigin.ATLAS_MATRIX,
                    f"{row['insee_code'] or '-'}/{departement.insee_code}/{category}",
                )
                fields = _aid_fields(
                    departement,
                    area_label,
                    offered_by,
                    category=category,
                    title=labels[category],
                    details="" if has_amount else note,
                    amount=note if has_amount else "",
                    year=MATRIX_YEAR,
                    source=MATRIX_SOURCE,
                    origin=AidOrigin.ATLAS_MATRIX,
                    import_key=key[1],
                )
                _plan(planned_aids, seen, file, line, key, fields)


def _read_pages(directory, territories, errors, planned_aids, planned_survey):
    file = _File(directory, PAGES_FILE, PAGES_COLUMNS, errors)
    seen_aids, seen_survey, skipped = {}, {}, 0
    for line, row in file.rows:
        year = _year(file, line, row["year"], AID_YEARS)
        title = row["title"]
        if not title:
            file.error(line, "intitulé vide")
        territories_found = territories.departements_of(file, line, row)
        if year is None or not title:
            continue
        status = SPECIAL_TITLES.get(title.lower())
        if status is None and ABSENCE.search(normalise(title)):
            skipped += 1
            continue
        for departement, area_label, offered_by in territories_found:
            if status is not None:
                fields = {
                    "departement_id": departement.pk,
                    "year": year,
                    "status": status.value,
                    "area_label": area_label,
                    "note": row["details"],
                }
                _plan(planned_survey, seen_survey, file, line, (departement.pk, year), fields)
                continue
            digest = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:12]
            import_key = f"{row['insee_code'] or '-'}/{departement.insee_code}/{year}/{digest}"
            fields = _aid_fields(
                departement,
                area_label,
                offered_by,
                category=categorise(title),
                title=title,
                details=row["details"],
                amount="",
                year=year,
                source=f"{ATLAS_NAME} (page du département, {year})",
                origin=AidOrigin.ATLAS_PAGES,
                import_key=import_key,
            )
            _plan(planned_aids, seen_aids, file, line, (AidOrigin.ATLAS_PAGES, import_key), fields)
    return skipped


def _read_capacity(directory, territories, errors, planned):
    file = _File(directory, CAPACITY_FILE, CAPACITY_COLUMNS, errors)
    seen = {}
    for line, row in file.rows:
        year = _year(file, line, row["year"], CAPACITY_YEARS)
        if not row["faculty"]:
            file.error(line, "faculté vide")
        counts, valid = {}, True
        for name in Capacity.COUNT_FIELDS:
            value = row[name]
            if value and not value.isdigit():
                file.error(line, f"{name} : « {value} » n'est pas un nombre entier positif")
                valid = False
            counts[name] = int(value) if value.isdigit() else None
        regions = territories.regions_of(file, line, row["region"])
        if year is None or not row["faculty"] or not valid:
            continue
        for region in regions:
            fields = {
                "region_id": region.pk,
                "faculty": row["faculty"],
                "year": year,
                "source": ATLAS_NAME,
                **counts,
            }
            _plan(planned, seen, file, line, (region.pk, row["faculty"], year), fields)


def _territory_names():
    """{("departement"|"region", id): name} of every territory, for the search column."""
    names = {
        ("departement", pk): name for pk, name in Departement.objects.values_list("pk", "name")
    }
    names.update({("region", pk): name for pk, name in Region.objects.values_list("pk", "name")})
    return names


def _sync(queryset, key_of, planned):
    """Make the rows of ``queryset`` match ``planned`` ({natural key: fields}); a row is saved
    only if a field differs, so an unchanged row keeps its ``updated_at``."""
    counter = Counter(created=0, updated=0, unchanged=0, deleted=0)
    existing = {key_of(row): row for row in queryset}
    to_create = []
    for key, fields in planned.items():
        row = existing.pop(key, None)
        if row is None:
            to_create.append(queryset.model(**fields))
            continue
        changed = [name for name, value in fields.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, fields[name])
            row.save(update_fields=[*changed, "updated_at"])
            counter["updated"] += 1
        else:
            counter["unchanged"] += 1
    if hasattr(queryset.model, "fill_search_text"):  # bulk_create skips save()
        names = _territory_names()
        for row in to_create:
            row.fill_search_text(names)
    queryset.model.objects.bulk_create(to_create)
    counter["created"] = len(to_create)
    if existing:
        queryset.model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
        counter["deleted"] = len(existing)
    return counter


def import_atlas(directory=None):
    """Import the atlas's three CSV files from ``directory`` (default: aids/data/atlas);
    all or nothing. Returns an ``ImportReport``; raises ``AtlasError`` listing every problem."""
    directory = Path(directory) if directory else default_directory()
    territories = _Territories()
    errors, planned_aids, planned_survey, planned_capacity = [], {}, {}, {}
    _read_matrix(directory, territories, errors, planned_aids)
    skipped = _read_pages(directory, territories, errors, planned_aids, planned_survey)
    _read_capacity(directory, territories, errors, planned_capacity)
    if errors:
        raise AtlasError(errors)
    report = ImportReport(skipped_absences=skipped)
    with transaction.atomic():
        report.add(
            "aids",
            _sync(
                AidMeasure.objects.filter(
                    origin__in=[AidOrigin.ATLAS_MATRIX, AidOrigin.ATLAS_PAGES]
                ),
                lambda aid: (aid.origin, aid.import_key),
                planned_aids,
            ),
        )
        report.add(
            "survey",
            _sync(
                SurveyResponse.objects.all(),
                lambda answer: (answer.departement_id, answer.year),
                planned_survey,
            ),
        )
        report.add(
            "capacity",
            _sync(
                Capacity.objects.filter(source=ATLAS_NAME),
                lambda capacity: (capacity.region_id, capacity.faculty, capacity.year),
                planned_capacity,
            ),
        )
    return report
