# A data table: the demo conventions' texts, long by nature (not code to split).
"""The texts of the demo conventions, transcribed from the team's source documents (kept
outside the repository; this module is the transcription, nothing reads them):

- seed 002_a5f1053e421eba45.txt: the protocol ARS / URPS médecins Île-de-France
  2023-2027, its articles and its 8 annexes (fiches action), with their budgets as written;
- seed 000_45b5cc4c5945ded8.txt: the convention CDOM 91, 94, 77 – ARS – universities –
  CPAM – unions (each partner's commitments, 18 months from the chargé(e) de mission's start,
  quarterly meetings, evaluation at 15 months).

Only the dates of meetings and of the CDOM convention's signature and start are illustrative
(the seed says it is being signed and counts from the chargé(e) de mission's start).
"""

# ruff: noqa: E501 (the texts are kept one paragraph per line)

from datetime import date
from decimal import Decimal

from .models import Axis, BudgetNature, MeetingKind, PartyRole

ARS = "Agence régionale de santé Île-de-France"
URPS = "URPS médecins libéraux Île-de-France"
CDOMS = ["CDOM de l'Essonne", "CDOM du Val-de-Marne", "CDOM de Seine-et-Marne"]
CPAMS = ["CPAM de l'Essonne", "CPAM du Val-de-Marne", "CPAM de Seine-et-Marne"]
UNIVERSITIES = [
    "Université Paris-Est Créteil — faculté de santé",
    "Université Paris-Saclay — faculté de médecine (ex Paris-Sud)",
    "Département de médecine générale de Paris-Est Créteil",
    "Département de médecine générale de Paris-Saclay",
]
UNIONS = [
    "Syndicat représentatif parisien des internes de médecine générale (SRP-IMG)",
    "Regroupement autonome des généralistes jeunes installés et remplaçants (ReAGJIR)",
]

# The signatories as the protocol names them.
CONTACTS = [
    (URPS, "Dr Valérie Briole", "Présidente"),
    (ARS, "Amélie Verdier", "Directrice générale"),
]

PROTOCOL_YEARS = range(2023, 2028)  # "annuel" amounts, over the protocol's 2023-2027 term

# Protocol ARS / URPS 2023-2027

ARTICLE_3 = (
    "S'engage à tout mettre en œuvre pour garantir la réalisation des objectifs inscrits dans le protocole d'accord et détaillés dans la ou les conventions, et notamment à mettre à disposition les ressources et les données disponibles et nécessaires à leur bonne réalisation.\n"
    "Se tient informée des actions ou accords qui pourraient entrer dans le champ de ces objectifs.\n"
    "S'informe et valide avec l'autre partie, avant diffusion, toute communication sur le protocole ou sur les actions qu'il contient.\n"
    "Finalise et signe la ou les conventions au plus tard au premier trimestre 2023."
)

