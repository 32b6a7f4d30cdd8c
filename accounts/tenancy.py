"""Tenancy: every tenant-owned row carries a `tenant` key and is read through a scoped manager.

The tenant is resolved once per request from the URL prefix (`/<slug>/…`) by TenantMiddleware,
which then runs the view inside `django_scopes.scope(tenant=…)`: a query on a tenant-owned model
is filtered to that tenant automatically, and outside any tenant scope it raises ScopeError
instead of silently reading every tenant's rows. Code that really works across tenants (a
user's memberships, the admin, management commands) says so with `scopes_disabled()`.
"""

from django.db import models
from django.http import Http404
from django_scopes import ScopedManager, get_scope, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

TENANT_URL_KWARG = "tenant_slug"


class TenantQuerySet(models.QuerySet):
    def for_tenant(self, tenant):
        return self.filter(tenant=tenant)


def tenant_scoped_manager(queryset_class=TenantQuerySet, tenant_path="tenant"):
    """A manager that refuses to query outside a tenant scope (see module docstring)."""
    return ScopedManager(
        tenant=tenant_path, _manager_class=models.Manager.from_queryset(queryset_class)
    )


def scoped_tenant_id():
    """The tenant id the active scope filters tenant-owned rows on, or None for no filter
    (scopes disabled, or a scope of tenant None, as django_scopes reads them): for a query
    written in SQL that must read as the scoped managers do."""
    current = get_scope()
    if not current.get("_enabled", True):
        return None
    if "tenant" not in current:
        raise ScopeError("A scope on dimension(s) tenant needs to be active for this query.")
    tenant = current["tenant"]
    if isinstance(tenant, list | tuple):
        raise ScopeError("A query written in SQL reads one tenant at a time.")
    return getattr(tenant, "pk", tenant)


class TenantOwnedModel(models.Model):
    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")

    objects = tenant_scoped_manager()

    class Meta:
        abstract = True


class TenantMiddleware:
    """Sets `request.tenant` from the URL and runs the view in that tenant's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .middleware import request_access, url_tenant_slug

        request.tenant = None
        slug = url_tenant_slug(request)
        if request.path_info.startswith("/admin/"):
            # The Django admin is for platform superusers and spans tenants by design.
            with scopes_disabled():
                return self.get_response(request)
        if slug is None:
            with scope():
                return self.get_response(request)
        # Read with the person's access flags, in one query (accounts.middleware).
        request.tenant = request_access(request).tenant
        if request.tenant is None:
            # Let the normal 404 handling render the page, inside no tenant.
            with scope():
                return self._not_found(request)
        with scope(tenant=request.tenant):
            return self.get_response(request)

    def _not_found(self, request):
        from django.views.defaults import page_not_found

        return page_not_found(request, Http404("Espace inconnu"))
