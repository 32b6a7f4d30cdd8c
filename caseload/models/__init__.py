from .campaigns import Campaign, CampaignTarget, TargetStatus
from .dossiers import (
    AssignmentChange,
    ClosedReason,
    Dossier,
    Source,
    Stage,
    StageChange,
    ZoneType,
)
from .imports import ImportJob, ImportKind, ImportStatus
from .interactions import Interaction, InteractionKind, Outcome
from .outcomes import FollowUp, InstallationOutcome

__all__ = [
    "AssignmentChange",
    "Campaign",
    "CampaignTarget",
    "ClosedReason",
    "Dossier",
    "FollowUp",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "InstallationOutcome",
    "Interaction",
    "InteractionKind",
    "Outcome",
    "Source",
    "Stage",
    "StageChange",
    "TargetStatus",
    "ZoneType",
]
