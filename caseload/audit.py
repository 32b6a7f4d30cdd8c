"""The caseload's audit trail, on django-auditlog: who changed a dossier, who exported or
imported a list, which dossiers were anonymised, and when.

Importing this module registers Dossier, Interaction, InstallationOutcome and FollowUp with
auditlog (CaseloadConfig.ready() imports it). Every entry about the caseload carries the tenant
and the dossier in `additional_data`, so that the tenant's journal finds its own entries (a
LogEntry has no tenant) and erasure finds the entries of a dossier, even a deleted one.
Exports are ACCESS entries on the tenant; imports are CREATE entries on the ImportJob.
"""

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

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

# Events of our own, in additional_data["event"].
EXPORT, IMPORT, ANONYMISED, LINK = "export", "import", "anonymised", "link"

auditlog.register(Dossier, exclude_fields=["version", "updated_at", "created_at"])
auditlog.register(Interaction)
auditlog.register(InstallationOutcome)
auditlog.register(FollowUp)


def _dossier_id(instance):
    return instance.pk if isinstance(instance, Dossier) else instance.dossier_id


def stamp_tenant(sender, instance, log_entry=None, log_created=False, **kwargs):
    """Write the tenant and the dossier into each caseload entry auditlog just created."""
    if not log_created or log_entry is None or not isinstance(instance, AUDITED):
        return
    data = {
        **(log_entry.additional_data or {}),
        "tenant": instance.tenant_id,
        "dossier": _dossier_id(instance),
    }
    LogEntry.objects.filter(pk=log_entry.pk).update(additional_data=data)
    log_entry.additional_data = data


post_log.connect(stamp_tenant, dispatch_uid="caseload-audit-stamp-tenant")


def tenant_entries(tenant):
    """Every caseload entry of the tenant: changes, exports, imports, anonymisations."""
    return LogEntry.objects.filter(additional_data__tenant=tenant.pk).select_related(
        "actor", "content_type"
    )


def log_export(*, tenant, actor, list_name, fmt, filters, count):
    """An export of a list (ACCESS on the tenant): which list, which filters, how many rows."""
    return LogEntry.objects.log_create(
        tenant,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        changes=None,
        object_repr=f"{tenant} — export {list_name}",
        additional_data={
            "tenant": tenant.pk,
            "event": EXPORT,
            "list": list_name,
            "format": fmt,
            "filters": filters,
            "count": count,
        },
    )


def log_import(job, *, actor):
    """A committed import (CREATE on the job): the file, what was created and updated."""
    result = job.report.get("result", {})
    return LogEntry.objects.log_create(
        job,
        force_log=True,
        action=LogEntry.Action.CREATE,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        changes=None,
        additional_data={
            "tenant": job.tenant_id,
            "event": IMPORT,
            "kind": job.kind,
            "file": job.original_name,
            "created": result.get("created", 0),
            "updated": result.get("updated", 0),
            "campaign": result.get("campaign", ""),
        },
    )


def log_link_decision(suggestion, *, actor):
    """A case manager confirmed or dismissed that an account is the dossier's person."""
    return LogEntry.objects.log_create(
        suggestion.dossier,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        changes=None,
        additional_data={
            "tenant": suggestion.tenant_id,
            "dossier": suggestion.dossier_id,
            "event": LINK,
            "decision": suggestion.status,
            "reason": suggestion.reason,
            "account": suggestion.person_id,
        },
    )


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
                    "tenant": tenant_id,
                    "dossier": pk,
                    "event": ANONYMISED,
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


def scrub_actor(user):
    """The log keeps the acting user's e-mail in `actor_email`: blank it for an erased user."""
    return LogEntry.objects.filter(actor=user).update(actor_email=None)


# The tenant's journal


ACTION_LABELS = {
    Dossier: {
        LogEntry.Action.CREATE: _("Dossier créé"),
        LogEntry.Action.UPDATE: _("Dossier modifié"),
        LogEntry.Action.DELETE: _("Dossier supprimé"),
    },
    Interaction: {
        LogEntry.Action.CREATE: _("Échange enregistré"),
        LogEntry.Action.UPDATE: _("Échange modifié"),
        LogEntry.Action.DELETE: _("Échange supprimé"),
    },
    InstallationOutcome: {
        LogEntry.Action.CREATE: _("Installation enregistrée"),
        LogEntry.Action.UPDATE: _("Installation modifiée"),
        LogEntry.Action.DELETE: _("Installation supprimée"),
    },
    FollowUp: {
        LogEntry.Action.CREATE: _("Point de suivi créé"),
        LogEntry.Action.UPDATE: _("Point de suivi modifié"),
        LogEntry.Action.DELETE: _("Point de suivi supprimé"),
    },
}
LIST_LABELS = {
    "dossiers": _("Export de la liste des dossiers"),
    "echanges": _("Export des échanges"),
}
REASON_LABELS = {
    "request": _("à la demande de la personne"),
    "retention": _("durée de conservation dépassée"),
}
USER_FIELDS = {"assigned_to", "person", "author", "claimed_by"}
DEPARTEMENT_FIELDS = {"target_departement", "departement"}
MAX_VALUE_LENGTH = 80


