"""Demo partners and conventions of the Île-de-France programme, from the seeds (protocol
ARS/URPS 2023-2027 and the CDOM 91/94/77 convention; texts in demo_data.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from core.models import Departement

from . import demo_data
from .models import (
    ANNEX_SECTIONS,
    Annex,
    BudgetLine,
    Convention,
    ConventionParty,
    Decision,
    GovernanceCadence,
    Meeting,
    MeetingKind,
    Milestone,
    Partner,
    PartnerContact,
    PartnerKind,
)

PARIS = ZoneInfo("Europe/Paris")
TEXT_FIELDS = {"purpose", "start_event", "governance"}

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


def _aware(year, month, day, hour, minute):
    """That wall-clock time in Paris."""
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


CONVENTION_FIELDS = (
    "kind",
    "purpose",
    "signature_date",
    "start_date",
    "start_event",
    "start_event_date",
    "end_date",
    "duration_months",
    "governance",
)


def _convention(tenant, data, partners):
    fields = {name: data.get(name) for name in CONVENTION_FIELDS}
    fields = {
        name: "" if value is None and name in TEXT_FIELDS else value
        for name, value in fields.items()
    }
    convention, _created = Convention.objects.update_or_create(
        tenant=tenant, title=data["title"], defaults=fields
    )
    for name, role, representative, commitments in data["parties"]:
        ConventionParty.objects.update_or_create(
            convention=convention,
            partner=partners[name],
            role=role,
            defaults={
                "tenant": tenant,
                "representative": representative,
                "commitments": commitments,
            },
        )
    for kind, every_months, description in data["cadences"]:
        GovernanceCadence.objects.update_or_create(
            convention=convention,
            meeting_kind=kind,
            defaults={"tenant": tenant, "every_months": every_months, "description": description},
        )
    _milestones(tenant, convention, data)
    return convention


def _milestones(tenant, convention, data):
    """Milestones on a date, then those counted in months after the start."""
    dated = [(label, due, None, done) for label, due, done in data.get("milestones", [])]
    after = [(label, None, m, done) for label, m, done in data.get("milestones_after_start", [])]
    for label, due_date, months, done in dated + after:
        Milestone.objects.update_or_create(
            convention=convention,
            label=label,
            defaults={
                "tenant": tenant,
                "due_date": due_date,
                "months_after_start": months,
                "done": done,
            },
        )


def _meeting(convention, kind, starts_at, attendees, agenda, other_attendees="", decisions=()):
    meeting, _created = Meeting.objects.update_or_create(
        convention=convention,
        kind=kind,
        starts_at=starts_at,
        defaults={
            "tenant": convention.tenant,
            "agenda": agenda,
            "other_attendees": other_attendees,
        },
    )
    meeting.attendees.set(attendees)
    for text, owner_name, due_date, done in decisions:
        Decision.objects.update_or_create(
            meeting=meeting,
            text=text,
            defaults={
                "tenant": convention.tenant,
                "owner_name": owner_name,
                "due_date": due_date,
                "done": done,
            },
        )
    return meeting


def _annex(convention, data, partners):
    sections = {name: data.get(name, "") for name in ANNEX_SECTIONS}
    annex, _created = Annex.objects.update_or_create(
        convention=convention,
        number=data["number"],
        defaults={
            "tenant": convention.tenant,
            "title": data["title"],
            "axis": data["axis"],
            **sections,
        },
    )
    for nature, year, amount, funder, pays_for, note in data["budget"]:
        BudgetLine.objects.update_or_create(
            annex=annex,
            nature=nature,
            year=year,
            pays_for=pays_for,
            defaults={
                "tenant": convention.tenant,
                "amount": amount,
                "funder": partners[funder] if funder else None,
                "note": note,
            },
        )
    return annex


def seed_conventions(tenant):
    """The IDF protocol ARS / URPS 2023-2027 with its 8 annexes, budgets and steering
    committees, and the CDOM 91/94/77 convention with its partners' commitments and quarterly
    meetings (idempotent; needs seed_partners first). Returns the two conventions."""
    partners = {partner.name: partner for partner in Partner.objects.filter(tenant=tenant)}
    for partner_name, name, function in demo_data.CONTACTS:
        PartnerContact.objects.update_or_create(
            partner=partners[partner_name],
            name=name,
            defaults={"tenant": tenant, "function": function},
        )

    protocol = _convention(tenant, demo_data.PROTOCOL, partners)
    for annex in demo_data.ANNEXES:
        _annex(protocol, annex, partners)
    copil = [partners[demo_data.ARS], partners[demo_data.URPS]]
    for meeting in demo_data.PROTOCOL_MEETINGS:
        _meeting(
            protocol,
            meeting["kind"],
            _aware(*meeting["starts_at"]),
            copil,
            meeting["agenda"],
            decisions=meeting["decisions"],
        )

    cdom = _convention(tenant, demo_data.CDOM_CONVENTION, partners)
    follow_up = [partners[name] for name in demo_data.CDOMS] + [partners[demo_data.ARS]]
    for starts_at in demo_data.CDOM_MEETINGS:
        _meeting(
            cdom,
            MeetingKind.FOLLOW_UP,
            _aware(*starts_at),
            follow_up,
            demo_data.CDOM_AGENDA,
            other_attendees="Chargé(e) de mission",
        )
    return protocol, cdom
