from .annexes import ANNEX_SECTIONS, Annex, Axis, BudgetLine, BudgetNature
from .conventions import (
    Convention,
    ConventionDocument,
    ConventionKind,
    ConventionParty,
    ConventionStatus,
    MeetingKind,
    PartyRole,
    StatusOverride,
)
from .meetings import Decision, Meeting
from .partners import Partner, PartnerContact, PartnerKind
from .schedule import GovernanceCadence, Milestone

__all__ = [
    "ANNEX_SECTIONS",
    "Annex",
    "Axis",
    "BudgetLine",
    "BudgetNature",
    "Convention",
    "ConventionDocument",
    "ConventionKind",
    "ConventionParty",
    "ConventionStatus",
    "Decision",
    "GovernanceCadence",
    "Meeting",
    "MeetingKind",
    "Milestone",
    "Partner",
    "PartnerContact",
    "PartnerKind",
    "PartyRole",
    "StatusOverride",
]
