"""Choice lists of the intern and doctor profile."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    EXTERNE = "externe", _("Externe (étudiant du 2e cycle)")
    INTERNE = "interne", _("Interne")
    DOCTEUR_JUNIOR = "docteur_junior", _("Docteur junior")
    CHEF_CLINIQUE = "chef_clinique", _("Chef de clinique / assistant")
    REMPLACANT = "remplacant", _("Remplaçant")
    INSTALLE_RECENT = "installe_recent", _("Installé(e) depuis moins d'un an")
    RECONVERSION = "reconversion", _("En reconversion")


class Specialty(models.TextChoices):
    """The DES (diplômes d'études spécialisées) of the third cycle of medical studies."""

    MEDECINE_GENERALE = "medecine_generale", _("Médecine générale")
    ALLERGOLOGIE = "allergologie", _("Allergologie")
    ANESTHESIE = "anesthesie_reanimation", _("Anesthésie-réanimation")
    BIOLOGIE = "biologie_medicale", _("Biologie médicale")
    CARDIOLOGIE = "cardiologie", _("Médecine cardiovasculaire")
    CHIRURGIE_ORTHO = "chirurgie_orthopedique", _("Chirurgie orthopédique et traumatologique")
    CHIRURGIE_VISCERALE = "chirurgie_viscerale", _("Chirurgie viscérale et digestive")
    CHIRURGIE_AUTRE = "chirurgie_autre", _("Autre spécialité chirurgicale")
    DERMATOLOGIE = "dermatologie", _("Dermatologie et vénéréologie")
    ENDOCRINOLOGIE = "endocrinologie", _("Endocrinologie-diabétologie-nutrition")
    GASTRO = "hepato_gastro_enterologie", _("Hépato-gastro-entérologie")
    GERIATRIE = "geriatrie", _("Gériatrie")
    GYNECOLOGIE_MEDICALE = "gynecologie_medicale", _("Gynécologie médicale")
    GYNECOLOGIE_OBSTETRIQUE = "gynecologie_obstetrique", _("Gynécologie obstétrique")
    HEMATOLOGIE = "hematologie", _("Hématologie")
    MALADIES_INFECTIEUSES = "maladies_infectieuses", _("Maladies infectieuses et tropicales")
    MEDECINE_INTERNE = "medecine_interne", _("Médecine interne et immunologie clinique")
    MEDECINE_TRAVAIL = "medecine_travail", _("Médecine et santé au travail")
    MEDECINE_URGENCE = "medecine_urgence", _("Médecine d'urgence")
    MPR = "medecine_physique", _("Médecine physique et de réadaptation")
    NEPHROLOGIE = "nephrologie", _("Néphrologie")
    NEUROLOGIE = "neurologie", _("Neurologie")
    ONCOLOGIE = "oncologie", _("Oncologie")
    OPHTALMOLOGIE = "ophtalmologie", _("Ophtalmologie")
    ORL = "orl", _("Oto-rhino-laryngologie – chirurgie cervico-faciale")
    PEDIATRIE = "pediatrie", _("Pédiatrie")
    PNEUMOLOGIE = "pneumologie", _("Pneumologie")
    PSYCHIATRIE = "psychiatrie", _("Psychiatrie")
    RADIOLOGIE = "radiologie", _("Radiologie et imagerie médicale")
    RHUMATOLOGIE = "rhumatologie", _("Rhumatologie")
    SANTE_PUBLIQUE = "sante_publique", _("Santé publique")
    AUTRE = "autre", _("Autre spécialité")


class Maturity(models.TextChoices):
    EXPLORING = "exploring", _("Je m'informe")
    MATURING = "maturing", _("Mon projet mûrit")
    DEFINED = "defined", _("Mon projet est défini")
    UNDER_WAY = "under_way", _("Mon installation est en cours")
    INSTALLED = "installed", _("Je suis installé(e)")


class PracticeMode(models.TextChoices):
    LIBERAL = "liberal", _("Libéral")
    SALARIE = "salarie", _("Salarié")
    MIXTE = "mixte", _("Mixte")
    UNDECIDED = "undecided", _("Je ne sais pas encore")


class Structure(models.TextChoices):
    CABINET = "cabinet", _("Cabinet individuel")
    GROUPE = "groupe", _("Cabinet de groupe")
    MSP = "msp", _("Maison de santé pluriprofessionnelle (MSP)")
    CENTRE_SANTE = "centre_sante", _("Centre de santé")
    UNDECIDED = "undecided", _("Je ne sais pas encore")
