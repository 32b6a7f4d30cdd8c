"""Reading a tenant's audit trail (core.audit): its entries, the journal's filters, and what a
line shows, from the registrations alone (the page knows no feature app).

A filter "kind" is one of: `c:<category>` (everything of a category), `m:<category>` (changes of
the category's tracked models), `e:<event>` (one event)."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import EVENT, REDACTED, TENANT, registry

MAX_VALUE_LENGTH = 80
CHANGES_LABEL = gettext_lazy("Modifications")
ALL_OF_LABEL = gettext_lazy("Tout")


def data_has(**pairs):
    """Entries whose additional_data holds these keys with these values: a containment the GIN
    index serves on PostgreSQL (accounts migration 0006), key look-ups elsewhere (a
    developer's SQLite, which has no JSON containment)."""
    if connection.vendor == "postgresql":
        return Q(additional_data__contains=pairs)
    return Q(**{f"additional_data__{key}": value for key, value in pairs.items()})


def tenant_entries(tenant_id):
    """Every entry of the tenant, newest first."""
    return (
        LogEntry.objects.filter(data_has(**{TENANT: tenant_id}))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def kind_choices():
    """The filter's choices, grouped by category: all of it, its changes, each event."""
    groups = []
    for category in registry.categories.values():
        options = [(f"c:{category.key}", f"{ALL_OF_LABEL} — {category.label}")]
        if any(spec.category == category.key for spec in registry.tracked.values()):
            options.append((f"m:{category.key}", f"{category.label} — {CHANGES_LABEL}"))
        options += [
            (f"e:{spec.key}", spec.label)
            for spec in registry.events.values()
            if spec.category == category.key
        ]
        groups.append((category.label, options))
    return groups


def reference_choices():
    return [(ref.key, ref.label) for ref in registry.references.values()]


def _changes_of(category_key):
    models = [spec.model for spec in registry.tracked.values() if spec.category == category_key]
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False).values()
    return Q(content_type__in=list(types)) & ~Q(additional_data__has_key=EVENT)


def _kind_filter(kind):
    prefix, _sep, key = kind.partition(":")
    if prefix == "e":
        return data_has(**{EVENT: key})
    if prefix == "m":
        return _changes_of(key)
    events = Q()
    for spec in registry.events.values():
        if spec.category == key:
            events |= data_has(**{EVENT: spec.key})
    return _changes_of(key) | events


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_entries(entries, *, kind="", actor=None, since=None, until=None, ref="", ref_id=None):
    """The entries of one kind, by one actor, between two days (both included), naming one
    object; every criterion is optional."""
    if kind:
        entries = entries.filter(_kind_filter(kind))
    if actor is not None:
        entries = entries.filter(actor=actor)
    if since:
        entries = entries.filter(timestamp__gte=_day_start(since))
    if until:
        entries = entries.filter(timestamp__lt=_day_start(until + timedelta(days=1)))
    if ref in registry.references and ref_id is not None:
        entries = entries.filter(data_has(**{ref: ref_id}))
    return entries


@dataclass
class ObjectLink:
    ref: str
    pk: int
    text: str
    url: str | None


@dataclass
class JournalLine:
    at: object
    actor: str
    category: str
    what: str
    objects: list = field(default_factory=list)
    details: list = field(default_factory=list)


def _none(data):
    return []


def _actor(entry):
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor.email
    return entry.actor_email or str(_("Le portail (tâche automatique)"))


def _short(text):
    text = str(text)
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # a field removed since the entry was written
        return None


def _related_names(entries):
    """{(related model, pk): text} for the foreign keys named in the page's changes, one query
    per related model."""
    wanted = {}
    for entry in entries:
        model = entry.content_type.model_class()
        if model is None or not isinstance(entry.changes, dict):
            continue
        for name, values in entry.changes.items():
            model_field = _field(model, name)
            if model_field is None or not model_field.many_to_one:
                continue
            for value in values if isinstance(values, list) else ():
                if isinstance(value, str) and value.isdigit():
                    wanted.setdefault(model_field.related_model, set()).add(int(value))
    names = {}
    for related, ids in wanted.items():
        for row in related._base_manager.filter(pk__in=ids):
            names[related, row.pk] = _person_or_str(row)
    return names


def _person_or_str(row):
    if hasattr(row, "get_full_name"):
        return row.get_full_name() or row.email
    return str(row)


def _shown(model, name, value, names):
    if value in (None, "None", "", "[]"):
        return "—"
    model_field = _field(model, name)
    if model_field is None or value in (REDACTED,):
        return _short(value)
    if model_field.choices:
        return _short(dict(model_field.flatchoices).get(value, value))
    if model_field.many_to_one and str(value).isdigit():
        return names.get((model_field.related_model, int(value)), f"n° {value}")
    if value in ("True", "False"):
        return str(_("oui") if value == "True" else _("non"))
    return _short(value)


def _change_details(entry, model, names):
    if entry.action != LogEntry.Action.UPDATE or not isinstance(entry.changes, dict):
        return []
    details = []
    for name, values in entry.changes.items():
        if not isinstance(values, list) or len(values) != 2:
            continue
        model_field = _field(model, name)
        label = str(model_field.verbose_name) if model_field is not None else name
        old, new = (_shown(model, name, value, names) for value in values)
        details.append(f"{label} : {old} → {new}")
    return details


def _object_names(entries, tenant_id):
    """{(reference, id): text} from each reference's `names`, one call per reference."""
    ids = {}
    for entry in entries:
        for key, value in (entry.additional_data or {}).items():
            if key in registry.references and isinstance(value, int):
                ids.setdefault(key, set()).add(value)
    names = {}
    for key, wanted in ids.items():
        resolve = registry.references[key].names
        if resolve is not None:
            names.update({(key, pk): text for pk, text in resolve(wanted, tenant_id).items()})
    return names


def _objects(data, tenant_slug, names):
    links = []
    for key, ref in registry.references.items():
        pk = data.get(key)
        if not isinstance(pk, int):
            continue
        text = names.get((key, pk)) or f"{ref.label} n° {pk}"
        url = ref.url(tenant_slug, pk) if ref.url is not None else None
        links.append(ObjectLink(ref=key, pk=pk, text=str(text), url=url))
    return links


def journal_lines(entries, *, tenant_id, tenant_slug):
    """What the journal shows for each entry, in a fixed number of queries per page."""
    entries = list(entries)
    related = _related_names(entries)
    names = _object_names(entries, tenant_id)
    lines = []
    for entry in entries:
        data = entry.additional_data or {}
        line = JournalLine(at=entry.timestamp, actor=_actor(entry), category="", what="")
        line.objects = _objects(data, tenant_slug, names)
        spec = registry.events.get(data.get(EVENT))
        model = entry.content_type.model_class()
        tracked = registry.tracked.get(model)
        if spec is not None:
            line.what = str(spec.label)
            line.category = spec.category
            line.details = [str(text) for text in (spec.describe or _none)(data) if text]
        elif tracked is not None:
            line.what = str(tracked.labels.get(entry.action, entry))
            line.category = tracked.category
            line.details = _change_details(entry, model, related)
        else:
            line.what = str(entry)
        category = registry.categories.get(line.category)
        line.category = str(category.label) if category else ""
        lines.append(line)
    return lines
