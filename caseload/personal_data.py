"""What the caseload holds about a person, for the privacy app (privacy.registry): their
dossiers in the export, anonymised on erasure, and the retention rules (dossiers closed past
the tenant's period, uploaded import files).

- A person's dossiers are those linked to the account by proof (a verified address, a case
  manager's confirmation, opened from the account), or opened before they signed up under one
  of their verified addresses. Never by an RPPS number: one typed into a profile proves
  nothing, and an old link made on it is not theirs until a case manager confirms it.
- Anonymising keeps the stage, dates, source, département, installation and follow-up dates,
  so every indicator counts the same; identity and free text are blanked, the account
  unlinked, `anonymised_at` set. The audit log's copies are scrubbed too.
- An uploaded file is a copy of people's identities; it is deleted IMPORT_KEEP_DAYS after
  upload, with the row errors of its report (which quote cells).
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import Tenant
from privacy.registry import (
    REASON_RETENTION,
    Provider,
    display_name,
    iso,
    label,
    register,
    verified_emails,
)

from .models import (
    PROVEN_LINKS,
    Dossier,
    FollowUp,
    ImportJob,
    InstallationOutcome,
    Interaction,
    LinkSuggestion,
    Stage,
)

ANONYMISED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "rpps": "",
    "faculty": "",
    "diploma_year": None,
    "tags": [],
    "next_action": "",
    "person": None,
    "link_method": "",
    "do_not_call": True,  # never in a call queue again
}
CHUNK = 1000
IMPORT_KEEP_DAYS = 30
# What an import report quotes from the file's cells (the counts stay).
IMPORT_REPORT_DETAILS = ("errors", "notices", "updates", "columns", "ignored_columns",
                         "repeated_columns", "file_error")  # fmt: skip


def person_dossiers(user):
    """The person's dossiers in every tenant (see the module docstring). Call with scopes
    disabled."""
    match = Q(person=user, link_method__in=PROVEN_LINKS)
    for email in verified_emails(user):
        match |= Q(person__isnull=True, email__iexact=email)
    return Dossier.objects.filter(match, anonymised_at__isnull=True)


# Export


def export(*, user):
    with scopes_disabled():
        dossiers = (
            person_dossiers(user)
            .select_related("tenant", "target_departement", "assigned_to")
            .prefetch_related("follow_ups")
            .order_by("tenant__name", "pk")
        )
        installations = {
            outcome.dossier_id: outcome
            for outcome in InstallationOutcome.objects.filter(
                dossier__in=dossiers.values("pk")
            ).select_related("departement")
        }
        shared = {}
        for interaction in (
            Interaction.objects.filter(dossier__in=dossiers.values("pk"), shareable=True)
            .select_related("author")
            .order_by("occurred_at", "pk")
        ):
            shared.setdefault(interaction.dossier_id, []).append(interaction)
        return {
            "dossiers": [
                _dossier_data(d, installations.get(d.pk), shared.get(d.pk, [])) for d in dossiers
            ]
        }


def _dossier_data(dossier, installation, interactions):
    return {
        "tenant": dossier.tenant.name,
        "identity": {
            "first_name": dossier.first_name,
            "last_name": dossier.last_name,
            "email": dossier.email,
            "phone": dossier.phone,
            "rpps": dossier.rpps,
            "specialty": label(dossier, "specialty"),
            "diploma_year": dossier.diploma_year,
            "faculty": dossier.faculty,
        },
        "stage": dossier.get_stage_display(),
        "closed_reason": label(dossier, "closed_reason"),
        "closed_at": iso(dossier.closed_at),
        "source": label(dossier, "source"),
        "target_departement": str(dossier.target_departement or "") or None,
        "target_commune": dossier.target_commune,
        "practice_mode": label(dossier, "practice_mode"),
        "zone_type": label(dossier, "zone_type"),
        "do_not_call": dossier.do_not_call,
        "case_manager": display_name(dossier.assigned_to),
        "created_at": iso(dossier.created_at),
        "installation": _installation_data(installation) if installation else None,
        "follow_ups": [
            {
                "months_after": follow_up.months_after,
                "due_on": iso(follow_up.due_on),
                "topics": [str(topic) for topic in follow_up.topic_labels()],
                "done_at": iso(follow_up.done_at),
            }
            for follow_up in dossier.follow_ups.all()
        ],
        # Only what the team marked as visible by the person: staff notes stay internal.
        "shared_interactions": [
            {
                "kind": interaction.get_kind_display(),
                "occurred_at": iso(interaction.occurred_at),
                "author": display_name(interaction.author),
                "outcome": label(interaction, "outcome"),
                "text": interaction.text,
            }
            for interaction in interactions
        ],
    }


def _installation_data(installation):
    return {
        "installed_on": iso(installation.installed_on),
        "commune": installation.commune,
        "departement": str(installation.departement),
        "practice_mode": label(installation, "practice_mode"),
        "structure": label(installation, "structure"),
        "zone_type": label(installation, "zone_type"),
        "aids_obtained": [str(aid) for aid in installation.aid_labels()],
    }


# Anonymisation and erasure


def anonymise_dossiers(dossier_ids, *, reason, actor=None, now=None):
    """Anonymise these dossiers (any tenant); returns how many were anonymised.

    Querysets update() (no model save), so that auditlog does not copy the identity being
    erased into a new entry; one "anonymised" entry per dossier is written instead, and the
    older entries lose their copies of the identity and free text.
    """
    from .audit import log_anonymised, scrub_entries

    now = now or timezone.now()
    done = 0
    ids = list(dossier_ids)
    with transaction.atomic(), scopes_disabled():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            dossiers = Dossier.objects.filter(pk__in=chunk, anonymised_at__isnull=True)
            pairs = list(dossiers.values_list("pk", "tenant_id"))
            if not pairs:
                continue
            kept = [pk for pk, _tenant in pairs]
            Dossier.objects.filter(pk__in=kept).update(
                **ANONYMISED_FIELDS,
                anonymised_at=now,
                updated_at=now,
                version=F("version") + 1,
            )
            Interaction.objects.filter(dossier_id__in=kept).update(text="")
            InstallationOutcome.objects.filter(dossier_id__in=kept).update(notes="")
            FollowUp.objects.filter(dossier_id__in=kept).update(notes="")
            LinkSuggestion.objects.filter(dossier_id__in=kept).delete()
            scrub_entries(kept)
            log_anonymised(pairs, reason=reason, actor=actor)
            done += len(pairs)
    return done


def erase(*, user, now, reason):
    with scopes_disabled():
        dossier_ids = list(person_dossiers(user).values_list("pk", flat=True))
        anonymised = anonymise_dossiers(dossier_ids, reason=reason, now=now)
        # Dossiers linked without proof are someone's, perhaps not theirs: unlinked, untouched.
        Dossier.objects.filter(person=user).update(person=None, link_method="")
        LinkSuggestion.objects.filter(person=user).delete()
    return {"anonymised_dossiers": anonymised}


# Retention


def expired_dossiers(tenant, now=None):
    """The tenant's closed dossiers past its retention period, not yet anonymised."""
    now = now or timezone.now()
    cutoff = now - relativedelta(years=tenant.retention_years)
    return (
        Dossier.objects.filter(tenant=tenant, stage=Stage.CLOSED, anonymised_at__isnull=True)
        .annotate(closed_on=Coalesce("closed_at", "updated_at"))
        .filter(closed_on__lt=cutoff)
    )


