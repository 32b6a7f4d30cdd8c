"""Where each role lands after login."""

from dataclasses import dataclass

from django.urls import reverse
from django_scopes import scopes_disabled

from .models import Membership, Role

ROLE_HOME_URLS = {
    Role.ADMIN: "tenant_admin:home",
    Role.CASE_MANAGER: "caseload:home",
    Role.HOST: "permanences:host_home",
    Role.STEERING: "evaluation:home",
}


@dataclass(frozen=True)
class Home:
    tenant_name: str
    role_label: str
    url: str


def staff_homes(user):
    """One home per (tenant, role) the user holds, in a stable order."""
    if not user.is_authenticated:
        return []
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=user, tenant__is_active=True)
            .select_related("tenant")
            .order_by("tenant__name", "role")
        )
    return [
        Home(
            tenant_name=m.tenant.name,
            role_label=m.get_role_display(),
            url=reverse(ROLE_HOME_URLS[Role(m.role)], kwargs={"tenant_slug": m.tenant.slug}),
        )
        for m in memberships
    ]
