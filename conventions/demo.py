"""Demo partners of the Île-de-France programme, from the seeds (protocol ARS/URPS 2023-2027
and the CDOM 91/94/77 convention)."""

from portal.models import Departement

from .models import Partner, PartnerKind

# fmt: off
IDF_PARTNERS = [
    ("Agence régionale de santé Île-de-France", PartnerKind.ARS, None, "https://www.iledefrance.ars.sante.fr/"),
    ("URPS médecins libéraux Île-de-France", PartnerKind.URPS, None, "https://www.urps-med-idf.org/"),
    ("CDOM de l'Essonne", PartnerKind.CDOM, "91", ""),
    ("CDOM du Val-de-Marne", PartnerKind.CDOM, "94", ""),
    ("CDOM de Seine-et-Marne", PartnerKind.CDOM, "77", ""),
    ("CPAM de l'Essonne", PartnerKind.CPAM, "91", "https://www.ameli.fr/essonne"),
    ("CPAM du Val-de-Marne", PartnerKind.CPAM, "94", "https://www.ameli.fr/val-de-marne"),
    ("CPAM de Seine-et-Marne", PartnerKind.CPAM, "77", "https://www.ameli.fr/seine-et-marne"),
    ("Université Paris-Est Créteil — faculté de santé", PartnerKind.UNIVERSITY, "94", ""),
    ("Université Paris-Saclay — faculté de médecine (ex Paris-Sud)", PartnerKind.UNIVERSITY, "94", ""),
    ("Département de médecine générale de Paris-Est Créteil", PartnerKind.DMG, "94", ""),
    ("Département de médecine générale de Paris-Saclay", PartnerKind.DMG, "94", ""),
    ("Syndicat représentatif parisien des internes de médecine générale (SRP-IMG)", PartnerKind.UNION, None, ""),
    ("Regroupement autonome des généralistes jeunes installés et remplaçants (ReAGJIR)", PartnerKind.UNION, None, ""),
]
# fmt: on


def seed_partners(tenant):
    for name, kind, departement_code, website in IDF_PARTNERS:
        departement = (
            Departement.objects.get(insee_code=departement_code) if departement_code else None
        )
        Partner.objects.update_or_create(
            tenant=tenant,
            name=name,
            defaults={"kind": kind, "departement": departement, "website": website},
        )
    return len(IDF_PARTNERS)