PROTOCOL = {
    "title": "Protocole d'accord ARS / URPS médecins Île-de-France 2023-2027",
    "kind": "protocol",
    "purpose": (
        "Définir les axes de travail communs aux Parties ainsi que les engagements des Parties concernant leur réalisation (article 1). Les axes de travail sont repris action par action dans une ou plusieurs conventions à conclure entre les Parties, qui décrivent précisément chaque action et les moyens y afférents.\n"
        "Axes de travail (article 2) : l'aide à l'installation ; l'accès aux soins et le développement de l'offre ; le soutien au fonctionnement et à l'investissement des structures d'exercice collectif ; la santé publique et la prévention. Ils sont déclinés en fiches actions annexées au protocole.\n"
        "Le protocole s'inscrit dans la préparation et la mise en œuvre du Projet régional de santé (PRS3) 2023-2027."
    ),
    "signature_date": date(2023, 2, 22),  # « Fait à Paris, le 22 février 2023 »
    "start_date": date(2023, 1, 1),  # article 5
    "end_date": date(2027, 12, 31),  # article 5
    "governance": (
        "Un Comité de pilotage régional a la charge du suivi des résultats des actions mises en œuvre. Il associe les représentants de l'ARS et de l'URPS et se réunit au moins une fois par an. Il définit des indicateurs de résultats pour chacun des axes et des actions du protocole et s'assure de la disponibilité et du recueil des informations nécessaires à leur évaluation (article 4).\n"
        "Le protocole peut être révisé d'un commun accord : les propositions de révision sont actées lors des réunions annuelles et font l'objet d'un avenant. Toute prolongation donne lieu à un avenant signé des Parties (article 5).\n"
        "Au niveau départemental, les Délégations de l'ARS organisent avec l'URPS médecins des points d'avancement semestriels de l'ensemble des actions, qui font l'objet d'un rapport au Comité de pilotage régional.\n"
        "Les actions sont présentées à la CRSA et à sa Commission spécialisée de l'organisation des soins (CSOS) au 1er semestre 2023 ; ces instances sont destinataires des points d'étape."
    ),
    "parties": [
        (URPS, PartyRole.SIGNATORY, "sa Présidente, le Dr Valérie Briole", ARTICLE_3),
        (ARS, PartyRole.SIGNATORY, "sa Directrice générale, Amélie Verdier", ARTICLE_3),
        (
            ARS,
            PartyRole.FUNDER,
            "",
            "Soutient financièrement le protocole de façon significative (préambule). Les fiches action 1, 2 et 3 prévoient un financement annuel de l'ARS dans le cadre d'une convention ARS / URPS.",
        ),
    ],
    "cadences": [
        (MeetingKind.STEERING, 12, "Comité de pilotage régional ARS / URPS"),
        (
            MeetingKind.PROGRESS,
            6,
            "DD ARS et URPS médecins, rapport au comité de pilotage régional",
        ),
    ],
    # (label, due date, done): the plan is the protocol's; "done" for past steps is the demo's.
    "milestones": [
        (
            "Signature de la ou des conventions d'application (au plus tard au 1er trimestre 2023)",
            date(2023, 3, 31),
            True,
        ),
        (
            "Présentation des actions à la CRSA et à sa CSOS (1er semestre 2023)",
            date(2023, 6, 30),
            True,
        ),
        ("Évaluation globale du protocole (fin 2024)", date(2024, 12, 31), True),
        ("Réexamen du contenu du protocole (1er semestre 2025)", date(2025, 6, 30), True),
        (
            "Évaluation de l'aide à l'investissement immobilier, après 2 ans (annexe 7)",
            date(2025, 6, 30),
            True,
        ),
    ],
}

COPIL_AGENDA = (
    "Suivi des résultats des actions des fiches 1 à 8.\n"
    "Indicateurs de résultats par axe et par action.\n"
    "Rapports des points d'avancement semestriels des délégations départementales.\n"
    "Propositions de révision du protocole."
)

# Steering committees, at least once a year (article 4); the dates are illustrative.
PROTOCOL_MEETINGS = [
    {
        "kind": MeetingKind.STEERING,
        "starts_at": (2023, 12, 12, 14, 0),
        "agenda": COPIL_AGENDA,
        "decisions": [
            (
                "Fixer les indicateurs de résultats de chaque axe et de chaque action du protocole (article 4).",
                "Comité de pilotage régional",
                date(2024, 6, 30),
                True,
            )
        ],
    },
    {
        "kind": MeetingKind.STEERING,
        "starts_at": (2024, 12, 10, 14, 0),
        "agenda": COPIL_AGENDA + "\nÉvaluation globale du protocole (article 5).",
        "decisions": [],
    },
    {
        "kind": MeetingKind.STEERING,
        "starts_at": (2025, 12, 9, 14, 0),
        "agenda": COPIL_AGENDA
        + "\nSuites du réexamen du contenu du protocole (1er semestre 2025).",
        "decisions": [],
    },
    {
        "kind": MeetingKind.STEERING,
        "starts_at": (2026, 12, 8, 14, 0),
        "agenda": COPIL_AGENDA,
        "decisions": [],
    },
    {
        "kind": MeetingKind.STEERING,
        "starts_at": (2027, 12, 7, 14, 0),
        "agenda": COPIL_AGENDA
        + "\nBilan du protocole et suites à donner (prolongation par avenant, article 5).",
        "decisions": [],
    },
]


def _yearly(nature, amount, pays_for, funder=None, note=""):
    return [(nature, year, Decimal(amount), funder, pays_for, note) for year in PROTOCOL_YEARS]


FUNDING, COST = BudgetNature.FUNDING, BudgetNature.COST

