"""Bulk writes for load data: model instances copied into PostgreSQL with COPY.

Ids are reserved from the table's sequence before the copy, so that the caller can point
other rows at them (a dossier's interactions) without reading anything back. Every concrete
field is written with Django's own conversion, so a column added later is filled from its
model default; `auto_now` dates take the instance's value, or `now` when it has none.
"""

from django.db import connection

BATCH = 20_000


def reserve_ids(model, count):
    """The first of `count` consecutive ids taken from the model's sequence."""
    if count == 0:
        return 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def assign_ids(model, objects):
    first = reserve_ids(model, len(objects))
    for offset, obj in enumerate(objects):
        obj.pk = first + offset
    return objects


def copy_objects(model, objects, *, now):
    """COPY `objects` (instances of `model`) into its table, ids reserved first if missing;
    returns them, ids set."""
    objects = list(objects)
    if objects and objects[0].pk is None:
        assign_ids(model, objects)
    fields = model._meta.concrete_fields
    converters = [_converter(field, now) for field in fields]
    attnames = [field.attname for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    for start in range(0, len(objects), BATCH):
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for obj in objects[start : start + BATCH]:
                values = obj.__dict__
                copy.write_row(
                    [
                        convert(values[name])
                        for convert, name in zip(converters, attnames, strict=True)
                    ]
                )
    return objects


def copy_links(through, rows):
    """COPY (left id, right id) pairs into an automatic many-to-many table."""
    left, right = (f for f in through._meta.concrete_fields if not f.primary_key)
    objects = [through(**{left.attname: a, right.attname: b}) for a, b in rows]
    return copy_objects(through, objects, now=None)


def _converter(field, now):
    """A function from the attribute to the column's value. psycopg adapts strings, numbers,
    dates, UUIDs and lists itself: only JSON goes through Django's conversion (a fast path
    that matters at a million rows)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda value: now if value is None else value
    if field.get_internal_type() == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return _same


def _same(value):
    return value