@dataclass
class JournalLine:
    at: object
    actor: str
    what: str
    dossier_id: int | None = None
    details: list = field(default_factory=list)


def _actor(entry):
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor.email
    return entry.actor_email or str(_("Le portail (tâche automatique)"))


def _short(text):
    text = str(text)
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


def _referenced(entries):
    """Users and départements named in the page's changes, loaded in two queries."""
    from django.contrib.auth import get_user_model

    from portal.models import Departement

    user_ids, departement_ids = set(), set()
    for entry in entries:
        for name, values in (
            (entry.changes or {}).items() if isinstance(entry.changes, dict) else ()
        ):
            for value in values if isinstance(values, list) else ():
                if isinstance(value, str) and value.isdigit():
                    if name in USER_FIELDS:
                        user_ids.add(int(value))
                    elif name in DEPARTEMENT_FIELDS:
                        departement_ids.add(int(value))
    users = {
        user.pk: user.get_full_name() or user.email
        for user in get_user_model().objects.filter(pk__in=user_ids)
    }
    departements = {d.pk: str(d) for d in Departement.objects.filter(pk__in=departement_ids)}
    return users, departements


def _shown(model, name, value, users, departements):
    if value in (None, "None", "", "[]"):
        return "—"
    if value == ERASED:
        return ERASED
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a field removed since the entry was written
        return _short(value)
    if model_field.choices:
        return _short(dict(model_field.flatchoices).get(value, value))
    if name in USER_FIELDS and str(value).isdigit():
        return users.get(int(value), f"#{value}")
    if name in DEPARTEMENT_FIELDS and str(value).isdigit():
        return departements.get(int(value), f"#{value}")
    if value in ("True", "False"):
        return str(_("oui") if value == "True" else _("non"))
    return _short(value)


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def journal_lines(entries):
    """What the journal shows for each entry, in a fixed number of queries per page."""
    entries = list(entries)
    users, departements = _referenced(entries)
    lines = []
    for entry in entries:
        data = entry.additional_data or {}
        event = data.get("event")
        line = JournalLine(at=entry.timestamp, actor=_actor(entry), what="")
        line.dossier_id = data.get("dossier")
        if event == EXPORT:
            line.what = str(LIST_LABELS.get(data.get("list"), _("Export")))
            line.details.append(
                _("%(format)s, %(count)s ligne(s)")
                % {"format": str(data.get("format", "")).upper(), "count": data.get("count", 0)}
            )
            filters = data.get("filters") or {}
            line.details.append(
                _("Filtres : %(filters)s")
                % {"filters": ", ".join(f"{k} = {v}" for k, v in filters.items())}
                if filters
                else _("Sans filtre : tous les dossiers")
            )
        elif event == IMPORT:
            line.what = _("Import du fichier « %(file)s »") % {"file": data.get("file", "")}
            line.details.append(
                _("%(created)s dossier(s) créé(s), %(updated)s mis à jour")
                % {"created": data.get("created", 0), "updated": data.get("updated", 0)}
            )
            if data.get("campaign"):
                line.details.append(
                    _("Ajoutés à la campagne « %(name)s »") % {"name": data["campaign"]}
                )
        elif event == LINK:
            line.what = str(
                _("Rattachement à un compte confirmé")
                if data.get("decision") == "confirmed"
                else _("Rattachement à un compte écarté")
            )
            line.details.append(str(dict(SuggestionReason.choices).get(data.get("reason"), "")))
        elif event == ANONYMISED:
            line.what = str(_("Dossier anonymisé"))
            line.details.append(str(REASON_LABELS.get(data.get("reason"), "")))
        else:
            model = entry.content_type.model_class()
            line.what = str(ACTION_LABELS.get(model, {}).get(entry.action, entry))
            if entry.action == LogEntry.Action.UPDATE and isinstance(entry.changes, dict):
                for name, values in entry.changes.items():
                    if not isinstance(values, list) or len(values) != 2:
                        continue
                    old, new = (_shown(model, name, v, users, departements) for v in values)
                    line.details.append(f"{_field_label(model, name)} : {old} → {new}")
        lines.append(line)
    return lines
