"""Object-level predicates of the permanences app (tenant-level ones live in accounts.permissions).

Views check the tenant predicate first with `@require(...)` (login, then 403), fetch the object
through the tenant-scoped manager (404 for another tenant's), then ask these.
"""

from accounts.permissions import can_host_permanences, can_manage_permanences

from .models import Session


def can_host_session(user, session):
    """The tenant's permanence managers; hosts (still holding a host role) for the sessions
    they host and, once a session has taken place, for every session of a département where
    they host (Session.objects.reachable_by_host)."""
    if can_manage_permanences(user, session.tenant):
        return True
    if not can_host_permanences(user, session.tenant):
        return False
    return Session.objects.reachable_by_host(user).filter(pk=session.pk).exists()


def can_manage_session(user, session):
    """Only the tenant's permanence managers (admins, case managers) edit, publish or cancel."""
    return can_manage_permanences(user, session.tenant)
