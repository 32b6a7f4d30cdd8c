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
from .outcomes import Aid, FollowUp, FollowUpTopic, InstallationOutcome

__all__ = [
    "Aid",
    "AssignmentChange",
    "Campaign",
    "CampaignTarget",
    "ClosedReason",
    "Dossier",
    "FollowUp",
    "FollowUpTopic",
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
