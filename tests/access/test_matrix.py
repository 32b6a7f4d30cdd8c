"""Isolation and role matrix of every URL of the project, generated from the URL resolver.

- `test_every_url_pattern_is_in_the_table`: each pattern of `get_resolver()` has its row in
  `tests/access/table.py: TABLE` or belongs to a group declared there (`GROUPS`, with a
  reason). A new URL without a row fails here, saying where to add it.
- `test_role_matrix`: each role (anonymous, intern, host, case manager, steering committee,
  the tenant's admin, another tenant's admin) gets the status its row expects, on GET and on
  POST. Each request runs in a savepoint rolled back afterwards, so a role's successful POST
  changes nothing for the next role.
- `test_another_tenants_object_is_404`: a URL naming objects owned by a tenant (or a person)
  is asked for with the other tenant's object in each such parameter, then in all at once,
  by the first role the row lets through: 404 on GET and on POST (or the 405 the row
  expects: the method is refused before any look-up), and the other tenant's objects are
  left unchanged (these requests are not rolled back before the check).

Adding a URL: one line in `tests/access/table.py` (its docstring says how); a new kind of
object in a path: one line in `tests/access/objects.py: OBJECTS`.
"""

import functools
from types import SimpleNamespace

import factory.random
import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from accounts.models import Role
from tests.accounts.factories import TenantFactory, UserFactory, staff_member

from .objects import World
from .table import (
    ADMIN,
    ADMIN_LOGIN,
    ANONYMOUS,
    CASE_MANAGER,
    GROUPS,
    HOST,
    INTERN,
    LOGIN,
    OTHER_ADMIN,
    ROLES,
    STEERING,
    TABLE,
)

pytestmark = pytest.mark.django_db

# Who asks for another tenant's object: the first role the row lets through, in this order.
INSIDERS = (INTERN, ADMIN, CASE_MANAGER, HOST, STEERING, ANONYMOUS)


