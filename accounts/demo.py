"""Demo data of the accounts app: tenants, staff per role, interns with varied profiles.

Idempotent: every row is found by a natural key (slug, e-mail, name) and updated in place.
"""

from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.utils import timezone

from core.models import Departement, Region

from .models import Membership, Profile, Role, SettlementStep, Tenant, User
from .rpps import luhn_is_valid

DEMO_PASSWORD = "demo-cap-installation"  # noqa: S105 (published on purpose: demo data only)
DEMO_DOMAIN = "demo.cap-installation.fr"
# A fixed TOTP secret for demo staff, so `manage.py demo_totp_code` can print a valid code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

# fmt: off
IDF_STEPS = [
    ("S'inscrire au tableau de l'Ordre des médecins",
     "Auprès du conseil départemental de l'Ordre (CDOM) du lieu d'exercice, avant de commencer.",
     "https://www.conseil-national.medecin.fr/"),
    ("Obtenir sa carte CPS ou e-CPS", "Elle découle de l'inscription à l'Ordre et au RPPS.",
     "https://esante.gouv.fr/produits-services/e-cps"),
    ("S'immatriculer auprès de la CPAM",
     "Conventionnement, choix du secteur, aides conventionnelles (CAIM, COTRAM…).",
     "https://www.ameli.fr/medecin/exercice-liberal/vie-cabinet/installation"),
    ("Se déclarer à l'URSSAF", "Dans les 8 jours qui suivent le début d'activité libérale.",
     "https://www.urssaf.fr/accueil/independant/praticien-auxiliaire-medical.html"),
    ("S'affilier à la CARMF", "La caisse de retraite des médecins libéraux.",
     "https://www.carmf.fr/"),
    ("Souscrire une assurance en responsabilité civile professionnelle",
     "Obligatoire ; à transmettre au CDOM.", ""),
    ("Trouver son local ou rejoindre une structure",
     "Bail professionnel, accessibilité, ou entrée dans une MSP ou un centre de santé.", ""),
    ("Ouvrir un compte bancaire professionnel et choisir sa comptabilité",
     "Adhérer à une association de gestion agréée (AGA) est recommandé.", ""),
    ("Vérifier le zonage et demander les aides",
     "Zones d'intervention prioritaire (ZIP) et d'action complémentaire (ZAC) de l'ARS.",
     "https://www.iledefrance.paps.sante.fr/"),
]
# fmt: on

# fmt: off
STAFF = [
    # (e-mail local part, first name, last name, role, organisation)
    ("admin", "Sophie", "Lambert", Role.ADMIN, "ARS Île-de-France"),
    ("charge.mission", "Claire", "Dubois", Role.CASE_MANAGER, "URPS médecins Île-de-France"),
    ("hote.cpam91", "Karim", "Benali", Role.HOST, "CPAM de l'Essonne"),
    ("hote.cdom94", "Dr Anne", "Moreau", Role.HOST, "CDOM du Val-de-Marne"),
    ("copil", "Dr Marc", "Lefèvre", Role.STEERING, "URPS médecins Île-de-France"),
]
# fmt: on

# fmt: off
INTERNS = [
    # first, last, status, specialty, maturity, départements, practice, structure, cesp, months
    ("Inès", "Roussel", "interne", "medecine_generale", "maturing", ["91", "77"], "liberal", "msp", True, 18),
    ("Lucas", "Bernard", "docteur_junior", "medecine_generale", "defined", ["94"], "liberal", "groupe", False, 6),
    ("Amina", "Diallo", "remplacant", "medecine_generale", "under_way", ["93"], "mixte", "centre_sante", False, 3),
    ("Thomas", "Petit", "externe", "medecine_generale", "exploring", ["95"], "", "", False, None),
    ("Chloé", "Garnier", "chef_clinique", "pediatrie", "maturing", ["92", "78"], "salarie", "centre_sante", False, 24),
    ("Hugo", "Faure", "interne", "psychiatrie", "exploring", ["75"], "undecided", "undecided", False, None),
    ("Léa", "Mercier", "installe_recent", "medecine_generale", "installed", ["77"], "liberal", "msp", True, -4),
    ("Yanis", "Chevalier", "remplacant", "medecine_generale", "defined", ["95", "78"], "liberal", "cabinet", False, 9),
    ("Manon", "Blanc", "docteur_junior", "gynecologie_medicale", "maturing", ["91"], "mixte", "groupe", False, 12),
    ("Nathan", "Girard", "reconversion", "medecine_generale", "defined", ["77", "91"], "salarie", "centre_sante", False, 5),
    ("Sarah", "Bonnet", "interne", "medecine_generale", "exploring", ["94", "93"], "", "", True, None),
    ("Paul", "Rousseau", "interne", "ophtalmologie", "maturing", ["92"], "liberal", "groupe", False, 30),
]
# fmt: on


