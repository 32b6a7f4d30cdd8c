"""Who may read and change the evaluation: dashboards, entered values, definitions, reports.

Views use `require_evaluation(...)`: anonymous → login; the predicate holds → the view; a
staff member of other tenants only → 404 (another tenant's dashboard, reports and exports do
not exist for them, as its objects would not); anyone else (a host, an intern) → 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.permissions import (
    can_administer_tenant,
    can_view_steering,
    granted_permissions,
    is_staff_member,
)


def can_read_evaluation(user, tenant):
    """The steering committee and admins read dashboards, the evaluation grid and exports."""
    return can_view_steering(user, tenant)


def can_edit_evaluation(user, tenant):
    """Admins define indicators, enter values by hand and update the evaluation grid."""
    return can_administer_tenant(user, tenant)


def can_read_reports(user, tenant):
    """The steering committee and admins download the report PDFs and workbooks."""
    return can_view_steering(user, tenant)


def can_render_draft_report(user, tenant):
    """The steering committee and admins may have a draft of the running quarter rendered."""
    return can_view_steering(user, tenant)


def require_evaluation(predicate):
    """View decorator (see the module docstring for the answers)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user, tenant = request.user, request.tenant
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if predicate(user, tenant):
                return view(request, *args, **kwargs)
            if not granted_permissions(user, tenant) and is_staff_member(user):
                raise Http404
            raise PermissionDenied

        return wrapped

    return decorator