# Each annex: its sections as the seed writes them, its budget lines (nature, year, amount,
# funder, what it pays, note); their indicators are in evaluation/demo_data.py.
ANNEXES = [
    {
        "number": 1,
        "title": "Aller vers les médecins diplômés en Île-de-France",
        "axis": Axis.INSTALLATION,
        "context": "Plus de 11 000 médecins formés en Île-de-France depuis 2010. Parmi eux 23 % sont déjà installés en libéral en Île-de-France, 14 % sont partis exercer dans une autre région. Pour le reste, à savoir 63 % d'entre eux, nous disposons de très peu de lisibilité sur leur parcours et n'avons pas ou peu de contact permettant de faire un point d'étape professionnel et à cette occasion de promouvoir une installation dans un territoire déficitaire francilien.",
        "objectives": "Aller au contact de ces jeunes médecins pour les sensibiliser aux besoins des territoires franciliens, promouvoir les aides à l'installation disponibles, qualifier leurs aspirations et faire le rapprochement avec le besoin des territoires et projets en cours ou en recherche de médecins.",
        "actions": "Structurer un service d'appel « aller vers » et de recrutement au service des territoires franciliens.",
        "public": "- Médecins diplômés en Île-de-France depuis 2010 et non installés en libéral (cible environ 7 000)\n- Médecins diplômés de la dernière année (cible environ 1 500 nouveaux chaque année)",
        "animation": "URPS et les DD ARS",
        "means": "- Une base de données CRM Microsoft Dynamics permettant d'assurer un suivi des contacts\n- Un(e) chargé(e) de recrutement en charge des appels et qualification",
        "budget_text": "50 000 € annuel financé par l'ARS dans le cadre d'une convention ARS / URPS. Ce montant recouvre en partie le financement d'un ETP de chargé(e) de recrutement (90 000 €), de frais support et technique de structuration de la base de données (5 000 €).",
        "technical_group": "ARS siège et DD / URPS médecins.",
        "evaluation": "Bilan annuel des appels et contacts – analyse des données recueillies et les projets d'installation.",
        "budget": _yearly(
            FUNDING,
            "50000",
            "Financement annuel de la fiche",
            ARS,
            "Convention ARS / URPS ; couvre en partie les coûts prévus",
        )
        + _yearly(COST, "90000", "1 ETP de chargé(e) de recrutement")
        + _yearly(
            COST, "5000", "Frais support et technique de structuration de la base de données"
        ),
    },
    {
        "number": 2,
        "title": "Permanences locales d'aide à l'installation",
        "axis": Axis.INSTALLATION,
        "context": "L'installation en exercice libéral est une étape qui pose beaucoup de questionnement. Les permanences locales existant depuis 2012 en Île-de-France ont permis de recevoir 1 587 médecins (96 % de satisfaction et 81 % d'installations concrétisées).",
        "objectives": "Informer et conseiller les médecins dans leurs choix et premières démarches d'installation par la tenue d'une permanence locale mensuelle dans chaque département de la région.",
        "actions": "Organiser une fois par mois dans chaque département une permanence locale de conseil à l'installation associant la DD ARS, la CPAM, le CDOM et l'URPS pour répondre aux questions des médecins inscrits.",
        "public": "Médecins ayant décidé de s'installer et à la recherche d'informations concrètes :\n- Interne ou chef de clinique, fin de cursus\n- Remplaçants\n- Médecins à la recherche d'une reconversion",
        "communication": "En partenariat avec les DD ARS, promouvoir ce dispositif lors de la journée d'accueil des internes franciliens, lors des choix de stage et également via internet : site Soigner en IDF, site PAPS IDF, relai des représentants des internes…",
        "animation": "URPS / Ordres / DD ARS / CPAM",
        "format": "Une demi-journée mensuelle à calibrer en fonction des inscriptions, en visio, entretien de 30 à 45 minutes par inscrit. Maximum de 7 inscrits par permanence.\n- Centralisation de l'organisation par l'URPS (calendrier / inscription / organisation / communication) – secrétariat unique pour inscription\n- Déclinaison départementale avec Ordre / DD ARS / CPAM",
        "budget_text": "120 000 € annuel financé par l'ARS dans le cadre d'une convention ARS / URPS. Ce montant recouvre en partie le financement d'un ETP de chargé de mission (90 000 €), d'un ½ ETP de secrétariat (15 000 €), d'indemnité des élus de permanence (40 000 € estimé pour un objectif de 10 permanences par département x 2 élus/permanence x 12 C/élu), de frais divers (5 000 €).",
        "technical_group": "ARS / URPS médecins / Syndicat des médecins en formation en IDF / autres partenaires éventuels à définir.",
        "evaluation": "Bilan annuel et suivi des installations (lieu, type d'installation, mode d'exercice, satisfaction des PS…)",
        "budget": _yearly(
            FUNDING,
            "120000",
            "Financement annuel de la fiche",
            ARS,
            "Convention ARS / URPS ; couvre en partie les coûts prévus",
        )
        + _yearly(COST, "90000", "1 ETP de chargé de mission")
        + _yearly(COST, "15000", "½ ETP de secrétariat")
        + _yearly(
            COST,
            "40000",
            "Indemnités des élus de permanence",
            note="Estimé pour un objectif de 10 permanences par département × 2 élus par permanence × 12 C par élu",
        )
        + _yearly(COST, "5000", "Frais divers"),
    },
    {
        "number": 3,
        "title": "Accompagnement à la gestion entrepreneuriale",
        "axis": Axis.INSTALLATION,
        "context": "L'exercice libéral de la médecine repose sur des choix organisationnels, juridiques, réglementaires, qui sont autant d'interrogations et de difficultés à résoudre pour les médecins souhaitant concrétiser leur installation.",
        "objectives": "Accompagner les médecins jeunes installés et/ou remplaçants en cours d'installation, notamment signataires du Contrat de début d'exercice, dans les problématiques de gestion de leur exercice libéral durant les 12 premiers mois de leurs activités.",
        "actions": "Mettre en place un suivi individualisé des médecins installés en Île-de-France. Les accompagner sur le plan juridique, réglementaire, social et fiscal (comptabilité, gestion d'un cabinet, fiscalité, fonction d'employeur, gestion de subventions…) durant les douze premiers mois de leur exercice.",
        "public": "Médecins installés depuis moins d'un an en Île-de-France dans un territoire déficitaire ZIP et/ou ZAC, notamment signataires d'un CDE.",
        "communication": "Proposer ce dispositif à l'occasion des Permanences locales d'aide à l'installation et plus largement lors de la journée d'accueil des internes franciliens, lors des choix de stage et également via internet : site Soigner en IdF, site PAPS (rubrique outils et informations à disposition des médecins pour faciliter leur installation), sites des syndicats de médecins en formation en IDF, relais des représentants des internes…",
        "animation": "Chef de projet et médecins élus de l'URPS",
        "format": "Chef de projet dédié prenant notamment en charge le suivi des médecins reçus lors des Permanences locales et signataires CDE ayant signé l'option accompagnement à la gestion entrepreneuriale. Revue régulière des dossiers.",
        "budget_text": "100 000 € annuel financé par l'ARS dans le cadre d'une convention ARS / URPS. Ce montant recouvre en partie le financement d'un chef de projet senior expertise comptable juridique (120 000 €), et d'un suivi et expertise par médecins libéraux élus URPS et ponctuellement de recours à avis d'experts avocats, fiscalistes…",
        "technical_group": "ARS / URPS",
        "evaluation": "Bilan annuel et suivi des accompagnements (lieu, type, mode d'exercice, satisfaction des médecins, mesure de l'impact de l'accompagnement, taux de satisfaction en IdF)",
        "budget": _yearly(
            FUNDING,
            "100000",
            "Financement annuel de la fiche",
            ARS,
            "Convention ARS / URPS ; couvre en partie les coûts prévus",
        )
        + _yearly(
            COST,
            "120000",
            "Chef de projet senior, expertise comptable et juridique",
            note="Le suivi par les médecins élus de l'URPS et les avis d'experts ne sont pas chiffrés par la fiche",
        ),
    },
    {
        "number": 4,
        "title": "Diagnostic et animation territoriale : offre et recours aux soins",
        "axis": Axis.ACCESS,
        "context": "De nombreux territoires franciliens sont confrontés à des difficultés d'accès aux soins. Les collectivités et les professionnels de santé ont besoin d'une méthodologie commune pour réfléchir aux solutions locales.",
        "objectives": "Accompagner les professionnels de santé et les élus locaux au travers d'un diagnostic partagé de leur territoire afin de définir les leviers pouvant conduire à une augmentation de l'offre de soins.",
        "actions": "- Traitement des données démographiques médicales et paramédicales et recours aux soins à l'échelon du territoire\n- Analyse des données en lien avec les acteurs de terrain dont les dispositifs de coordination territoriaux (les Dispositifs d'Appui à la Coordination et les Communautés Professionnelles Territoriales de Santé)\n- Restitution et partage des données auprès des acteurs de santé et les représentants territoriaux (élus locaux, CPAM, différentes URPS, conseils territoriaux de santé…) par les délégués URPS médecins et les DD ARS\n- Recommandations et aide à l'émergence d'un plan d'action par l'URPS médecins en lien avec la DD concernée",
        "eligibility": "Bassin de vie au-delà de 10 000 habitants, à la demande du Maire ou de l'intercommunalité. Territoires sélectionnés par décision conjointe ARS / URPS médecins.\nPossibilité de demander un deuxième diagnostic à l'intervalle de 3 à 5 ans selon les résultats du premier diagnostic ou le contexte du territoire.",
        "communication": "Promouvoir ce dispositif auprès des élus locaux franciliens, notamment par les DD de l'ARS et également via les différents sites internet : site PAPS IDF, site Soigner en IDF, sites des Associations départementales des élus locaux en IDF.",
        "animation": "- Chef de projet de l'URPS\n- DD ARS\n- Médecins élus de l'URPS",
        "format": "Réalisation du diagnostic sous 6 à 9 mois après approbation de la demande par ARS-URPS.\nBilan d'activité annuel et évaluation de l'impact (à 3 ans) sur les territoires concernés sur la base d'une méthodologie élaborée conjointement avec l'ARS Île-de-France.",
        "budget_text": "60 000 € annuel pour réaliser jusqu'à 20 diagnostics et 100 000 € annuel pour la participation au recrutement de 2 adjoints aux actions territoriales.\nCofinancement par les collectivités territoriales demandeuses : 3 000 € pour un bassin de vie de moins de 20 000 habitants, au-delà à adapter selon gabarit du territoire.",
        "technical_group": "Partage des activités de diagnostic à l'échelon régional dans le cadre d'un groupe constitué par l'URPS médecins, l'ARS (DOS – DD ARS), la DCGDR et l'Association des Maires d'Île-de-France (AMIF).",
        "budget": _yearly(
            FUNDING,
            "60000",
            "Réalisation de jusqu'à 20 diagnostics",
            note="Financeur non précisé par la fiche",
        )
        + _yearly(
            FUNDING,
            "100000",
            "Participation au recrutement de 2 adjoints aux actions territoriales",
            note="Financeur non précisé par la fiche",
        ),
    },
    {
        "number": 5,
        "title": "Développement de la coopération entre professionnels de santé",
        "axis": Axis.ACCESS,
        "context": "De nombreux territoires franciliens sont confrontés à une problématique d'accès aux soins. Le développement de la coopération des médecins libéraux avec les infirmiers libéraux peut dans certains cas répondre en partie à cette problématique.\nLa convention médicale et infirmiers ouvre la possibilité de nouvelles pratiques notamment au travers de téléconsultations accompagnées au domicile du patient. Ces dispositifs viennent renforcer la coopération existante entre médecins libéraux et infirmiers libéraux notamment dans le cadre du suivi à domicile des personnes âgées.\nLa mise en place de protocoles de délégation à l'initiative des professionnels de santé et accord du médecin, mettant en œuvre notamment les compétences de professionnels en pratiques avancées, peut venir compléter les outils de coopération existants.\nCette fiche pourra faire l'objet d'évolutions lorsque les dispositifs réglementaires en cours de discussion seront stabilisés.",
        "objectives": "- Informer et sensibiliser les médecins libéraux en activité et les futurs médecins sur les dispositifs existants en matière de coopération interprofessionnelle médecins - infirmiers.\n- Engager les actions ou expérimentations permettant d'accroître en Île-de-France les dispositifs de coopération entre les deux professions.",
        "actions": "Actions potentielles :\n- Développement du binôme médecin / infirmier notamment dans le cadre du maintien à domicile des patients en s'appuyant sur les moyens de téléconsultation accompagnée existants (recommandations et aide à l'émergence de projets d'équipe de collaboration en ville), et dans le cadre du retour à domicile des patients après hospitalisation en s'appuyant sur les moyens de télésurveillance coordonnée médecin infirmier pour anticiper le retour au domicile.\n- Développement de l'information partagée sur le nouveau périmètre d'actions des infirmiers en libéral et organisation de retours d'expériences et témoignages sur la mise en œuvre de ces dispositifs de coopération.\n- Proposer un guichet régional d'aide à la structuration de ces initiatives associant URPS Médecins – URPS IDEL – ARS.\n- Restitution annuelle et partage des données ainsi que des problématiques rencontrées aux interlocuteurs suivants : ARS d'Île-de-France, URPS médecins, URPS infirmiers.",
        "public": "Médecins exerçant en cabinet libéral et/ou en structures d'exercice coordonné.\nIDE exerçant en libéral et/ou en structures d'exercice coordonné.",
        "communication": "Diffuser de l'information sur ces dispositifs à l'occasion des permanences locales, lors de la journée d'accueil des internes franciliens, via courriel et également via internet.",
        "animation": "ARS – URPS médecins – URPS infirmiers",
        "format": "À définir entre les partenaires.",
        "budget_text": "Pas de budget ARS attribué pour cette mesure.",
        "budget": [],
    },
    {
        "number": 6,
        "title": "Développement de la maîtrise de stage en ambulatoire",
        "axis": Axis.ACCESS,
        "context": "Les stages ambulatoires permettent de découvrir la pratique médicale de ville en cabinet et en établissement, d'y percevoir, développer et utiliser les compétences spécifiques en partageant, en situation de responsabilité, la vie professionnelle des médecins libéraux maîtres de stage universitaires (MSU).\nLes étudiants en médecine et plus largement les jeunes médecins manifestent un intérêt pour ces stages qui leur permettent, d'une part, de découvrir la spécificité et le quotidien libéral de leur spécialité, mais également de renforcer les liens ville hôpital en matière de coordination et amélioration des parcours patients.\nPour ce qui concerne la médecine générale, l'Île-de-France a réussi dans les dernières années à développer une offre significative de terrains de stage. Pour autant le vieillissement des MSU en activité et les besoins attendus par la création de la 4e année en internat de médecine générale nécessitent de recruter en permanence de nouveaux maîtres de stage.\nPour ce qui est des autres spécialités, le nombre de terrains de stage ambulatoire reste anecdotique dans l'offre globale qui reste très majoritairement hospitalière alors qu'une proportion significative de médecins exercera en libéral.",
        "objectives": "Recruter et former dans les 5 prochaines années de façon progressive des maîtres de stage libéraux dans l'ensemble des spécialités et plus particulièrement dans celles ayant une perspective d'exercice à dominante libérale. Les spécialités à exercice majoritaire libéral sont priorisées.",
        "actions": "- Disposer d'un dénombrement précis de la situation francilienne par spécialité : nombre d'internes / nombre de terrains de stage ambulatoires avec prévisions à 5 ans\n- Animer pour les spécialités choisies un groupe de travail regroupant le coordonnateur DES de la spécialité, le référent ARS, le référent SIHP, le référent URPS médecins\n- Développer une offre de formation permettant l'agrément des spécialités autres que la médecine générale\n- Engager une action de recrutement des médecins libéraux par département et par spécialité pour devenir maître de stage\n- Contribuer à l'amélioration de l'efficience du système de paiement des maîtres de stage",
        "public": "Médecins installés en Île-de-France.\nÉtudiants en médecine en Île-de-France, externes, internes.",
        "communication": "Auprès des publics concernés : médecins installés et internes franciliens.",
        "animation": "- Direction de l'offre de soins et Pôle ressources humaines en santé ARS\n- Universités\n- Coordonnateur DES et référent ARS\n- Bureau de l'URPS + référent par spécialité notamment ESS\n- SIHP – SRP IMG\n- Chef de projet",
        "format": "Plan d'action régional pluriannuel avec révision chaque année en fonction des objectifs atteints.",
        "budget_text": "Chefferie de projet et budget à définir lors de l'élaboration du plan d'action.",
        "technical_group": "COPIL URPS médecins, Direction de l'offre de soins ARS, Direction Ressources Humaines en Santé ARS.",
        "evaluation": "Bilan annuel et suivi de l'agrément des stages en ambulatoire.",
        "budget": [],
    },
    {
        "number": 7,
        "title": "Aide à l'investissement immobilier",
        "axis": Axis.GROUP_PRACTICE,
        "context": "Décrochage entre le coût de la construction ou de la rénovation immobilière d'une structure d'exercice collectif et la capacité de financement des professionnels de santé. Manque de ressources financières des collectivités locales pour combler à elles seules ce besoin d'investissement.",
        "objectives": "Déployer une offre de locaux d'activité à loyer modéré en Île-de-France permettant de maintenir l'attractivité de la Région pour les professionnels de santé.",
        "actions": "Participer en investissement à la mise aux normes et/ou à la construction et aménagement de locaux d'activités permettant d'accroître l'offre de soins par un exercice regroupé des professionnels de santé en Île-de-France. Définir les engagements de la structure soutenue dans le cadre d'un règlement d'intervention.",
        "public": "Structures d'exercice collectif avec projets de santé et critères territoriaux d'impact sur l'offre de soins. À qualifier au travers d'un diagnostic de territoire.\nÉligibles :\n- Collectivités territoriales\n- Bailleurs ou foncières solidaires\n- Professionnels de santé majoritairement médecins",
        "communication": "Auprès des publics concernés. Collectivités, médecins en Île-de-France.",
        "animation": "- Direction offre de soins ARS\n- Bureau de l'URPS\n- Chef de projet",
        "format": "- Co-investissement sous la forme d'une aide financière définie en fonction du zonage ARS et du nombre de médecins inclus dans l'opération\n- Un dossier complet permettant d'arbitrer le besoin en investissement\n- Un engagement dans la durée sur le maintien d'une activité médicale et d'un loyer modéré",
        "budget_text": "Accompagnement dans la limite d'une enveloppe budgétaire de 55 M€ avec évaluation au 1er semestre 2025 (après 2 ans).",
        "technical_group": "COPIL URPS et Direction de l'offre de soins ARS au travers d'un Comité d'Instruction partagé avec la Région Île-de-France, invitée permanente.",
        "evaluation": "Bilan annuel et suivi du devenir des structures soutenues : turn-over des PS, nombre de nouveaux PS, atteinte des objectifs du projet de santé.",
        "budget": [
            (
                FUNDING,
                None,
                Decimal("55000000"),
                None,
                "Enveloppe de l'aide à l'investissement immobilier (plafond)",
                "Sur la durée du protocole, évaluation au 1er semestre 2025 ; financeur non précisé par la fiche",
            ),
        ],
    },
    {
        "number": 8,
        "title": "Prévention des maladies chroniques",
        "axis": Axis.PREVENTION,
        "context": "Selon l'ORS, sur l'ensemble des Franciliens âgés de 15 à 85 ans vivant à domicile, 24 % ont déclaré avoir une maladie chronique.\nFace à ce constat, de nombreux dispositifs de prévention et d'accompagnement sont mis en œuvre avec le soutien de l'ARS : dispositifs Prescri'Forme, programmes d'éducation thérapeutique du patient, Maisons Sport Santé, programmes de dépistages organisés des cancers, consultations jeunes consommateurs…\nLa mise en place de « rendez-vous de prévention » aux âges clés de la vie (20-25 ans, 40-45 ans et 60-65 ans) dès 2023 apparaît comme une opportunité pour accompagner les médecins de ville dans le développement de leurs compétences dans le domaine et augmenter leur niveau de connaissance des dispositifs territoriaux existants en matière de prévention dans une logique de parcours de proximité pour le patient.",
        "objectives": "La fiche se décompose en deux parties :\n- Sur l'année 2023 : finalisation du dispositif d'appui ATP sur la base de fonds dédiés.\n- Juin – décembre 2023 : étude de faisabilité et d'opportunité concernant un projet sur la thématique de la prévention prenant appui sur les Consultations de prévention aux âges clés de la vie (PLFSS 2023).",
        "actions": "Utilisation des fonds dédiés de l'expérimentation ATP pour :\n- La communication concernant le projet ATP : supports de communication et évènement de communication à destination d'autres professionnels de santé (ex : autres URPS)\n- Le maintien d'un dispositif d'appui auprès des médecins de l'URPS inspiré du dispositif d'appui de l'ATP. Certains médecins expérimentateurs deviennent « ambassadeurs » dans une perspective de compagnonnage de leurs pairs (ouverture aux médecins non-expérimentateurs).",
        "phasing": "Juin – septembre 2023 : mise en place d'un Copil, réalisation si nécessaire d'une enquête de besoins, appui sur les travaux de construction du PRS et de sa consultation aux partenaires courant de l'été (dont les URPS).",
        "public": "Médecins libéraux",
        "budget_text": "La fiche ne chiffre pas de budget : la finalisation du dispositif d'appui ATP repose sur les fonds dédiés de l'expérimentation ATP.",
        "budget": [],
    },
]

