"""Reads of the dashboards and exports from a PostgreSQL read replica (DATABASE_REPLICA_URL).

The steering dashboards, the reports' pages and every export read much and write little (an
audit entry); on a national deployment they are what a replica takes off the primary. Only
their views read from it: `ReplicaReadsMiddleware` marks a GET to one of the URL names below,
and `ReplicaRouter` sends that view's reads to the `replica` alias, unless a transaction is
open on the primary (what it wrote must be read back from there). Sessions, logins and the
access flags, read before the view, and every write, stay on the primary. Without
DATABASE_REPLICA_URL neither is installed (settings.py) and everything reads the primary.
A replica lags by a moment: these pages show quarterly values and lists, never a figure
someone has just changed and expects to see.
"""

from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
REPLICA_VIEWS = frozenset(
    {
        "evaluation:home",
        "evaluation:export",
        "evaluation:semester",
        "evaluation:semester_pdf",
        "evaluation:grid",
        "evaluation:grid_pdf",
        "caseload:export_dossiers",
        "caseload:export_interactions",
        "permanences:host_export_csv",
        "permanences:host_export_xlsx",
        "permanences:host_export_pdf",
        "conventions:partner_export_csv",
        "conventions:partner_export_xlsx",
    }
)
_reads_from_replica = ContextVar("reads_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_from_replica.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both aliases

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema by replication


class ReplicaReadsMiddleware:
    """Marks the views of REPLICA_VIEWS, on GET, as reading from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reads_from_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method in ("GET", "HEAD") and match and match.view_name in REPLICA_VIEWS:
            request._replica_token = _reads_from_replica.set(True)
        return None
