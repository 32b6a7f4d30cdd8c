"""Hostile query strings on every GET URL of the project: never a 500.

The walk reads the resolver (a new URL is covered without touching this file), fills path
parameters with real ids (`world.py`) and visits each URL as anonymous, an intern and each
tenant role. The Django admin's URLs are visited as anonymous (for anyone but a superuser the
admin is that same guard), and its pages that read a query string (index, lists) as a platform
superuser. Each URL with parameters is also asked with hostile ones (a number past any range,
text with a NUL byte, a word), as anonymous and as the tenant's admin (the superuser in the
Django admin).

Every visit starts with a query where each generic parameter (page, q, departement, mois…) is
hostile; a page that turns the visitor away (login, 403, 404) gets nothing more but NUL bytes
for an anonymous visitor. The first time a page of the project lets someone in, it gets NUL,
then all its parameters at once with each hostile value, then each of its own parameters (read
from its view's source, its GET forms and its links) alone with each value; the next visitors
get NUL and a mix. A library's page (the admin, allauth) gets NUL, and all its own parameters
past any number's range when it turned the generic query away (the admin's changelists do).

Each request runs in a savepoint rolled back afterwards: the data stay the same from one request
to the next and a database error cannot spill over. The figures (URL patterns, requests, 500s,
seconds) are printed at the end of the run (`conftest.py`)."""

import re
import time
from functools import partial
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction

from .walk import (
    GENERIC_PARAMS,
    first_visit_queries,
    is_project_view,
    later_visit_queries,
    library_queries,
    mixed_query,
    nul_query,
    page_params,
    targets,
    view_params,
)
from .world import ROLES, build_world, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


class Walker:
    def __init__(self):
        self.requests = 0
        self.failures = []

    def get(self, client, role, path, query=None):
        """One GET in a savepoint that is always rolled back; a 500 is recorded, not raised."""
        self.requests += 1
        try:
            with transaction.atomic():
                response = client.get(path, QUERY_STRING=urlencode(query or {}))
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - any exception is the 500 looked for
            self.failures.append(_describe(role, path, query, error))
            return None
        if response.status_code >= 500:
            self.failures.append(_describe(role, path, query, response.status_code))
        return response


def _describe(role, path, query, cause):
    shown = {
        key: value if len(value) < 40 else f"<{len(value)} chars>"
        for key, value in (query or {}).items()
    }
    if isinstance(cause, Exception):
        cause = f"{type(cause).__name__}: {str(cause)[:160]}"
    return f"{role} GET {path} {shown} → {cause}"


def _answered(target, response):
    """The page let the visitor in: it answered, or sent them back to itself without the
    query (the admin's changelist does so with a filter it does not know)."""
    if response is None:
        return False
    if response.status_code in (301, 302):
        return urlsplit(response["Location"]).path in ("", target.path)
    return response.status_code == 200


# The Django admin's pages that read their query string beyond _popup and _to_field.
ADMIN_QUERY_PAGES = re.compile(r"^(index|app_list|.*_changelist)$")


def _visits(role, target):
    in_admin = target.path.startswith("/admin/")
    if target.hostile_path:
        return role in ("anonymous", "superuser" if in_admin else "admin")
    if in_admin:
        return role == "anonymous" or (
            role == "superuser" and ADMIN_QUERY_PAGES.match(target.name) is not None
        )
    return role != "superuser"


class Walk:
    def __init__(self, world):
        self.world, self.walker = world, Walker()
        self.known = {}  # route → (own parameters, base), from its first visit
        self.singled = set()  # the sets of parameters already tried one by one

    def run(self, roles, pages):
        for role in roles:
            client = client_for(self.world, role)
            for target in pages:
                if _visits(role, target):
                    self.visit(client, role, target)
        return self.walker

    def visit(self, client, role, target):
        get = partial(self.walker.get, client, role, target.path)
        if target.hostile_path:
            get()
            return
        sent = mixed_query(GENERIC_PARAMS)
        first = get(sent)
        if not _answered(target, first):
            if role == "anonymous":
                get(nul_query(GENERIC_PARAMS))
            return
        first_visit = target.route not in self.known
        if first_visit:
            self.known[target.route] = self.params(target, first, sent, get)
        for query in self.queries(target, *self.known[target.route], first_visit):
            get(query)

    def params(self, target, first, sent, get):
        """The page's own parameters (its view's source, its GET forms and links) and the
        values its links set beside its forms. A page that turned the generic query away
        (redirecting to itself) is read again without it."""
        own = view_params(target.callback)
        if first.status_code != 200:
            first, sent = get(), {}
            if first is None or first.status_code != 200:
                return own, {}
        names, base = page_params(target.path, first, sent)
        if not is_project_view(target.callback):
            base = {}
        return own | names, base

    def queries(self, target, own, base, first_visit):
        names = set(GENERIC_PARAMS) | own
        if not is_project_view(target.callback):
            if not first_visit:
                return []
            return [nul_query(names)] + library_queries(own)
        if not own:
            # The view reads no parameter: only the middleware sees the query string.
            return [nul_query(names)] if first_visit else []
        if not first_visit:
            return later_visit_queries(names)
        singles = frozenset(own) not in self.singled
        self.singled.add(frozenset(own))
        return first_visit_queries(names, own, base, singles=singles)


def test_no_get_url_answers_500_to_hostile_query_strings(tenant, fuzz_figures, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    started, cpu_started = time.monotonic(), time.process_time()
    world = build_world(tenant)
    pages = targets(world)
    walker = Walk(world).run(ROLES, pages)
    fuzz_figures["GET"] = {
        "URL patterns": len([page for page in pages if not page.hostile_path]),
        "requests": walker.requests,
        "500s": len(walker.failures),
        "seconds": round(time.monotonic() - started, 1),
        "CPU seconds": round(time.process_time() - cpu_started, 1),
    }
    assert not walker.failures, "\n".join(walker.failures)
