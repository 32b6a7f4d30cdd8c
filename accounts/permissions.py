"""Every permission check of the portal goes through this module.

Roles (Membership.role) are turned into django-guardian object permissions on the Tenant
object; views ask the named predicates below, never `has_perm` or roles directly. Another
tenant's object is a 404 (the tenant scope hides it); the wrong role in your own tenant is a 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, remove_perm

from .models import Membership, Role

ADMINISTER = "administer_tenant"
MANAGE_CASELOAD = "manage_caseload"
MANAGE_PERMANENCES = "manage_permanences"
HOST_PERMANENCES = "host_permanences"
VIEW_STEERING = "view_steering"

ROLE_PERMISSIONS = {
    Role.ADMIN: {ADMINISTER, MANAGE_CASELOAD, MANAGE_PERMANENCES, HOST_PERMANENCES, VIEW_STEERING},
    Role.CASE_MANAGER: {MANAGE_CASELOAD, MANAGE_PERMANENCES, HOST_PERMANENCES},
    Role.HOST: {HOST_PERMANENCES},
    Role.STEERING: {VIEW_STEERING},
}
ALL_PERMISSIONS = set().union(*ROLE_PERMISSIONS.values())


def sync_tenant_permissions(user, tenant):
    """Make the user's guardian grants on the tenant match the roles they hold there."""
    with scopes_disabled():
        roles = set(
            Membership.objects.filter(user=user, tenant=tenant).values_list("role", flat=True)
        )
    wanted = set().union(*(ROLE_PERMISSIONS[Role(role)] for role in roles)) if roles else set()
    for codename in ALL_PERMISSIONS:
        if codename in wanted:
            assign_perm(f"accounts.{codename}", user, tenant)
        else:
            remove_perm(f"accounts.{codename}", user, tenant)
    user.__dict__.pop(CHECKER_ATTRIBUTE, None)


# A request asks several predicates (the view's, the menu's): one guardian checker per user
# object reads the grants once and answers the rest from its cache. request.user is a new
# object on each request, so nothing outlives the request.
CHECKER_ATTRIBUTE = "_tenant_permission_checker"


def _checker(user):
    checker = user.__dict__.get(CHECKER_ATTRIBUTE)
    if checker is None:
        checker = user.__dict__[CHECKER_ATTRIBUTE] = ObjectPermissionChecker(user)
    return checker


def _has(user, codename, tenant):
    return bool(
        user.is_authenticated
        and user.is_active
        and tenant is not None
        and _checker(user).has_perm(codename, tenant)
    )


def can_administer_tenant(user, tenant):
    """Tenant admins manage members, invitations, the steps to settle and the tenant's page."""
    return _has(user, ADMINISTER, tenant)


def can_manage_caseload(user, tenant):
    """Case managers (and admins) follow dossiers and run call campaigns."""
    return _has(user, MANAGE_CASELOAD, tenant)


def can_manage_permanences(user, tenant):
    """Case managers (and admins) organise permanences and book on someone's behalf."""
    return _has(user, MANAGE_PERMANENCES, tenant)


def can_host_permanences(user, tenant):
    """Hosts (and case managers, admins) see registrants and record attendance."""
    return _has(user, HOST_PERMANENCES, tenant)


def can_view_steering(user, tenant):
    """The steering committee (and admins) read indicator dashboards and reports."""
    return _has(user, VIEW_STEERING, tenant)


def can_read_audit_trail(user, tenant):
    """Only tenant admins read the tenant's audit journal (who did what, when)."""
    return can_administer_tenant(user, tenant)


def tenant_sees_profile(profile, tenant):
    """A tenant sees a person's profile only when they follow it and consented to share it."""
    return (
        profile is not None
        and profile.followed_tenant_id == tenant.pk
        and profile.share_consent_at is not None
    )


def granted_permissions(user, tenant):
    """The codenames the user holds on the tenant, in one look-up (for menus; views use the
    predicates above)."""
    if not (user.is_authenticated and user.is_active and tenant is not None):
        return set()
    return set(_checker(user).get_perms(tenant))


def is_staff_member(user):
    """Anyone holding a role in any tenant, or a platform superuser: MFA is required of them."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    with scopes_disabled():
        return Membership.objects.filter(user=user).exists()


def require(predicate):
    """View decorator for tenant views: login first, then the predicate on request.tenant."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user, request.tenant):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
