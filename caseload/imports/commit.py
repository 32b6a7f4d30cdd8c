"""The commit of a previewed import: every valid row re-validated and written in one
transaction, or nothing; the progress of a commit the worker runs."""

import hashlib
import logging
from datetime import datetime, time

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scope

from core.spreadsheets import ImportFileError

from ..models import (
    CampaignTarget,
    Dossier,
    ImportJob,
    ImportKind,
    ImportStatus,
    Interaction,
    InteractionKind,
    Source,
    Stage,
    StageChange,
)
from . import progress
from .validation import CHUNK_SIZE, RESOURCES, Fingerprint, Validator, _open, validated_chunks

logger = logging.getLogger(__name__)

CDOM_TAG = "Inscrit(e) au CDOM"


class ImportRefused(Exception):
    """The commit was refused or rolled back; nothing was saved. `message` is for the user."""

    def __init__(self, message, *, stale=False):
        super().__init__(message)
        self.message = message
        self.stale = stale


class _Stale(Exception):
    pass


class Writer:
    """Writes the valid rows of each chunk (inside the caller's transaction)."""

    def __init__(self, *, job, user, campaign, source):
        self.job, self.user, self.campaign, self.source = job, user, campaign, source
        self.tenant = job.tenant
        self.fields = RESOURCES[job.kind].fields
        self.created = self.updated = self.targeted = 0
        self.now = timezone.now()

    def _new_dossier(self, values):
        fields = {
            self.fields[name].attribute: value
            for name, value in values.items()
            if self.fields[name].attribute and value not in (None, "")
        }
        return Dossier(
            tenant_id=self.tenant.pk,
            source=Source.CDOM if self.job.kind == ImportKind.CDOM else self.source,
            stage=Stage.TO_CONTACT,
            tags=[CDOM_TAG] if self.job.kind == ImportKind.CDOM else [],
            **fields,
        )

    def write(self, results):
        valid = [result for result in results if result.valid]
        creates = [result for result in valid if result.action == "create"]
        updates = [result for result in valid if result.action == "update"]
        created = Dossier.objects.bulk_create(
            [self._new_dossier(result.values) for result in creates], batch_size=CHUNK_SIZE
        )
        self.created += len(created)
        # Each dossier starts its history, as one opened by hand does (services.create_dossier).
        StageChange.objects.bulk_create(
            [
                StageChange(
                    tenant=self.tenant,
                    dossier=dossier,
                    to_stage=Stage.TO_CONTACT,
                    changed_by=self.user,
                )
                for dossier in created
            ],
            batch_size=CHUNK_SIZE,
        )
        if self.campaign is not None and created:
            CampaignTarget.objects.bulk_create(
                [
                    CampaignTarget(tenant=self.tenant, campaign=self.campaign, dossier=dossier)
                    for dossier in created
                ],
                batch_size=CHUNK_SIZE,
            )
            self.targeted += len(created)
        if self.job.kind == ImportKind.CDOM:
            dossiers = dict(zip((id(r) for r in creates), created, strict=True))
            dossiers.update(self._update_cdom(updates))
            self._cdom_notes(creates + updates, dossiers)

    def _update_cdom(self, updates):
        """The CDOM registration says where the person settles: the département is set, the
        CDOM tag added, blank names and RPPS filled; the version is bumped so that a case
        manager editing the dossier at the same time is told."""
        if not updates:
            return {}
        by_pk = Dossier.objects.filter(
            tenant=self.tenant, pk__in=[result.dossier_id for result in updates]
        ).in_bulk()
        changed = {}
        for result in updates:
            dossier = by_pk[result.dossier_id]
            values = result.values
            dossier.target_departement_id = values["departement"]
            for name in ("first_name", "last_name", "rpps"):
                if not getattr(dossier, name):
                    setattr(dossier, name, values[name])
            if CDOM_TAG not in (dossier.tags or []):
                dossier.tags = [*(dossier.tags or []), CDOM_TAG]
            dossier.version = F("version") + 1
            dossier.updated_at = self.now
            changed[id(result)] = dossier
        Dossier.objects.bulk_update(
            list(by_pk.values()),
            ["target_departement", "first_name", "last_name", "rpps", "tags", "version",
             "updated_at"],
            batch_size=CHUNK_SIZE,
        )  # fmt: skip
        self.updated += len(by_pk)
        return changed

    def _cdom_notes(self, results, dossiers):
        """One note per registration on the dossier's timeline, dated the registration day."""
        from core.models import Departement

        names = dict(Departement.objects.values_list("pk", "name"))
        notes = []
        for result in results:
            registered_on = result.values["registered_on"]
            occurred_at = timezone.make_aware(datetime.combine(registered_on, time(12)))
            notes.append(
                Interaction(
                    tenant=self.tenant,
                    dossier_id=dossiers[id(result)].pk,
                    kind=InteractionKind.NOTE,
                    occurred_at=occurred_at,
                    author=self.user,
                    text=_(
                        "Inscription au tableau de l'Ordre (CDOM %(departement)s) le %(date)s, "
                        "d'après l'import « %(file)s »."
                    )
                    % {
                        "departement": names.get(result.values["departement"], ""),
                        "date": date_format(registered_on, "SHORT_DATE_FORMAT"),
                        "file": self.job.original_name,
                    },
                )
            )
        Interaction.objects.bulk_create(notes, batch_size=CHUNK_SIZE)


