"""The categories of the atlas's free-text bullets: ``categorise(title)`` reads a bullet of a
département's page into one of the atlas's 12 categories (or none), and ``ABSENCE`` spots a
bullet that states an aid does not exist. Used by the import (aids/atlas.py)."""

import re

from core.text import fold

from .models import AidCategory


def normalise(text):
    """Lower case, no accents, typographic apostrophes as plain ones, single spaces."""
    return re.sub(r"\s+", " ", fold(text))


# Bullets that say an aid does not exist ("… : Aucune.", "Pas d'aide à …").
ABSENCE = re.compile(r"(:\s*aucune?\s*\.?$)|(^pas d'aides?\b)")

# (category, pattern) tried in this order on the normalised title; the first match wins.
CATEGORY_RULES = (
    (AidCategory.PMI_INTERNSHIPS, r"\bpmi\b|protection maternelle"),
    (AidCategory.SPOUSE_EMPLOYMENT, r"conjoint"),
    (AidCategory.SALARIED_DOCTORS, r"salari|centres? de sante departementa"),
    (AidCategory.MSU_TRAINING, r"\bmsu\b|maitres? de stage|maitrise de stage"),
    (AidCategory.INTERN_HOUSING, r"logements?\b|hebergement|\binternats?\b|maisons? des internes"),
    (AidCategory.STUDY_GRANT, r"\bbourses?\b"),
    (
        AidCategory.STAGE_FINANCIAL_AID,
        r"(financ|allocation|indemni|forfait|prime)\w*\b.*\b(internes?|stages?|stagiaires?)\b"
        r"|aides? (aux|pour les) (internes|stages?|stagiaires)\b",
    ),
    (
        AidCategory.MSP_SUPPORT,
        r"\bmsp\b|\bpsla\b|maisons? (de sante|medicales?|pluri)|centres? de sante"
        r"|pluri-?(professionnel|disciplinaire)|exercice (coordonne|groupe|regroupe)",
    ),
    (
        AidCategory.PERSONALISED_SUPPORT,
        r"accompagnement|guichet|interlocuteur|conciergerie|sur-? ?mesure|personnalis",
    ),
    (
        AidCategory.INSTALLATION_FINANCIAL_AID,
        r"(aides?|financ|subvention|prime|materiel|equipement|foncier|investissement|versement"
        r"|pack|box)\w*\b.*\binstall|\binstall\w*\b.*\b(aides?|financ|subvention|prime)",
    ),
    (
        AidCategory.INTERN_WELCOME,
        r"(accueil|soirees?|week-?ends?|rencontres?|journees?|reunions?|invitation|evenements?"
        r"|animation)\b.*\b(internes?|stages?|stagiaires?)\b",
    ),
    (
        AidCategory.TERRITORY_PROMOTION,
        r"promotion|promouvoir|communication|attractivit|salons?\b|congres|forums?\b|campagne"
        r"|decouverte|valorisation|plaquette",
    ),
)
_COMPILED_RULES = tuple((category, re.compile(pattern)) for category, pattern in CATEGORY_RULES)


def categorise(title):
    """The category of a bullet of a département's page, or "" when none fits.

    The rule: normalise the title (lower case, accents removed) and try the keyword patterns
    of ``CATEGORY_RULES`` in order; the first that matches gives the category. The order puts
    the narrow categories first, so that "Accueil des internes en PMI" is a PMI placement and
    not a welcome, "Bourses d'études d'aide à l'hébergement" is housing, and "Accompagnement à
    l'emploi du conjoint" is the spouse's employment and not personalised support:

    1. PMI placements: "PMI", "protection maternelle";
    2. spouse's employment: "conjoint";
    3. salaried doctors: "salari…", "centre de santé départemental";
    4. training of supervisors: "MSU", "maître(s) de stage", "maîtrise de stage";
    5. housing for interns: "logement", "hébergement", "internat", "maison(s) des internes";
    6. study grant: "bourse";
    7. financial aid to interns in placement: "financ…", "allocation", "indemni…", "forfait…",
       "prime" followed by "interne(s)", "stage(s)" or "stagiaire(s)"; "aide(s) aux / pour
       les internes, stage(s), stagiaires";
    8. support to MSP: "MSP", "PSLA", "maison(s) de santé / médicale(s) / pluri…", "centre(s)
       de santé", "pluriprofessionnel", "pluridisciplinaire", "exercice coordonné / groupé";
    9. personalised support: "accompagnement", "guichet", "interlocuteur", "conciergerie",
       "sur mesure", "personnalis…";
    10. financial aid to settle: "aide", "financ…", "subvention", "prime", "matériel",
        "équipement", "foncier", "investissement", "versement", "pack" or "box" before
        "install…", or "install…" before "aide", "financ…", "subvention", "prime";
    11. welcome of interns: "accueil", "soirée", "week-end", "rencontre", "journée",
        "réunion", "invitation", "événement", "animation" followed by "interne(s)",
        "stage(s)" or "stagiaire(s)";
    12. promotion of the territory: "promotion", "promouvoir", "communication",
        "attractivité", "salon", "congrès", "forum", "campagne", "découverte", "valorisation",
        "plaquette".

    A title matching nothing (a coordination body, telemedicine, a contact line) stays
    uncategorised and is shown under "Autres actions". It is a reading aid over the atlas's
    free text, not the atlas's own classification: the 2022 matrix is that.
    """
    text = normalise(title)
    for category, pattern in _COMPILED_RULES:
        if pattern.search(text):
            return category.value
    return ""
