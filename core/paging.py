"""Keyset pagination: a page is "the N rows after (or before) this row" in the list's order,
never "skip K rows", so the last page of 100,000 costs what the first costs.

The order is the queryset's (or its model's Meta.ordering): field names, "-" for descending,
the last one unique (the primary key) so that no two rows tie. The cursor in the query string
names the first or last row's values, signed (a tampered or stale cursor gives the first
page, never an error) and tied to the order it was made for. Other parameters of the query
string (django-filter's filters) stay in every link.

NULLs sort as the greatest values (ASC NULLS LAST, DESC NULLS FIRST: PostgreSQL's default, so
a plain B-tree index serves the order), and the first key also bounds the index scan when it
cannot be NULL, so the scan starts at the cursor instead of reading from the start.
"""

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q

SALT = "core.paging"
FORWARD, BACKWARD = "n", "p"
PARAM = "page"


class _Encoder(json.JSONEncoder):
    """Values exactly as the database holds them (Django's own encoder cuts microseconds)."""

    def default(self, o):
        if isinstance(o, datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


@dataclass(frozen=True)
class _Key:
    name: str  # the ORM path: "last_name", "session__starts_at", an annotation
    descending: bool
    field: object  # the model or output field, to read a cursor value back
    nullable: bool

    def order(self, *, reverse):
        descending = self.descending != reverse
        expression = F(self.name)
        return expression.desc(nulls_first=True) if descending else expression.asc(nulls_last=True)

    def after(self, value, *, reverse):
        """Rows strictly after `value` in this key's order (reversed: before it)."""
        descending = self.descending != reverse
        if value is None:
            # NULL is the greatest value: nothing follows it ascending, everything else
            # follows it descending.
            return Q(**{f"{self.name}__isnull": False}) if descending else Q(pk__in=[])
        if descending:
            return Q(**{f"{self.name}__lt": value})
        after = Q(**{f"{self.name}__gt": value})
        return after | Q(**{f"{self.name}__isnull": True}) if self.nullable else after

    def at_or_after(self, value, *, reverse):
        """A redundant bound on the first key that the index scan can start from."""
        if value is None or self.nullable:
            return Q()
        lookup = "lte" if self.descending != reverse else "gte"
        return Q(**{f"{self.name}__{lookup}": value})

    def equal(self, value):
        if value is None:
            return Q(**{f"{self.name}__isnull": True})
        return Q(**{self.name: value})

    def read(self, row):
        value = row
        for part in self.name.split("__"):
            value = getattr(value, part)
            if value is None:
                return None
        return value.pk if hasattr(value, "_meta") else value


def _resolve_field(queryset, name):
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    model = queryset.model
    parts = name.split("__")
    for index, part in enumerate(parts):
        model_field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        if index < len(parts) - 1:
            model = model_field.related_model
    return model_field


def _keys(queryset):
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    if not ordering or any(not isinstance(item, str) for item in ordering):
        raise ValueError("Keyset pagination needs an ordering of field names.")
    keys = []
    for item in ordering:
        name = item.lstrip("-")
        try:
            model_field = _resolve_field(queryset, name)
        except FieldDoesNotExist as error:
            raise ValueError(f"Unknown ordering key {name!r}.") from error
        nullable = bool(getattr(model_field, "null", True))
        keys.append(_Key(name, item.startswith("-"), model_field, nullable))
    last = keys[-1].field
    if not (getattr(last, "primary_key", False) or getattr(last, "unique", False)):
        raise ValueError("The ordering must end with a unique key (the primary key).")
    return keys


def _fingerprint(keys):
    spelled = ",".join(("-" if key.descending else "") + key.name for key in keys)
    return hashlib.sha256(spelled.encode()).hexdigest()[:12]


def _after_row(keys, values, *, reverse):
    """Lexicographic "after": (k1 > v1) or (k1 = v1 and k2 > v2) or …"""
    condition, equal_so_far = Q(pk__in=[]), Q()
    for key, value in zip(keys, values, strict=True):
        condition |= equal_so_far & key.after(value, reverse=reverse)
        equal_so_far &= key.equal(value)
    return keys[0].at_or_after(values[0], reverse=reverse) & condition


def _decode(cursor, keys):
    """(direction, values) from a cursor, or None when it is not one we made for this order."""
    try:
        payload = signing.loads(cursor, salt=SALT)
        direction, fingerprint, raw = payload["d"], payload["o"], payload["v"]
        if direction not in (FORWARD, BACKWARD) or fingerprint != _fingerprint(keys):
            return None
        if raw is None and direction == BACKWARD:
            return direction, None  # the last page: the list's end, read backwards
        if not isinstance(raw, list) or len(raw) != len(keys):
            return None
        values = [
            None if v is None else key.field.to_python(v) for key, v in zip(keys, raw, strict=True)
        ]
    except (signing.BadSignature, ValidationError, KeyError, TypeError, ValueError):
        return None
    return direction, values


def _encode(direction, keys, row):
    values = None if row is None else [key.read(row) for key in keys]
    payload = {"d": direction, "o": _fingerprint(keys), "v": values}
    return signing.dumps(payload, salt=SALT, compress=True, serializer=_JSONSerializer)


class _JSONSerializer(signing.JSONSerializer):
    def dumps(self, obj):
        return _Encoder(separators=(",", ":")).encode(obj).encode("latin-1")


@dataclass
class KeysetPage:
    """One page: its rows, whether there are rows before and after, and the links."""

    object_list: list
    has_next: bool
    has_previous: bool
    queryset: object = field(repr=False)
    query: object = field(repr=False)  # the request's QueryDict, without the cursor
    param: str = PARAM
    next_cursor: str | None = None
    previous_cursor: str | None = None
    last_cursor: str | None = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous

    def _url(self, cursor):
        query = self.query.copy()
        if cursor:
            query[self.param] = cursor
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def first_url(self):
        return self._url(None)

    @property
    def next_url(self):
        return self._url(self.next_cursor) if self.has_next else None

    @property
    def previous_url(self):
        return self._url(self.previous_cursor) if self.has_previous else None

    @property
    def last_url(self):
        return self._url(self.last_cursor)

    @cached_property
    def count(self):
        """Every row of the list (one more query, only when a page shows it)."""
        return self.queryset.order_by().count()

    @property
    def paginator(self):
        # Templates written for Django's Paginator read the total as page.paginator.count.
        return self


def last_cursor(queryset):
    """The cursor of the list's last page (it names no row, so it never goes stale)."""
    return _encode(BACKWARD, _keys(queryset), None)


@dataclass
class _WithoutCursor:
    GET: object


def keyset_page(request, queryset, *, per_page, param=PARAM):
    """The page of `queryset` the request's cursor points at (the first one without a valid
    cursor), `per_page` rows, in one query."""
    keys = _keys(queryset)
    query = request.GET.copy()
    decoded = _decode(query.pop(param, [""])[-1], keys)
    direction, values = decoded if decoded else (FORWARD, None)
    reverse = direction == BACKWARD
    rows = queryset.order_by(*(key.order(reverse=reverse) for key in keys))
    if values is not None:
        rows = rows.filter(_after_row(keys, values, reverse=reverse))
    rows = list(rows[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if values is not None and not rows:
        # Nothing left beyond the cursor (rows deleted since): the list's start is shown.
        request_without_cursor = _WithoutCursor(query)
        return keyset_page(request_without_cursor, queryset, per_page=per_page, param=param)
    if reverse:
        rows.reverse()
        has_previous, has_next = more, values is not None
    else:
        has_previous, has_next = values is not None, more
    page = KeysetPage(
        object_list=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        queryset=queryset,
        query=query,
        param=param,
        last_cursor=last_cursor(queryset),
    )
    if rows:
        page.next_cursor = _encode(FORWARD, keys, rows[-1])
        page.previous_cursor = _encode(BACKWARD, keys, rows[0])
    return page
