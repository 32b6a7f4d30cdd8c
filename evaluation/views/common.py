"""What the evaluation's pages share: links and breadcrumbs."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def tenant_url(request, name, **kwargs):
    return reverse(f"evaluation:{name}", kwargs={"tenant_slug": request.tenant.slug, **kwargs})


def to(request, name, **kwargs):
    return redirect(tenant_url(request, name, **kwargs))


def crumbs(request, *levels):
    """Breadcrumb levels above the current page: the steering home, then (label, url) pairs."""
    return [(_("Pilotage"), tenant_url(request, "home")), *levels]
