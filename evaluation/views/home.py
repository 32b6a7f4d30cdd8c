from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.choices import Maturity
from accounts.models import Profile
from accounts.permissions import can_view_steering, require

from ..indicators import permanence_indicators


@require(can_view_steering)
def home(request, tenant_slug):
    """The steering committee's home: who the tenant follows, by project maturity."""
    counts = dict(
        Profile.objects.filter(followed_tenant=request.tenant)
        .values_list("maturity")
        .annotate(n=Count("id"))
        .values_list("maturity", "n")
    )
    rows = [(label, counts.get(value, 0)) for value, label in Maturity.choices]
    rows.append((_("Non renseigné"), counts.get("", 0)))
    context = {
        "rows": rows,
        "total": sum(counts.values()),
        "permanences": permanence_indicators(request.tenant),
    }
    return render(request, "evaluation/home.html", context)