def demo_email(local_part):
    return f"{local_part}@{DEMO_DOMAIN}"


def rpps_for(index):
    """A valid demo RPPS: ten digits from the index, then the Luhn key that makes it valid."""
    base = f"10{index:08d}"
    return next(base + str(key) for key in range(10) if luhn_is_valid(base + str(key)))


def _user(local_part, first_name, last_name, **extra):
    user, _ = User.objects.update_or_create(
        email=demo_email(local_part),
        defaults={"first_name": first_name, "last_name": last_name, **extra},
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _activate_demo_totp(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def seed_tenants():
    idf, _ = Tenant.objects.update_or_create(
        slug="idf",
        defaults={
            "name": "Île-de-France",
            "tagline": "ARS Île-de-France et URPS médecins Île-de-France — protocole 2023-2027",
            "region": Region.objects.get(insee_code="11"),
            "contact_email": demo_email("contact.idf"),
            "colour": "#000091",
            "referent_name": "Claire Dubois",
            "referent_role": "Chargée de mission installation (guichet unique)",
            "referent_email": demo_email("charge.mission"),
            "referent_phone": "01 44 02 00 00",
        },
    )
    idf.departements.set(
        Departement.objects.filter(insee_code__in=["75", "77", "78", "91", "92", "93", "94", "95"])
    )
    pm64, _ = Tenant.objects.update_or_create(
        slug="pm64",
        defaults={
            "name": "Présence médicale 64",
            "tagline": "Le guichet unique du département des Pyrénées-Atlantiques",
            "region": Region.objects.get(insee_code="75"),
            "contact_email": demo_email("contact.pm64"),
            "colour": "#18753c",
            "referent_name": "Jean Etcheverry",
            "referent_role": "Interlocuteur unique Présence médicale 64",
            "referent_email": demo_email("pm64"),
            "referent_phone": "05 59 00 00 00",
        },
    )
    pm64.departements.set(Departement.objects.filter(insee_code="64"))
    for position, (title, description, url) in enumerate(IDF_STEPS):
        SettlementStep.objects.update_or_create(
            tenant=idf,
            title=title,
            defaults={"description": description, "url": url, "position": position},
        )
    return idf, pm64


def seed_staff(idf):
    logins = []
    for local_part, first, last, role, organisation in STAFF:
        user = _user(local_part, first, last)
        Membership.objects.update_or_create(
            tenant=idf, user=user, role=role, defaults={"organisation": organisation}
        )
        _activate_demo_totp(user)
        logins.append((user.email, Role(role).label))
    superuser = _user("superadmin", "Super", "Admin", is_staff=True, is_superuser=True)
    _activate_demo_totp(superuser)
    logins.append((superuser.email, "Superutilisateur (/admin/)"))
    return logins


def seed_interns(idf):
    logins = []
    now = timezone.now()
    today = timezone.localdate()
    for index, (
        first,
        last,
        status,
        specialty,
        maturity,
        deps,
        mode,
        structure,
        cesp,
        months,
    ) in enumerate(INTERNS, start=1):
        user = _user(f"{first}.{last}".lower().replace("é", "e").replace("è", "e"), first, last)
        expected = None
        if months is not None:
            year, month = divmod(today.month - 1 + months, 12)
            expected = date(today.year + year, month + 1, 1)
        profile, _ = Profile.objects.update_or_create(
            user=user,
            defaults={
                "status": status,
                "rpps": "" if status == "externe" else rpps_for(index),
                "specialty": specialty,
                "faculty": "Université Paris-Est Créteil"
                if index % 2
                else "Université Paris-Saclay",
                "subdivision": "Île-de-France",
                "internship_year": 3 if status == "interne" else None,
                "maturity": maturity,
                "practice_mode": mode,
                "structure": structure,
                "cesp_signatory": cesp,
                "expected_installation": expected,
                "followed_tenant": idf,
                # Every demo intern can book: the short step's fields and the terms in force.
                "phone": f"06 12 34 56 {index:02d}",
                "terms_accepted_at": now,
                "terms_version": settings.TERMS_VERSION,
                "share_consent_at": now if index % 4 else None,
                "contact_consent_at": now if index % 3 else None,
            },
        )
        profile.departements_considered.set(Departement.objects.filter(insee_code__in=deps))
        logins.append((user, f"{profile.get_status_display()} — {first} {last}"))
    return logins
