import pytest

from accounts import permissions
from accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("tenant_admin", {"administer", "caseload", "manage_perm", "host", "steering"}),
        ("case_manager", {"caseload", "manage_perm", "host"}),
        ("host", {"host"}),
        ("steering", {"steering"}),
        ("intern", set()),
        ("other_admin", set()),
    ],
)
def test_predicates_follow_roles_on_the_tenant_only(request, tenant, who, allowed):
    user = request.getfixturevalue(who)
    predicates = {
        "administer": permissions.can_administer_tenant,
        "caseload": permissions.can_manage_caseload,
        "manage_perm": permissions.can_manage_permanences,
        "host": permissions.can_host_permanences,
        "steering": permissions.can_view_steering,
    }
    granted = {name for name, predicate in predicates.items() if predicate(user, tenant)}
    assert granted == allowed


def test_every_role_has_a_grant_set():
    assert set(permissions.ROLE_PERMISSIONS) == set(Role)


def test_an_inactive_user_has_no_permission(tenant, tenant_admin):
    tenant_admin.is_active = False
    assert not permissions.can_administer_tenant(tenant_admin, tenant)


def test_a_request_reads_the_grants_once(tenant, case_manager, django_assert_num_queries):
    """The view's predicate, the menu's grants and any other check of the same request share
    one read (guardian's user and group permissions)."""
    with django_assert_num_queries(2):
        assert permissions.can_manage_caseload(case_manager, tenant)
        assert permissions.can_host_permanences(case_manager, tenant)
        assert not permissions.can_administer_tenant(case_manager, tenant)
        assert permissions.MANAGE_CASELOAD in permissions.granted_permissions(case_manager, tenant)


def test_a_role_change_is_seen_by_the_same_user_object(tenant, case_manager, other_tenant):
    from accounts.models import Membership

    assert not permissions.can_administer_tenant(case_manager, tenant)
    Membership.objects.create(tenant=tenant, user=case_manager, role=Role.ADMIN)
    assert permissions.can_administer_tenant(case_manager, tenant)
    Membership.objects.filter(user=case_manager, tenant=tenant).delete()
    permissions.sync_tenant_permissions(case_manager, tenant)
    assert not permissions.can_manage_caseload(case_manager, tenant)
    # Grants stay per tenant.
    assert not permissions.can_manage_caseload(case_manager, other_tenant)
