"""The tenant's audit trail, on django-auditlog's LogEntry: who did what to which object, and
when. Ground level: it imports no app; each app registers what it records (in its own
`audit.py`, imported by its AppConfig.ready), and the tenant's journal (core.journal) shows
every entry from these registrations alone.

- A LogEntry has no tenant column: every entry carries its tenant's id in
  `additional_data["tenant"]`, next to the ids of the objects it concerns, each under the name
  of a registered *reference* ("dossier", "session", "person"…). The journal filters on them,
  and erasure finds an entry from the object it names.
- `log_event(tenant_id, actor, event, obj=None, **details)` writes an explicit event (a booking
  made on someone's behalf, an export, a profile read by staff), registered with `event(...)`.
- `track(model, category=…, labels=…, refs=…)` registers a model with auditlog: each change of a
  row is an entry, which the receiver below stamps with the tenant and references `refs(row)`.
- Details are ids, codes and counts, never free text or identities: a journal line looks the
  names up when it is shown, so an erased person's name is gone from the journal too.
"""

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.contrib.contenttypes.models import ContentType

TENANT = "tenant"
EVENT = "event"
REDACTED = "[masqué]"


@dataclass(frozen=True)
class Category:
    key: str
    label: str


@dataclass(frozen=True)
class Event:
    key: str
    label: str
    category: str
    action: int
    # describe(data) -> lines of detail (already translated) from the entry's additional_data
    describe: object = None


@dataclass(frozen=True)
class Tracked:
    model: type
    category: str
    labels: dict  # {LogEntry.Action: label}
    refs: object  # refs(instance) -> {reference name: id}, with "tenant"
    redact: tuple = ()  # fields whose values the log must not keep (a contact's e-mail…)


@dataclass(frozen=True)
class Reference:
    key: str
    label: str
    # url(tenant_slug, pk) -> the object's page, or None (the journal then filters on it)
    url: object = None
    # names(ids, tenant_id) -> {id: what to show}, one query for the page's ids
    names: object = None


@dataclass
class Registry:
    categories: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    tracked: dict = field(default_factory=dict)
    references: dict = field(default_factory=dict)


registry = Registry()


def _add(table, key, value):
    if key in table and table[key] != value:
        raise ValueError(f"{key!r} is registered twice in the audit trail")
    table[key] = value
    return value


def category(key, label):
    """A group of entries in the journal's filter ("Permanences", "Conventions"…)."""
    return _add(registry.categories, key, Category(key, label))


def event(key, *, label, category, action=LogEntry.Action.ACCESS, describe=None):
    """An explicit event `log_event` may write; `describe(data)` gives its detail lines."""
    return _add(registry.events, key, Event(key, label, category, action, describe))


def reference(key, *, label, url=None, names=None):
    """An object entries may name under `key`: shown (linked) and filtered on in the journal."""
    if key in (TENANT, EVENT):
        raise ValueError(f"{key!r} is reserved")
    return _add(registry.references, key, Reference(key, label, url, names))


def track(model, *, category, labels, refs, redact=(), **auditlog_options):
    """Record every change of `model` (auditlog), stamped with the tenant and `refs(row)`.
    `redact`: fields changed are named, their values not kept."""
    _add(registry.tracked, model, Tracked(model, category, labels, refs, tuple(redact)))
    auditlog.register(model, **auditlog_options)


def _object_repr(obj):
    # The object's kind and number, never its __str__ (often a person's name).
    return f"{obj._meta.verbose_name} n° {obj.pk}"


def log_event(tenant_id, actor, event, obj=None, **details):
    """Write the entry of a registered event for the tenant (None: no tenant, e.g. a person
    downloading their own data). `details` are the ids and codes it concerns, JSON values only.
    Call inside the transaction of the write it reports, so that both stand or fall together.
    An entry about no particular row (obj=None) points at the log itself."""
    spec = registry.events.get(event)
    if spec is None:
        raise LookupError(f"no audit event registered as {event!r}")
    if obj is None:
        content_type, object_pk, object_repr = ContentType.objects.get_for_model(LogEntry), "", ""
    else:
        content_type, object_pk = ContentType.objects.get_for_model(obj), str(obj.pk)
        object_repr = _object_repr(obj)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return LogEntry.objects.create(
        content_type=content_type,
        object_pk=object_pk,
        object_id=obj.pk if obj is not None and isinstance(obj.pk, int) else None,
        object_repr=object_repr,
        action=spec.action,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        changes=None,
        additional_data={TENANT: tenant_id, EVENT: event, **details},
    )


def _redacted(changes, fields):
    if not isinstance(changes, dict):
        return changes
    return {
        name: ([REDACTED, REDACTED] if name in fields else values)
        for name, values in changes.items()
    }


def stamp(sender, instance, log_entry=None, log_created=False, **kwargs):
    """Write the tenant and references into each entry auditlog just made for a tracked row."""
    spec = registry.tracked.get(type(instance))
    if not log_created or log_entry is None or spec is None:
        return
    refs = {name: value for name, value in spec.refs(instance).items() if value is not None}
    values = {"additional_data": {**(log_entry.additional_data or {}), **refs}}
    if spec.redact:
        values["changes"] = _redacted(log_entry.changes, spec.redact)
        values["changes_text"] = ""
        values["object_repr"] = _object_repr(instance)
    LogEntry.objects.filter(pk=log_entry.pk).update(**values)
    for name, value in values.items():
        setattr(log_entry, name, value)


post_log.connect(stamp, dispatch_uid="core-audit-stamp")