def url_patterns(resolver=None, prefix="", namespace=""):
    """(route, full name, view's module) of every URL pattern the resolver knows, included
    ones too."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner.strip(":"))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern.callback.__module__


def group_of(route, module):
    return next((group for group in GROUPS if group.holds(route, module)), None)


def test_every_url_pattern_is_in_the_table():
    patterns = list(url_patterns())
    missing = [
        f"  {route}  ({name or 'no name: give it one'}, {module})"
        for route, name, module in patterns
        if name not in TABLE and group_of(route, module) is None
    ]
    assert not missing, (
        "URL patterns with no row in tests/access/table.py: add one line per URL to TABLE, "
        'e.g. `"app:name": page(FOLLOWERS, pk="dossier"),` (see the module docstring):\n'
        + "\n".join(missing)
    )
    known = {name for _route, name, _module in patterns}
    stale = sorted(set(TABLE) - known)
    assert not stale, f"rows of tests/access/table.py naming no URL any more: {stale}"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files (signed documents, imports) go to a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def stage(django_db_setup, django_db_blocker):
    """The two tenants, the cast and a logged-in client per role, made once for the module in
    a transaction rolled back at its end (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock(), scopes_disabled(), transaction.atomic():
        factory.random.reseed_random("tests/access")
        tenant = TenantFactory(slug="idf", name="Île-de-France")
        other_tenant = TenantFactory(slug="pm64", name="Présence médicale 64")
        users = {
            INTERN: UserFactory(email="interne@example.org"),
            HOST: staff_member(tenant, Role.HOST, email="host@example.org"),
            CASE_MANAGER: staff_member(tenant, Role.CASE_MANAGER, email="cm@example.org"),
            STEERING: staff_member(tenant, Role.STEERING, email="copil@example.org"),
            ADMIN: staff_member(tenant, Role.ADMIN, email="admin@example.org"),
            OTHER_ADMIN: staff_member(other_tenant, Role.ADMIN, email="admin64@example.org"),
        }
        clients = {ANONYMOUS: Client()}
        for role, user in users.items():
            clients[role] = Client()
            clients[role].force_login(user)
        yield SimpleNamespace(
            tenant=tenant, other_tenant=other_tenant, users=users, clients=clients
        )
        transaction.set_rollback(True)


@pytest.fixture
def worlds(stage, db):
    """The objects of the tenant under test and of the other tenant, made on demand."""
    return (
        World(
            tenant=stage.tenant,
            person=stage.users[INTERN],
            host=stage.users[HOST],
            departement_code="91",
        ),
        World(
            tenant=stage.other_tenant,
            person=UserFactory(),
            host=UserFactory(),
            departement_code="64",
        ),
    )


def _url(url_name, own, other=None, swapped=()):
    """The row's URL in `own`'s tenant, with `other`'s object in the `swapped` parameters;
    and the objects it names, by parameter."""
    row = TABLE[url_name]
    kwargs, objects = {}, {}
    for param, value in row.params.items():
        if param in row.object_params():
            own.get(value)  # made even when swapped: it may set the scene (a followed tenant)
            world = other if param in swapped else own
            kwargs[param], objects[param] = world.url_value(value), world.get(value)
        else:
            kwargs[param] = value
    if "<slug:tenant_slug>" in _route(url_name):
        kwargs["tenant_slug"] = own.tenant.slug
    return reverse(url_name, kwargs=kwargs), objects


@functools.cache
def _route(url_name):
    return next(route for route, name, _module in url_patterns() if name == url_name)


def _status(response):
    if response.status_code == 302 and response.url.startswith(reverse("account_login")):
        return LOGIN
    if response.status_code == 302 and response.url.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    return response.status_code


def _send(client, method, url, data):
    """The response, the request's writes rolled back."""
    with transaction.atomic():
        response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    return response


@pytest.fixture
def _a_worker_answers():
    """/sante/ says 503 without a worker's recent heartbeat: give it one, as a worker would."""
    from core.tasks import record_heartbeat

    record_heartbeat()


@pytest.mark.parametrize("url_name", sorted(TABLE))
def test_role_matrix(stage, worlds, url_name, _a_worker_answers):
    row = TABLE[url_name]
    url, objects = _url(url_name, worlds[0])
    data = row.data(objects) if row.data else {}
    wrong = []
    for role in ROLES:
        for method in ("get", "post"):
            response = _send(stage.clients[role], method, url, data)
            got, expected = _status(response), row.expected(role, method)
            if got != expected:
                wrong.append(f"{role} {method.upper()}: {got}, expected {expected}")
    assert not wrong, f"{url_name} ({url}):\n  " + "\n  ".join(wrong)


ISOLATED = sorted(name for name, row in TABLE.items() if row.owned_params())


@pytest.mark.parametrize("url_name", ISOLATED)
def test_another_tenants_object_is_404(stage, worlds, url_name):
    row = TABLE[url_name]
    own, other = worlds
    insider = next(role for role in INSIDERS if role in row.who)
    client = stage.clients[insider]
    wrong = []
    for swapped in _swaps(row.owned_params()):
        url, objects = _url(url_name, own, other, swapped=swapped)
        before = _snapshot(other)
        for method in ("get", "post"):
            data = row.data(objects) if row.data and method == "post" else {}
            got = getattr(client, method)(url, data).status_code
            expected = 405 if row.expected(insider, method) == 405 else 404
            if got != expected:
                wrong.append(f"{insider} {method.upper()} {url}: {got}, expected {expected}")
        if _snapshot(other) != before:
            wrong.append(f"{insider}: the other tenant's objects changed through {url}")
    assert not wrong, f"{url_name}:\n  " + "\n  ".join(wrong)


def _swaps(params):
    """Each owned parameter alone, then all of them together when there are several."""
    swaps = [{param} for param in params]
    return swaps + [set(params)] if len(params) > 1 else swaps


def _snapshot(world):
    return {
        name: type(obj)._base_manager.filter(pk=obj.pk).values().first()
        for name, obj in world.made.items()
        if hasattr(obj, "_meta")
    }
