"""The caseload's part of the tenants' audit trail (core.audit): who changed a dossier, who
exported or imported a list, which dossiers were anonymised or linked to an account, and when.

Importing this module (CaseloadConfig.ready() does) tracks Dossier, Interaction,
InstallationOutcome and FollowUp: every entry about them carries the tenant and the dossier in
`additional_data`, so that the tenant's journal finds its own entries and erasure finds the
entries of a dossier, even a deleted one. Exports are ACCESS entries on the tenant; imports are
CREATE entries on the ImportJob. The journal page is the tenant admin's (accounts).
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.audit import log_profile_read
from accounts.permissions import tenant_sees_profile
from core import audit

from .models import Dossier, FollowUp, InstallationOutcome, Interaction, SuggestionReason

# Free text or identity, per model: blanked in the log entries of an anonymised dossier.
PERSONAL_FIELDS = {
    Dossier: [
        "first_name", "last_name", "email", "phone", "rpps", "faculty", "diploma_year",
        "person", "tags", "next_action",
    ],
    Interaction: ["text"],
    InstallationOutcome: ["notes"],
    FollowUp: ["notes"],
}  # fmt: skip
ERASED = "[effacé]"
AUDITED = tuple(PERSONAL_FIELDS)
CATEGORY = "caseload"

# Events of our own, in additional_data["event"].
EXPORT, IMPORT, ANONYMISED, LINK = "export", "import", "anonymised", "link"
IMPORT_ERRORS_DOWNLOAD = "import_errors_download"

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE
LIST_LABELS = {
    "dossiers": _("Export de la liste des dossiers"),
    "echanges": _("Export des échanges"),
}
REASON_LABELS = {
    "request": _("à la demande de la personne"),
    "retention": _("durée de conservation dépassée"),
}

audit.category(CATEGORY, _("Suivi des dossiers"))
audit.reference(
    "dossier",
    label=_("Dossier"),
    url=lambda slug, pk: reverse("caseload:dossier", kwargs={"tenant_slug": slug, "pk": pk}),
)


def _dossier_refs(instance):
    dossier_id = instance.pk if isinstance(instance, Dossier) else instance.dossier_id
    return {audit.TENANT: instance.tenant_id, "dossier": dossier_id}


def _labels(created, changed, deleted):
    return {CREATE: created, UPDATE: changed, DELETE: deleted}


audit.track(
    Dossier,
    category=CATEGORY,
    labels=_labels(_("Dossier créé"), _("Dossier modifié"), _("Dossier supprimé")),
    refs=_dossier_refs,
    exclude_fields=["version", "updated_at", "created_at"],
)
audit.track(
    Interaction,
    category=CATEGORY,
    labels=_labels(_("Échange enregistré"), _("Échange modifié"), _("Échange supprimé")),
    refs=_dossier_refs,
)
audit.track(
    InstallationOutcome,
    category=CATEGORY,
    labels=_labels(
        _("Installation enregistrée"), _("Installation modifiée"), _("Installation supprimée")
    ),
    refs=_dossier_refs,
)
audit.track(
    FollowUp,
    category=CATEGORY,
    labels=_labels(
        _("Point de suivi créé"), _("Point de suivi modifié"), _("Point de suivi supprimé")
    ),
    refs=_dossier_refs,
)


def _describe_export(data):
    filters = data.get("filters") or {}
    return [
        _("%(format)s, %(count)s ligne(s)")
        % {"format": str(data.get("format", "")).upper(), "count": data.get("count", 0)},
        _("Filtres : %(filters)s")
        % {"filters": ", ".join(f"{key} = {value}" for key, value in filters.items())}
        if filters
        else _("Sans filtre : tous les dossiers"),
    ]


def _describe_import(data):
    lines = [
        _("Fichier « %(file)s »") % {"file": data.get("file", "")},
        _("%(created)s dossier(s) créé(s), %(updated)s mis à jour")
        % {"created": data.get("created", 0), "updated": data.get("updated", 0)},
    ]
    if data.get("campaign"):
        lines.append(_("Ajoutés à la campagne « %(name)s »") % {"name": data["campaign"]})
    return lines


def _describe_link(data):
    decision = (
        _("confirmé par l'équipe")
        if data.get("decision") == "confirmed"
        else _("écarté par l'équipe")
    )
    return [decision, dict(SuggestionReason.choices).get(data.get("reason"), "")]


audit.event(EXPORT, label=_("Export d'une liste"), category=CATEGORY, describe=lambda data: [
    LIST_LABELS.get(data.get("list"), ""), *_describe_export(data)
])  # fmt: skip
audit.event(IMPORT, label=_("Import d'un fichier"), category=CATEGORY, action=CREATE,
            describe=_describe_import)  # fmt: skip
audit.event(ANONYMISED, label=_("Dossier anonymisé"), category=CATEGORY, action=UPDATE,
            describe=lambda data: [REASON_LABELS.get(data.get("reason"), "")])  # fmt: skip
audit.event(LINK, label=_("Rattachement à un compte"), category=CATEGORY, action=UPDATE,
            describe=_describe_link)  # fmt: skip
audit.event(
    IMPORT_ERRORS_DOWNLOAD,
    label=_("Téléchargement des erreurs d'un import"),
    category=CATEGORY,
    describe=lambda data: [_("Import n° %(pk)s") % {"pk": data.get("job")}],
)


def log_export(*, tenant, actor, list_name, fmt, filters, count):
    """An export of a list (ACCESS on the tenant): which list, which filters, how many rows."""
    return audit.log_event(
        tenant.pk, actor, EXPORT, tenant, list=list_name, format=fmt, filters=filters, count=count
    )


def log_import(job, *, actor):
    """A committed import (CREATE on the job): the file, what was created and updated."""
    result = job.report.get("result", {})
    return audit.log_event(
        job.tenant_id,
        actor,
        IMPORT,
        job,
        kind=job.kind,
        file=job.original_name,
        created=result.get("created", 0),
        updated=result.get("updated", 0),
        campaign=result.get("campaign", ""),
    )


def log_link_decision(suggestion, *, actor):
    """A case manager confirmed or dismissed that an account is the dossier's person."""
    return audit.log_event(
        suggestion.tenant_id,
        actor,
        LINK,
        suggestion.dossier,
        dossier=suggestion.dossier_id,
        decision=suggestion.status,
        reason=suggestion.reason,
        account=suggestion.person_id,
    )


