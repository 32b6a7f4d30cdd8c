"""Object-level predicates of the permanences app (tenant-level ones live in accounts.permissions).

Views check the tenant predicate first with `@require(...)` (login, then 403), fetch the object
through the tenant-scoped manager (404 for another tenant's), then ask these.
"""

from accounts.permissions import can_host_permanences, can_manage_permanences


def can_host_session(user, session):
    """A session's own hosts (still holding a host role) and the tenant's permanence managers."""
    if can_manage_permanences(user, session.tenant):
        return True
    return can_host_permanences(user, session.tenant) and session.hosts.filter(pk=user.pk).exists()


def can_manage_session(user, session):
    """Only the tenant's permanence managers (admins, case managers) edit, publish or cancel."""
    return can_manage_permanences(user, session.tenant)
