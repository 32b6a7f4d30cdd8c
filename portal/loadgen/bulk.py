"""Bulk writes for load data: rows copied into PostgreSQL with COPY.

A row is a dict of the model's attribute names (`tenant_id`, not `tenant`): building a
million model instances cost more than the copy itself. Ids are reserved from the table's
sequence before the copy, so that the caller can point other rows at them (a dossier's
interactions) without reading anything back. A column the row leaves out gets its field's
default (a column added later included), `auto_now` dates get `now`, and JSON goes through
Django's own conversion.
"""

from django.db import connection

BATCH = 20_000


def reserve_ids(model, count):
    """The first of `count` consecutive ids taken from the model's sequence."""
    if count == 0:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def copy_rows(model, rows, *, now):
    """COPY `rows` (dicts) into the model's table, ids reserved and set on each; returns them."""
    rows = list(rows)
    first = reserve_ids(model, len(rows))
    for offset, row in enumerate(rows):
        row["id"] = first + offset
    fields = model._meta.concrete_fields
    values = [_column(field, now) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    for start in range(0, len(rows), BATCH):
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows[start : start + BATCH]:
                copy.write_row([value(row) for value in values])
    return rows


def copy_links(through, pairs):
    """COPY (left id, right id) pairs into an automatic many-to-many table."""
    left, right = (f.attname for f in through._meta.concrete_fields if not f.primary_key)
    copy_rows(through, ({left: a, right: b} for a, b in pairs), now=None)


def _column(field, now):
    """A function from a row to the column's value. psycopg adapts strings, numbers, dates,
    UUIDs and lists itself."""
    name = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: row.get(name) or now
    missing = _default(field)
    if field.get_internal_type() == "JSONField":
        return lambda row: field.get_db_prep_save(row.get(name, missing()), connection)
    return lambda row: row[name] if name in row else missing()


def _default(field):
    if field.has_default():
        if callable(field.default):
            return field.get_default
        constant = field.get_default()
        return lambda: constant
    if field.null or field.primary_key:
        return lambda: None
    if field.blank and field.get_internal_type() in ("CharField", "TextField", "EmailField"):
        return lambda: ""

    def required():
        raise ValueError(f"{field.model.__name__}.{field.name} needs a value in every row")

    return required