def shown_profile(*, dossier, tenant, actor, via):
    """The profile of the dossier's person if they share it with the tenant (else None); the
    staff member's reading it is written in the journal."""
    profile = getattr(dossier.person, "profile", None) if dossier.person_id else None
    if not tenant_sees_profile(profile, tenant):
        return None
    log_profile_read(tenant=tenant, actor=actor, profile=profile, via=via, dossier=dossier.pk)
    return profile


def log_anonymised(dossiers, *, reason, actor=None):
    """One entry per anonymised dossier (their identity is gone: the entry names none)."""
    content_type = ContentType.objects.get_for_model(Dossier)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=ERASED,
                action=LogEntry.Action.UPDATE,
                actor=actor,
                actor_email=getattr(actor, "email", None) if actor else None,
                changes=None,
                additional_data={
                    audit.TENANT: tenant_id,
                    "dossier": pk,
                    audit.EVENT: ANONYMISED,
                    "reason": reason,
                },
            )
            for pk, tenant_id in dossiers
        ],
        batch_size=1000,
    )


def scrub_entries(dossier_ids):
    """Blank the identity and free text the log kept about these dossiers (their old values
    in `changes`, their name in `object_repr`); who changed what and when stays."""
    dossier_ids = list(dossier_ids)
    if not dossier_ids:
        return 0
    types = ContentType.objects.get_for_models(*AUDITED)
    interaction_ids = list(
        Interaction._base_manager.filter(dossier_id__in=dossier_ids).values_list("pk", flat=True)
    )
    entries = LogEntry.objects.filter(additional_data__dossier__in=dossier_ids) | (
        LogEntry.objects.filter(content_type=types[Dossier], object_id__in=dossier_ids)
    )
    if interaction_ids:
        entries = entries | LogEntry.objects.filter(
            content_type=types[Interaction], object_id__in=interaction_ids
        )
    model_of = {content_type.pk: model for model, content_type in types.items()}
    scrubbed = []
    for entry in entries.distinct().iterator(chunk_size=1000):
        fields = PERSONAL_FIELDS.get(model_of.get(entry.content_type_id), [])
        changes = entry.changes if isinstance(entry.changes, dict) else None
        if changes:
            entry.changes = {
                name: ([ERASED, ERASED] if name in fields else value)
                for name, value in changes.items()
            }
        entry.object_repr = ERASED
        entry.serialized_data = None
        entry.changes_text = ""
        scrubbed.append(entry)
    LogEntry.objects.bulk_update(
        scrubbed, ["changes", "object_repr", "serialized_data", "changes_text"], batch_size=1000
    )
    return len(scrubbed)
