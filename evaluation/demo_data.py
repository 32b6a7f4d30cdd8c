"""The demo's indicator definitions, entered figures and evaluation grid.

Indicators: (code, label, source, unit, direction, target, per département?, baseline, key?,
method). `source` is a computation of the registry, or "entered". Entered figures: a typical
quarterly value per code, varied from quarter to quarter by the demo."""

from decimal import Decimal as D

C, P, E, DAYS, S = "count", "percentage", "euros", "days", "score"
LOW = "lower"
ENTERED = "entered"

PROTOCOL_INDICATORS = {
    None: [
        ("dossiers-par-etape", "Dossiers ouverts, par étape", "caseload.dossiers_by_stage", C, "", None, False, None, False, "Dossiers du suivi à la fin de la période (jamais un dossier nominatif)."),
        ("dossiers-ouverts", "Dossiers ouverts dans la période", "caseload.dossiers_opened", C, "", None, False, None, False, ""),
        ("dossiers-clos", "Dossiers clos, par motif", "caseload.dossiers_closed", C, "", None, False, None, False, ""),
    ],
    1: [
        ("appels-passes", "Appels passés", "calls.made", C, "", D(3000), False, None, False, "Bilan des appels du service « aller vers » (module Suivi)."),
        ("medecins-joints", "Médecins joints", "calls.people_reached", C, "", D(1500), False, None, True, "Public visé : environ 7 000 médecins diplômés depuis 2010 non installés en libéral, et environ 1 500 nouveaux diplômés chaque année."),
        ("projets-qualifies", "Projets d'installation qualifiés", "calls.people_qualified", C, "", D(150), False, None, False, ""),
        ("rappels-prevus", "Rappels prévus", "calls.call_backs_due", C, "", None, False, None, False, ""),
        ("installations-apres-appel", "Installations de médecins joints par une campagne", "calls.installations_after_reach", C, "", D(20), False, None, False, ""),
        ("budget-annexe-1", "Budget consommé", ENTERED, E, "", D(50000), False, None, False, "Dépenses de l'année rapportées par l'URPS (financement ARS de 50 000 € par an)."),
    ],
    2: [
        ("permanences-tenues", "Permanences tenues", "permanences.held", C, "", D(10), True, None, True, "Objectif de 10 permanences par département et par an, d'après le budget de la fiche."),
        ("mois-sans-permanence", "Mois sans permanence", "permanences.months_without", C, LOW, D(0), False, None, False, "Une permanence par mois dans chaque département."),
        ("inscrits", "Inscrits aux permanences", "permanences.registrants", C, "", None, False, None, False, ""),
        ("medecins-recus", "Médecins reçus", "permanences.attendees", C, "", None, False, None, True, "Présence relevée par les hôtes."),
        ("taux-presence", "Taux de présence", "permanences.attendance_rate", P, "", D(85), False, None, False, ""),
        ("taux-remplissage", "Taux de remplissage (sur 7 places)", "permanences.fill_rate", P, "", D(80), False, None, False, ""),
        ("satisfaction", "Médecins satisfaits (4 ou 5 sur 5)", "permanences.satisfaction_rate", P, "", D(96), False, D(96), True, "Questionnaire envoyé après la permanence. Repère : 96 % depuis 2012 (contexte de la fiche)."),
        ("satisfaction-moyenne", "Satisfaction moyenne", "permanences.satisfaction_average", S, "", D("4.5"), False, None, False, ""),
        ("intentions", "Intentions d'installation déclarées", "permanences.intentions", C, "", None, False, None, False, "Une intention déclarée au questionnaire, pas une installation."),
        ("installes-12-mois", "Médecins reçus installés dans les 12 mois", "permanences.installed_within_12_months", P, "", D(81), False, D(81), True, "Repère : 81 % d'installations concrétisées depuis 2012 (contexte de la fiche)."),
        ("budget-annexe-2", "Budget consommé", ENTERED, E, "", D(120000), False, None, False, "Dépenses de l'année rapportées par l'URPS (financement ARS de 120 000 € par an)."),
    ],
    3: [
        ("medecins-accompagnes", "Médecins accompagnés", "follow_up.people_accompanied", C, "", None, False, None, True, "Médecins dans leurs douze premiers mois d'exercice."),
        ("installations", "Installations enregistrées", "follow_up.installations", C, "", None, False, None, False, "Lieu, type d'installation et mode d'exercice."),
        ("part-zip", "Installations en ZIP", "follow_up.zip_share", P, "", D(50), False, None, False, ""),
        ("part-zac", "Installations en ZAC", "follow_up.zac_share", P, "", None, False, None, False, ""),
        ("part-cde", "Installations avec un CDE", "follow_up.cde_share", P, "", None, False, None, False, ""),
        ("suivis-a-temps", "Points de suivi faits à temps", "follow_up.touchpoints_on_time", P, "", D(90), False, None, False, ""),
        ("satisfaction-accompagnement", "Médecins accompagnés satisfaits", "follow_up.satisfaction_rate", P, "", D(90), False, None, False, "Questionnaire envoyé avec le dernier point de suivi."),
        ("budget-annexe-3", "Budget consommé", ENTERED, E, "", D(100000), False, None, False, ""),
    ],
    4: [
        ("diagnostics", "Diagnostics réalisés", ENTERED, C, "", D(20), False, None, False, "Diagnostics restitués ; le budget de la fiche en permet jusqu'à 20 par an."),
        ("delai-diagnostic", "Délai de réalisation d'un diagnostic", ENTERED, DAYS, LOW, D(270), False, None, False, "De l'approbation de la demande à la restitution ; la fiche prévoit 6 à 9 mois."),
        ("budget-annexe-4", "Budget consommé", ENTERED, E, "", D(160000), False, None, False, ""),
    ],
    5: [
        ("cooperations", "Actions de coopération médecins-infirmiers engagées", ENTERED, C, "", D(4), False, None, False, "Pas de budget ARS pour cette fiche."),
    ],
    6: [
        ("msu-recrutes", "Maîtres de stage libéraux agréés", ENTERED, C, "", D(40), False, None, False, "Par spécialité et par département."),
        ("terrains-stage", "Terrains de stage ambulatoires agréés", ENTERED, C, "", None, False, None, False, ""),
    ],
    7: [
        ("demandes-investissement", "Demandes d'aide à l'investissement instruites", ENTERED, C, "", None, False, None, False, "Comité d'instruction partagé avec la Région."),
        ("structures-soutenues", "Structures soutenues", ENTERED, C, "", D(10), False, None, False, ""),
        ("nouveaux-ps", "Nouveaux professionnels de santé dans les structures", ENTERED, C, "", None, False, None, False, ""),
        ("turn-over", "Turn-over des professionnels de santé", ENTERED, P, LOW, D(10), False, None, False, "Départs rapportés aux professionnels présents (bilan annuel)."),
    ],
    8: [
        ("medecins-atp", "Médecins accompagnés par le dispositif d'appui", ENTERED, C, "", None, False, None, False, ""),
    ],
}  # fmt: skip

