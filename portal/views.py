from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.models import SettlementStep, Tenant
from accounts.permissions import (
    can_administer_tenant,
    can_host_permanences,
    can_manage_caseload,
    can_view_steering,
)


def home(request):
    tenants = Tenant.objects.filter(is_active=True).select_related("region")
    return render(request, "portal/home.html", {"tenants": tenants})


def tenant_home(request, tenant_slug):
    """A tenant's public page: what it offers, its steps to settle, its single point of contact."""
    tenant = request.tenant
    user = request.user
    context = {
        "steps": SettlementStep.objects.all(),
        "departements": tenant.departements.all(),
        "staff_links": {
            "admin": can_administer_tenant(user, tenant),
            "caseload": can_manage_caseload(user, tenant),
            "host": can_host_permanences(user, tenant),
            "steering": can_view_steering(user, tenant),
        },
    }
    return render(request, "portal/tenant_home.html", context)


STATIC_PAGES = {
    "accessibility": "portal/accessibility.html",
    "legal": "portal/legal.html",
    "privacy": "portal/privacy.html",
}


def static_page(request, page):
    return render(request, STATIC_PAGES[page])


@never_cache
def health(request):
    """For the load balancer and docker compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
