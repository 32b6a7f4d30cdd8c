from django.shortcuts import render

from accounts.models import Membership, Role
from accounts.permissions import can_host_permanences, require


@require(can_host_permanences)
def host_home(request, tenant_slug):
    """The permanence host's home: the tenant's hosts and its single point of contact."""
    hosts = (
        Membership.objects.filter(role=Role.HOST).select_related("user").order_by("user__last_name")
    )
    return render(request, "permanences/host_home.html", {"hosts": hosts})
