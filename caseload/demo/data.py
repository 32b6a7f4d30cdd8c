"""What the demo caseload is made of: the campaign, the contacts' plans, faculties, communes,
the notes of calls."""

from datetime import datetime, time

from django.utils import timezone

from ..models import (
    Outcome,
    Stage,
)

DEMO_CAMPAIGN = "Aller vers 2026 — diplômés non installés"
CONTACTS = 300
SEED = 2026
# Far from the demo interns' numbers (accounts.demo uses 1, 2, 3…).
RPPS_OFFSET = 700_000

FACULTIES = [
    "Université Paris Cité",
    "Sorbonne Université",
    "Université Paris-Saclay",
    "Université Paris-Est Créteil",
    "Université Sorbonne Paris Nord",
    "Université de Versailles Saint-Quentin-en-Yvelines",
]
SPECIALTIES = ["medecine_generale"] * 7 + ["pediatrie", "psychiatrie", "gynecologie_medicale"]
TAGS = ["CESP", "thèse 2025", "remplaçant", "MSP", "contact CDOM", "salon des internes"]
COMMUNES = {
    "75": ["Paris 18e", "Paris 19e", "Paris 20e"],
    "77": ["Melun", "Meaux", "Provins", "Nemours"],
    "78": ["Mantes-la-Jolie", "Rambouillet", "Les Mureaux"],
    "91": ["Étampes", "Évry-Courcouronnes", "Dourdan"],
    "92": ["Nanterre", "Gennevilliers"],
    "93": ["Saint-Denis", "Aubervilliers", "Clichy-sous-Bois"],
    "94": ["Créteil", "Villeneuve-Saint-Georges", "Champigny-sur-Marne"],
    "95": ["Cergy", "Garges-lès-Gonesse", "Sarcelles"],
}
# (plan, weight): what happened to the contact during the campaign.
PLANS = [
    ("untouched", 40),
    ("not_reached", 10),
    ("call_back_due", 4),
    ("call_back_later", 4),
    ("reached", 10),
    ("not_interested", 6),
    ("do_not_call", 2),
    ("maturing", 9),
    ("defined", 6),
    ("under_way", 3),
    ("installed", 4),
    ("followed", 2),
]
CALL_NOTES = {
    Outcome.NOT_REACHED: ["Messagerie, pas de message laissé.", "Pas de réponse.", ""],
    Outcome.REACHED: [
        "Remplaçant en Essonne, réfléchit à une installation d'ici deux ans.",
        "Intéressé(e) par les permanences : lien envoyé par e-mail.",
        "Exerce à l'hôpital pour l'instant, à recontacter après l'été.",
    ],
    Outcome.CALL_BACK: ["Demande à être rappelé(e) en fin de journée.", "En consultation."],
    Outcome.NOT_INTERESTED: [
        "Installé(e) hors Île-de-France, pas de projet ici.",
        "Ne souhaite pas exercer en libéral.",
    ],
    Outcome.QUALIFIED: [
        "Projet en MSP avec deux confrères, cherche un local.",
        "Souhaite s'installer en zone d'intervention prioritaire, questions sur le CDE.",
        "Projet de cabinet de groupe, échéance l'an prochain.",
    ],
    Outcome.DO_NOT_CALL: ["Demande à ne plus être appelé(e)."],
}
MATURITY_STAGES = {
    "exploring": Stage.CONTACTED,
    "maturing": Stage.MATURING,
    "defined": Stage.DEFINED,
    "under_way": Stage.UNDER_WAY,
    "installed": Stage.INSTALLED,
}


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))