CDOM_INDICATORS = [
    ("seances-faculte", "Séances d'information en faculté", "faculty.sessions_held", C, "", D(24), False, None, True, "Au moins une par mois dans chacune des deux facultés."),
    ("mois-sans-seance", "Mois sans séance d'information (facultés × mois)", "faculty.months_without", C, LOW, D(0), False, None, False, ""),
    ("inscriptions-cdom", "Inscriptions en médecine générale au tableau des 3 CDOM", ENTERED, C, "", D(120), False, None, True, "Chiffres transmis par les CDOM 91, 94 et 77."),
    ("cesp", "Contrats d'engagement de service public (CESP) signés", ENTERED, C, "", D(30), False, None, False, "Chiffres transmis par les facultés."),
    ("satisfaction-etudiants", "Étudiants satisfaits des actions", ENTERED, P, "", D(90), False, None, False, "Questionnaire remis aux étudiants lors des actions."),
]  # fmt: skip

# A typical quarterly value of each entered indicator, and a comment for some quarters.
ENTERED_TYPICAL = {
    "budget-annexe-1": D(12000), "budget-annexe-2": D(29000), "budget-annexe-3": D(24000),
    "budget-annexe-4": D(38000), "diagnostics": D(5), "delai-diagnostic": D(240),
    "cooperations": D(1), "msu-recrutes": D(9), "terrains-stage": D(14),
    "demandes-investissement": D(6), "structures-soutenues": D(2), "nouveaux-ps": D(7),
    "turn-over": D(8), "medecins-atp": D(35), "inscriptions-cdom": D(27), "cesp": D(6),
    "satisfaction-etudiants": D(88),
}  # fmt: skip
ENTERED_COMMENTS = {
    "diagnostics": "Restitutions en conseil municipal, avec la DD ARS.",
    "inscriptions-cdom": "Chiffres consolidés par le CDOM 91 pour les trois départements.",
    "budget-annexe-2": "Indemnités des élus de permanence et secrétariat.",
}

# The convention's 9 evaluation items (seed 000: "9 items ont été sélectionnés").
GRID_ITEMS = [
    ("Permanences d'information dans chaque faculté", "Au moins une par mois dans chacune des deux facultés.", "seances-faculte", "met", "Calendrier établi avec les deux facultés ; pas de séance en août."),
    ("Calendrier d'information et de sensibilisation", "Élaboré avec les facultés en début d'année universitaire.", None, "met", "Calendrier diffusé aux étudiants en septembre."),
    ("Promotion de l'exercice en médecine générale", "Actions avec les facultés et les CDOM.", None, "in_progress", "Deux soirées thématiques ; une troisième prévue au printemps."),
    ("Recensement et diffusion des facilités d'installation", "Dans les trois territoires, sur le portail.", None, "met", "Aides du catalogue des départements 91, 94 et 77 à jour."),
    ("Accompagnement personnalisé des internes", "Internes et étudiants ayant un projet d'installation.", None, "partly_met", "Suivi individuel en place ; délais de premier rendez-vous à réduire."),
    ("Suivi des inscriptions en médecine générale par les 3 CDOM", "Inscriptions au tableau de l'Ordre.", "inscriptions-cdom", "in_progress", "Transmission trimestrielle par les CDOM."),
    ("Questionnaire de satisfaction après chaque action", "Remis aux étudiants lors des différentes actions.", "satisfaction-etudiants", "met", "Taux de réponse de 60 % environ."),
    ("Promotion du CESP et de la maîtrise de stage", "Avec les universités Paris-Est et Paris-Sud.", "cesp", "partly_met", ""),
    ("Réunions trimestrielles CDOM / ARS / chargé(e) de mission", "Une réunion par trimestre.", None, "met", "Comptes rendus dans la page de la convention."),
]  # fmt: skip
