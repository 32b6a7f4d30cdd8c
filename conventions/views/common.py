"""What the staff pages share: links, breadcrumbs, the generic form page."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pages import form_page  # noqa: F401 (the views import it from here)

from ..permissions import can_edit_conventions


def tenant_url(request, name, **kwargs):
    return reverse(f"conventions:{name}", kwargs={"tenant_slug": request.tenant.slug, **kwargs})


def to(request, name, **kwargs):
    return redirect(tenant_url(request, name, **kwargs))


def crumbs_for(request, *objects):
    """Breadcrumb levels above the current page: the list, then each object given."""
    levels = [(_("Conventions et partenaires"), tenant_url(request, "list"))]
    for obj in objects:
        levels.append((_crumb_label(obj), obj_url(request, obj)))
    return levels


def _crumb_label(obj):
    from ..models import Annex, Meeting

    if isinstance(obj, Annex):
        return _("Annexe %(number)s") % {"number": obj.number}
    if isinstance(obj, Meeting):
        return str(obj)
    return str(obj)


def obj_url(request, obj):
    from ..models import Annex, Convention, Meeting, Partner

    names = {
        Convention: "detail",
        Annex: "annex_detail",
        Meeting: "meeting_detail",
        Partner: "partner_detail",
    }
    return tenant_url(request, names[type(obj)], pk=obj.pk)


def can_edit(request):
    return can_edit_conventions(request.user, request.tenant)
