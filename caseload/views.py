from django.shortcuts import render

from accounts.models import Profile
from accounts.permissions import can_manage_caseload, require


@require(can_manage_caseload)
def home(request, tenant_slug):
    """The case manager's home: the people who asked this tenant to follow them."""
    people = (
        Profile.objects.filter(followed_tenant=request.tenant, share_consent_at__isnull=False)
        .select_related("user")
        .prefetch_related("departements_considered")
        .order_by("-updated_at")[:50]
    )
    return render(request, "caseload/home.html", {"people": people})
