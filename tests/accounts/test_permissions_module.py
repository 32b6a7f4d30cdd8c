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
