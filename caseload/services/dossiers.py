"""Dossiers: opened, edited (optimistic concurrency on `version`), moved through the stages,
assigned and transferred between case managers."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    AssignmentChange,
    ClosedReason,
    Dossier,
    InstallationOutcome,
    Stage,
    StageChange,
)
from ..permissions import can_be_assigned
from .base import DossierError, _duplicate_error, _lock, _save, _set_stage, stale_error

# Fields the dossier form edits; the stage and the case manager have their own services.
EDITABLE_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "rpps",
    "specialty",
    "diploma_year",
    "faculty",
    "source",
    "target_departement",
    "target_commune",
    "practice_mode",
    "zone_type",
    "tags",
    "next_action",
    "next_action_on",
    "do_not_call",
]


# Dossiers


def create_dossier(*, tenant, acting_user, assigned_to=None, stage=Stage.TO_CONTACT, **fields):
    """Open a dossier (with or without an account behind it) and record its first stage and
    case manager."""
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"person", "link_method"}
    if unknown:
        raise TypeError(f"not dossier fields: {sorted(unknown)}")
    if assigned_to is not None and not can_be_assigned(assigned_to, tenant):
        raise DossierError("not_case_manager", _("Cette personne ne suit pas les dossiers."))
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                tenant=tenant, stage=stage, assigned_to=assigned_to, **fields
            )
            StageChange.objects.create(
                tenant=tenant, dossier=dossier, to_stage=stage, changed_by=acting_user
            )
            if assigned_to is not None:
                AssignmentChange.objects.create(
                    tenant=tenant, dossier=dossier, to_user=assigned_to, changed_by=acting_user
                )
    except IntegrityError as error:
        raise _duplicate_error() from error
    return dossier


def update_dossier(*, dossier, version, changes, acting_user):
    """Save the form's changes if nobody saved the dossier since `version` was read.

    `UPDATE … SET version = version + 1 WHERE id = … AND version = <read>` decides: when it
    touches no row, someone else saved in between and nothing is written (DossierError
    "stale"). The changes are then saved through the model, so the audit log sees them.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable dossier fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            bumped = Dossier.objects.filter(pk=dossier.pk, version=version).update(
                version=F("version") + 1
            )
            if not bumped:
                raise stale_error()
            for name, value in changes.items():
                setattr(dossier, name, value)
            dossier.version = version + 1
            dossier.save(update_fields=[*changes, "version", "updated_at"])
    except IntegrityError as error:
        raise _duplicate_error() from error
    return dossier


def change_stage(*, dossier, to_stage, acting_user, reason="", version=None):
    """Move the dossier to another stage of the funnel; closing it requires a reason.

    "Installed" and "12-month follow-up done" come from recording the installation and
    completing its touchpoints, not from this function (they need the installation's data).
    """
    if to_stage not in Stage.values:
        raise DossierError("bad_stage", _("Étape inconnue."))
    if to_stage == Stage.CLOSED and reason not in ClosedReason.values:
        raise DossierError("reason_required", _("Indiquez pourquoi le dossier est clos."))
    with transaction.atomic():
        locked = _lock(dossier)
        if version is not None and locked.version != version:
            raise stale_error()
        if to_stage in (Stage.INSTALLED, Stage.FOLLOWED) and not _has_installation(locked):
            raise DossierError(
                "installation_required",
                _("Enregistrez d'abord l'installation : le dossier passe alors à « Installé(e) »."),
            )
        if locked.stage == to_stage and (
            to_stage != Stage.CLOSED or locked.closed_reason == reason
        ):
            return locked
        _save(locked, _set_stage(locked, to_stage, acting_user=acting_user, reason=reason))
    return locked


def _has_installation(dossier):
    return InstallationOutcome.objects.filter(dossier=dossier).exists()


def assign_dossier(*, dossier, to_user, acting_user):
    """Give the dossier to a case manager (None: nobody) and record the handover."""
    if to_user is not None and not can_be_assigned(to_user, dossier.tenant):
        raise DossierError("not_case_manager", _("Cette personne ne suit pas les dossiers."))
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.assigned_to_id == (to_user.pk if to_user else None):
            return locked
        AssignmentChange.objects.create(
            tenant_id=locked.tenant_id,
            dossier=locked,
            from_user_id=locked.assigned_to_id,
            to_user=to_user,
            changed_by=acting_user,
        )
        locked.assigned_to = to_user
        _save(locked, ["assigned_to"])
    return locked


def transfer_dossiers(*, tenant, dossier_ids, to_user, acting_user):
    """Hand several dossiers over to one case manager at once; returns how many moved."""
    if not can_be_assigned(to_user, tenant):
        raise DossierError("not_case_manager", _("Cette personne ne suit pas les dossiers."))
    with transaction.atomic():
        moving = list(
            Dossier.objects.filter(tenant=tenant, pk__in=dossier_ids)
            .exclude(assigned_to=to_user)
            .select_for_update(of=("self",))
            .only("pk", "assigned_to_id")
        )
        AssignmentChange.objects.bulk_create(
            AssignmentChange(
                tenant=tenant,
                dossier_id=dossier.pk,
                from_user_id=dossier.assigned_to_id,
                to_user=to_user,
                changed_by=acting_user,
            )
            for dossier in moving
        )
        Dossier.objects.filter(pk__in=[dossier.pk for dossier in moving]).update(
            assigned_to=to_user, version=F("version") + 1, updated_at=timezone.now()
        )
    return len(moving)