def _check_committable(report, status, *, fingerprint, from_queue):
    if status == ImportStatus.COMMITTED:
        raise ImportRefused(_("Ce fichier a déjà été importé."))
    if status == ImportStatus.PREVIEWING:
        raise ImportRefused(
            _("L'aperçu de ce fichier est en cours : attendez-le avant de confirmer.")
        )
    if status != ImportStatus.PREVIEWED:
        raise ImportRefused(_("Ce fichier a été refusé : corrigez-le et importez-le à nouveau."))
    if fingerprint is not None and fingerprint != report.get("fingerprint"):
        raise ImportRefused(
            _("L'aperçu a été relancé entre-temps : vérifiez-le avant de confirmer.")
        )
    if report.get("stale"):
        raise ImportRefused(
            _("Les données ont changé depuis l'aperçu : relancez l'aperçu."), stale=True
        )
    if not report.get("valid_rows"):
        raise ImportRefused(_("Aucune ligne valide à importer."))
    if not from_queue and is_queued(report):
        raise ImportRefused(_("L'import de ce fichier est déjà en cours."))


def _record_progress(job_id, rows_done):
    progress.record(job_id, rows_done)


def commit_progress(job):
    """How far a queued commit is: {"rows_done", "rows_total"}."""
    return progress.read(job)


def is_queued(report, now=None):
    """A commit was handed to the worker less than QUEUE_TIMEOUT ago (a worker that died
    leaves the flag: after that delay the user may confirm again)."""
    queued = report.get("queued")
    if not queued:
        return False
    now = now or timezone.now()
    return now - datetime.fromisoformat(queued["at"]) < progress.QUEUE_TIMEOUT


def _write_rows(job, writer, *, from_queue):
    """Re-validate every row of the (locked) job's file and write the valid ones; _Stale when
    the decisions differ from the preview's."""
    data, table, columns = _open(job)
    if hashlib.sha256(data).hexdigest() != job.report.get("file_sha256"):
        raise ImportRefused(_("Le fichier a changé depuis l'aperçu : importez-le à nouveau."))
    del data
    validator = Validator(kind=job.kind, tenant=job.tenant)
    check = Fingerprint()
    rows_done = 0
    for chunk in validated_chunks(table, columns, validator):
        for result in chunk:
            check.add(result)
        writer.write(chunk)
        rows_done += len(chunk)
        if from_queue:
            _record_progress(job.pk, rows_done)
    if check.hexdigest() != job.report.get("fingerprint"):
        raise _Stale


def _mark_committed(job, writer):
    from ..audit import log_import

    campaign, user = writer.campaign, writer.user
    report = job.report
    report.pop("queued", None)
    report.pop("commit_error", None)
    job.status = ImportStatus.COMMITTED
    job.committed_at = timezone.now()
    job.report = {
        **report,
        "result": {
            "created": writer.created,
            "updated": writer.updated,
            "campaign": campaign.name if campaign else "",
            "campaign_id": campaign.pk if campaign else None,
            "added_to_campaign": writer.targeted,
            "source": str(writer.source) if job.kind == ImportKind.CONTACTS else Source.CDOM.value,
            "by": user.pk if user else None,
        },
    }
    job.save(update_fields=["status", "committed_at", "report"])
    log_import(job, actor=user)


def commit_import(
    *,
    job,
    user,
    campaign=None,
    source=Source.CALL_CAMPAIGN,
    fingerprint=None,
    from_queue=False,
):
    """Commit every valid row of a previewed job in one transaction, or nothing.

    Raises ImportRefused (nothing saved) when the job is not previewed, when the preview the
    user confirmed is not the latest one (`fingerprint`), when re-validating against the
    database comes to other decisions than the preview (then report["stale"] is set), or when
    the database refuses a write. Returns the job, COMMITTED.
    """
    tenant = job.tenant
    with scope(tenant=tenant):
        try:
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().get(pk=job.pk)
                _check_committable(
                    locked.report, locked.status, fingerprint=fingerprint, from_queue=from_queue
                )
                writer = Writer(job=locked, user=user, campaign=campaign, source=source)
                _write_rows(locked, writer, from_queue=from_queue)
                _mark_committed(locked, writer)
        except _Stale:
            report = ImportJob.objects.get(pk=job.pk).report
            ImportJob.objects.filter(pk=job.pk).update(report={**report, "stale": True})
            job.refresh_from_db()
            raise ImportRefused(
                _(
                    "Les dossiers de l'espace ont changé depuis l'aperçu (un dossier a été créé "
                    "ou modifié entre-temps) : rien n'a été importé. Relancez l'aperçu pour voir "
                    "les lignes concernées."
                ),
                stale=True,
            ) from None
        except ImportFileError as error:
            raise ImportRefused(error.message) from None
        except IntegrityError:
            logger.warning("Import %s rolled back on a constraint", job.pk, exc_info=True)
            raise ImportRefused(
                _(
                    "Un dossier avec la même adresse e-mail ou le même numéro RPPS a été créé "
                    "pendant l'import : rien n'a été importé. Relancez l'aperçu."
                ),
                stale=True,
            ) from None
        except DatabaseError:
            logger.exception("Import %s rolled back", job.pk)
            raise ImportRefused(
                _("L'import a échoué et a été annulé : rien n'a été enregistré. Réessayez.")
            ) from None
    job.refresh_from_db()
    return job
