"""Writes of the caseload app: dossiers, their stage and case manager, interactions, call
campaigns and their queue, installations and the 12-month follow-up.

Every function takes keyword arguments only and runs in one transaction. A stage or case
manager change leaves a StageChange or AssignmentChange row, so the dossier's history is
complete. Any write to a dossier row bumps its `version`: an edit made from a stale page is
refused (optimistic concurrency) rather than silently overwriting someone else's work.
Errors a user must read are DossierError(code, message), the message already translated.

One module per subject: base (the error, the row lock, the versioned save, the stage change),
dossiers, interactions, campaigns, follow_up. The names below are the package's API.
"""

from .base import DossierError, _lock, _save
from .campaigns import (
    CLAIM_MINUTES,
    FINAL_TARGET_STATUSES,
    add_targets,
    claim_next_target,
    create_campaign,
    release_claim,
    toggle_campaign,
)
from .dossiers import (
    assign_dossier,
    change_stage,
    create_dossier,
    transfer_dossiers,
    update_dossier,
)
from .follow_up import (
    ALL_CORE_TOPICS,
    DEFAULT_TOPICS,
    add_months,
    answer_follow_up_survey,
    complete_follow_up,
    follow_up_months,
    record_installation,
)
from .interactions import log_interaction

__all__ = [
    "ALL_CORE_TOPICS",
    "CLAIM_MINUTES",
    "DEFAULT_TOPICS",
    "FINAL_TARGET_STATUSES",
    "DossierError",
    "_lock",
    "_save",
    "add_months",
    "answer_follow_up_survey",
    "add_targets",
    "assign_dossier",
    "change_stage",
    "claim_next_target",
    "complete_follow_up",
    "create_campaign",
    "create_dossier",
    "follow_up_months",
    "log_interaction",
    "record_installation",
    "release_claim",
    "toggle_campaign",
    "transfer_dossiers",
    "update_dossier",
]