def anonymise_expired(*, now=None):
    """The retention rule for every active tenant; returns {tenant slug: count}."""
    now = now or timezone.now()
    counts = {}
    with scopes_disabled():
        tenants = list(Tenant.objects.filter(is_active=True))
    for tenant in tenants:
        with scopes_disabled():
            ids = list(expired_dossiers(tenant, now).values_list("pk", flat=True))
        if ids:
            counts[tenant.slug] = anonymise_dossiers(ids, reason=REASON_RETENTION, now=now)
    return counts


def purge_import_files(*, now=None):
    """Delete the files of imports older than IMPORT_KEEP_DAYS, the row details of their report
    and their stored row errors (whose reasons name people); returns how many jobs were purged."""
    now = now or timezone.now()
    purged = 0
    with scopes_disabled():
        jobs = ImportJob.objects.filter(created_at__lt=now - timedelta(days=IMPORT_KEEP_DAYS))
        for job in jobs.exclude(file="").iterator():
            job.file.delete(save=False)
            report = {k: v for k, v in job.report.items() if k not in IMPORT_REPORT_DETAILS}
            job.report = {**report, "purged_at": now.isoformat()}
            job.save(update_fields=["file", "report"])
            job.row_errors.all().delete()
            purged += 1
    return purged


register(
    Provider(
        name="caseload",
        person_fields=(
            "caseload.Dossier.person",  # exported when proven theirs, anonymised or unlinked
            "caseload.LinkSuggestion.person",  # deleted
        ),
        actor_fields=(
            "caseload.Dossier.assigned_to",
            "caseload.AssignmentChange.from_user",
            "caseload.AssignmentChange.to_user",
            "caseload.AssignmentChange.changed_by",
            "caseload.StageChange.changed_by",
            "caseload.ImportJob.uploaded_by",
            "caseload.Interaction.author",
            "caseload.LinkSuggestion.decided_by",
            "caseload.CampaignTarget.claimed_by",
            "caseload.Campaign.case_managers",
        ),
        export=export,
        template="caseload/personal_data.html",
        erase=erase,
        sweeps={
            "anonymise_expired_dossiers": anonymise_expired,
            "purge_import_files": purge_import_files,
        },
    )
)
