from .campaigns import Campaign, CampaignTarget, TargetStatus
from .dossiers import (
    PROVEN_LINKS,
    AssignmentChange,
    ClosedReason,
    Dossier,
    LinkMethod,
    Source,
    Stage,
    StageChange,
    ZoneType,
)
from .imports import ImportJob, ImportKind, ImportRowError, ImportStatus
from .interactions import Interaction, InteractionKind, Outcome
from .links import LinkSuggestion, SuggestionReason, SuggestionStatus
from .outcomes import Aid, FollowUp, FollowUpTopic, InstallationOutcome
from .survey import FollowUpSatisfaction

__all__ = [
    "PROVEN_LINKS",
    "Aid",
    "AssignmentChange",
    "Campaign",
    "CampaignTarget",
    "ClosedReason",
    "Dossier",
    "FollowUp",
    "FollowUpSatisfaction",
    "FollowUpTopic",
    "ImportJob",
    "ImportRowError",
    "ImportKind",
    "ImportStatus",
    "InstallationOutcome",
    "Interaction",
    "InteractionKind",
    "LinkMethod",
    "LinkSuggestion",
    "Outcome",
    "Source",
    "Stage",
    "StageChange",
    "SuggestionReason",
    "SuggestionStatus",
    "TargetStatus",
    "ZoneType",
]