# Convention CDOM 91, 94, 77 (seed 000)

CDOM_COMMITMENTS = "Participe au recrutement du/de la chargé(e) de mission, fournit un poste de travail sur chacun des sites, met à disposition ses réseaux, outils de communication et toute information nécessaire à la mission du/de la chargé(e) de mission, communique autour de ce dispositif, organise avec les facultés des réunions périodiques d'information aux étudiants, participe à l'évaluation, prend en charge les frais de déplacement."
ARS_COMMITMENTS = "Participe au recrutement du/de la chargé(e) de mission, finance son salaire, communique toutes informations utiles, participe à l'évaluation."
UNIVERSITY_COMMITMENTS = "Participe au recrutement du/de la chargé(e) de mission ; organise des actions en partenariat avec le/la chargé(e) de mission visant à promouvoir l'exercice en médecine générale, la maîtrise de stage et le dispositif de Contrat d'engagement de service public (CESP) ; favorise l'implantation de postes universitaires de médecine générale (notamment dans les territoires de la convention) ; favorise le développement de l'enseignement et de la recherche en soins de 1er recours, notamment au sein des 3 territoires."
CPAM_COMMITMENTS = "Désigne des interlocuteurs référents chargés de fournir les informations utiles concernant les modalités d'installation, les démarches administratives, les aides conventionnelles, les données sociodémographiques ; intervient au sein des facultés."
UNION_COMMITMENTS = "S'engage à assurer la promotion du dispositif, à répondre aux sollicitations du/de la chargé(e) de mission, à participer à toute réunion d'information."

