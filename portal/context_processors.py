from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts import permissions

# The staff pages a tenant's menu offers, each behind the permissions (any of them) that open it.
STAFF_MENU = [
    (
        {permissions.MANAGE_PERMANENCES},
        _("Gestion des permanences"),
        "permanences:staff_session_list",
    ),
    ({permissions.HOST_PERMANENCES}, _("Animation des permanences"), "permanences:host_home"),
    ({permissions.MANAGE_CASELOAD}, _("Suivi des dossiers"), "caseload:home"),
    ({permissions.VIEW_STEERING}, _("Pilotage"), "evaluation:home"),
    (
        {permissions.VIEW_STEERING, permissions.MANAGE_CASELOAD},  # as conventions.permissions
        _("Conventions et partenaires"),
        "conventions:list",
    ),
    ({permissions.ADMINISTER}, _("Administration"), "tenant_admin:home"),
]


def _staff_menu(request):
    tenant = getattr(request, "tenant", None)
    granted = permissions.granted_permissions(request.user, tenant)
    return [
        (label, reverse(url_name, kwargs={"tenant_slug": tenant.slug}))
        for codenames, label, url_name in STAFF_MENU
        if codenames & granted
    ]


def portal(request):
    return {
        "tenant": getattr(request, "tenant", None),
        "staff_menu": SimpleLazyObject(lambda: _staff_menu(request)),
        "state_identity": settings.PORTAL_STATE_IDENTITY,
        "site_title": "Cap Installation",
    }
