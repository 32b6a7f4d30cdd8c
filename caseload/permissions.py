"""Predicates of the caseload app, built on the tenant-level ones of accounts.permissions.

Views check a tenant predicate with `@require(...)` (login, then 403), fetch the object through
the tenant-scoped manager (404 for another tenant's), then ask the object-level ones below.
Hosts and the steering committee see no dossier: the caseload is personal data about people
followed by the tenant's case managers.
"""

from accounts.permissions import can_administer_tenant, can_manage_caseload


def can_follow_dossiers(user, tenant):
    """Case managers and tenant admins read and write the tenant's dossiers."""
    return can_manage_caseload(user, tenant)


def can_transfer_dossiers(user, tenant):
    """Only tenant admins see every case manager's load and hand dossiers over in bulk."""
    return can_administer_tenant(user, tenant) and can_manage_caseload(user, tenant)


def can_be_assigned(user, tenant):
    """A dossier can be given to someone who may follow dossiers in its tenant."""
    return user is not None and can_manage_caseload(user, tenant)


def can_work_campaign(user, campaign):
    """The campaign's own case managers, or any case manager when it names none; admins too."""
    if not can_manage_caseload(user, campaign.tenant):
        return False
    if can_administer_tenant(user, campaign.tenant):
        return True
    named = campaign.case_managers.values_list("pk", flat=True)
    return not named.exists() or user.pk in set(named)