CDOM_CONVENTION = {
    "title": "Convention CDOM 91, 94, 77 – ARS – universités – CPAM – syndicats : accompagnement à l'installation en médecine générale",
    "kind": "convention",
    "purpose": (
        "Mettre en place une interface dédiée aux internes dès leur enregistrement dans le Répertoire partagé des professionnels de santé (RPPS), leur permettant de « mûrir » leur projet professionnel.\n"
        "Veiller à l'immersion précoce des étudiants et internes en médecine générale dans le maillage territorial des soins et à la facilitation de leur accès à toute information utile dans le cadre de l'élaboration progressive de leur projet professionnel.\n"
        "Articulation avec les actions mises en œuvre par l'URPS Médecins Île-de-France dans le cadre du protocole d'accord signé avec l'ARS Île-de-France le 6 juillet 2017.\n"
        "Le/la chargé(e) de mission communique sur l'existence du dispositif auprès des étudiants des 2 facultés de médecine et de tous les acteurs de proximité concernés par l'accès aux soins (stratégie de communication, messages et supports, actualisation du PAPS, portail d'accompagnement des professionnels de santé) ; délivre des informations et conseils relatifs à l'installation en médecine générale aux étudiants des 2 facultés (calendrier d'information et de sensibilisation élaboré avec les facultés, actions de promotion de l'exercice en médecine générale avec les facultés et les CDOM, permanences d'information au minimum une fois par mois dans chacune des facultés, recensement et diffusion des facilités d'installation et de formation dans les 3 territoires, accompagnement personnalisé des étudiants et internes en médecine générale ayant un projet d'installation) ; mène une évaluation du dispositif en lien avec les CDOM et les facultés de médecine.\n"
        "D'autres acteurs seront mobilisés, tels que les URPS, le Conseil régional, les Conseils départementaux, collectivités territoriales, URSSAF…"
    ),
    # Illustrative: the seed says the convention is being signed, takes effect on signature
    # and runs 18 months from the chargé(e) de mission's start; these dates are the demo's.
    "signature_date": date(2026, 1, 15),
    "start_date": date(2026, 1, 15),
    "start_event": "prise de fonction du/de la chargé(e) de mission",
    "start_event_date": date(2026, 3, 2),
    "duration_months": 18,
    "governance": (
        "Réunions trimestrielles CDOM / ARS / chargé(e) de mission.\n"
        "Évaluation à 15 mois de la mise en œuvre du dispositif, réalisée par le/la chargé(e) de mission en partenariat avec les facultés et communiquée à l'ensemble des partenaires : 9 items sélectionnés, suivi des inscriptions en médecine générale par les 3 CDOM, questionnaire de satisfaction remis aux étudiants lors des différentes actions, bilan de fonctionnement du dispositif.\n"
        "Recrutement du/de la chargé(e) de mission par les CDOM, l'ARS et les facultés."
    ),
    "parties": [
        *[(name, PartyRole.PARTNER, "", CDOM_COMMITMENTS) for name in CDOMS],
        (ARS, PartyRole.FUNDER, "", ARS_COMMITMENTS),
        *[(name, PartyRole.PARTNER, "", UNIVERSITY_COMMITMENTS) for name in UNIVERSITIES],
        *[(name, PartyRole.PARTNER, "", CPAM_COMMITMENTS) for name in CPAMS],
        *[(name, PartyRole.PARTNER, "", UNION_COMMITMENTS) for name in UNIONS],
    ],
    "cadences": [(MeetingKind.FOLLOW_UP, 3, "CDOM / ARS / chargé(e) de mission")],
    # (label, months after the chargé(e) de mission's start, done)
    "milestones_after_start": [
        ("Recrutement du/de la chargé(e) de mission (CDOM, ARS, facultés)", 0, True),
        ("Évaluation à 15 mois de la mise en œuvre du dispositif", 15, False),
    ],
}

CDOM_AGENDA = (
    "Point d'étape du dispositif : communication auprès des étudiants des 2 facultés, permanences d'information (au moins une par mois dans chaque faculté), accompagnements personnalisés.\n"
    "Suivi des inscriptions en médecine générale par les 3 CDOM.\n"
    "Préparation de l'évaluation à 15 mois."
)

# Quarterly meetings CDOM / ARS / chargé(e) de mission; the dates are illustrative.
CDOM_MEETINGS = [
    (2026, 6, 4, 10, 0),
    (2026, 9, 10, 10, 0),
    (2026, 12, 3, 10, 0),
    (2027, 3, 4, 10, 0),
    (2027, 6, 3, 10, 0),
]
