"""The session row lock that every write changing who holds a place takes first
(permanences.services), and the booking's read under it.

On PostgreSQL they reach the server as one query of three statements, written by hand: `SET
LOCAL lock_timeout` (per transaction, as PgBouncer's transaction mode needs), `SELECT … FOR
UPDATE` on the session row, then the session's active bookings. Under READ COMMITTED each
statement takes its own snapshot when it starts, so the read, which starts once the lock is
granted, sees every booking committed before: the same guarantee as three round trips, in one.
Building and compiling the two queries with the ORM cost twice as much CPU as running them
(docs/scaling.md); the statements take the tables' and columns' names from the models and
filter on the tenant as the scoped managers do (accounts.tenancy.scoped_tenant_id).

Several statements in one query need client-side parameter binding, Django's default with
psycopg (not the `server_side_binding` option: a prepared statement holds one command).
Elsewhere (SQLite, the embedded default) the ORM does the same in separate queries.
"""

import functools

from django.db import connection

from accounts.tenancy import scoped_tenant_id

from .models import Booking, Session
from .models.bookings import ACTIVE_STATUSES

LOCK_TIMEOUT = "5s"
# What the booking reads of each active booking, in this order.
BOOKING_FIELDS = ("person_id", "status", "slot_index")


def lock(session_id, *, read_bookings=False):
    """(the session, locked for the rest of the transaction and read fresh; its active
    bookings as BOOKING_FIELDS tuples if `read_bookings`, else None). A session outside the
    tenant's scope raises Session.DoesNotExist; a lock not granted within LOCK_TIMEOUT raises
    DatabaseError. Inside a transaction."""
    if connection.vendor != "postgresql":
        session = Session.objects.select_for_update(of=("self",)).get(pk=session_id)
        rows = None
        if read_bookings:
            active = Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES)
            rows = list(active.order_by().values_list(*BOOKING_FIELDS))
        return session, rows
    params = {
        "session": session_id,
        "tenant": scoped_tenant_id(),
        "statuses": list(ACTIVE_STATUSES),
    }
    with connection.cursor() as cursor:
        cursor.execute(_statements(read_bookings), params)
        cursor.nextset()  # past SET LOCAL
        row = cursor.fetchone()
        if row is None:
            raise Session.DoesNotExist("Session matching query does not exist.")
        session = Session.from_db(connection.alias, _session_fields(), row)
        rows = None
        if read_bookings:
            cursor.nextset()
            rows = cursor.fetchall()
    return session, rows


@functools.cache
def _session_fields():
    return [field.attname for field in Session._meta.concrete_fields]


@functools.cache
def _statements(read_bookings):
    name = connection.ops.quote_name
    columns = ", ".join(name(field.column) for field in Session._meta.concrete_fields)
    sessions, bookings = name(Session._meta.db_table), name(Booking._meta.db_table)
    # NULL for the tenant when scopes are disabled: no filter, as the scoped managers do.
    tenant = "(%(tenant)s IS NULL OR tenant_id = %(tenant)s)"
    # Names come from the models and every value is a bound parameter (hence the noqa).
    statements = [
        f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'",
        f"SELECT {columns} FROM {sessions} WHERE id = %(session)s AND {tenant} FOR UPDATE",  # noqa: S608
    ]
    if read_bookings:
        statements.append(
            f"SELECT {', '.join(BOOKING_FIELDS)} FROM {bookings} "  # noqa: S608
            f"WHERE session_id = %(session)s AND {tenant} AND status = ANY(%(statuses)s)"
        )
    return "; ".join(statements)
