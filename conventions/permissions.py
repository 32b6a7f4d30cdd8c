"""Who may read and change the tenant's partners, conventions, annexes and meetings.

Views check these with `@require(...)` (login, then 403) and fetch objects through the
tenant-scoped managers (404 for another tenant's)."""

from accounts.permissions import can_administer_tenant, can_manage_caseload, can_view_steering


def can_read_conventions(user, tenant):
    """Case managers, the steering committee and admins read partners, conventions, annexes,
    meetings and signed documents."""
    return (
        can_manage_caseload(user, tenant)
        or can_view_steering(user, tenant)
        or can_administer_tenant(user, tenant)
    )


def can_edit_conventions(user, tenant):
    """Only tenant admins create or change them, upload documents and import partners."""
    return can_administer_tenant(user, tenant)
