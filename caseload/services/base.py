"""What every caseload write shares: the error a user reads (DossierError), the dossier's row
lock, the versioned save, and the recorded stage change."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Dossier,
    Stage,
    StageChange,
)

FUNNEL = list(Stage.values)


class DossierError(Exception):
    """A caseload write refused for a reason the user must read (already translated)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def stale_error():
    return DossierError(
        "stale",
        _(
            "Ce dossier a été modifié par quelqu'un d'autre entre-temps : vos modifications "
            "n'ont pas été enregistrées. Rechargez la page pour voir la version à jour, puis "
            "recommencez."
        ),
    )


def _duplicate_error():
    return DossierError(
        "duplicate",
        _("Un autre dossier de l'espace a déjà cette adresse e-mail ou ce numéro RPPS."),
    )


def _lock(dossier):
    """The dossier's row, locked for the rest of the transaction and read fresh."""
    return Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)


def _save(dossier, fields):
    dossier.version = F("version") + 1
    dossier.save(update_fields=[*fields, "version", "updated_at"])
    dossier.refresh_from_db(fields=["version"])


def _set_stage(dossier, to_stage, *, acting_user, reason=""):
    """Move a locked dossier to `to_stage` and record it; returns the changed field names."""
    from_stage = dossier.stage
    dossier.stage = to_stage
    if to_stage == Stage.CLOSED:
        dossier.closed_reason = reason
        dossier.closed_at = timezone.now()
    else:
        dossier.closed_reason = ""
        dossier.closed_at = None
    StageChange.objects.create(
        tenant_id=dossier.tenant_id,
        dossier=dossier,
        from_stage=from_stage,
        to_stage=to_stage,
        reason=reason if to_stage == Stage.CLOSED else "",
        changed_by=acting_user,
    )
    return ["stage", "closed_reason", "closed_at"]


def _advance_to(dossier, to_stage, *, acting_user):
    """Move forward in the funnel only (never back, never out of "closed")."""
    if dossier.stage == Stage.CLOSED or FUNNEL.index(dossier.stage) >= FUNNEL.index(to_stage):
        return []
    return _set_stage(dossier, to_stage, acting_user=acting_user)
