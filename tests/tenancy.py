"""Helpers proving tenant isolation, for every app's tests."""

from django.urls import reverse


def assert_other_tenant_object_is_404(client, *, url_name, tenant, obj, method="get", data=None):
    """A staff member of `tenant` asking for `obj` (owned by another tenant) through `tenant`'s
    URL gets a 404, as if it did not exist, and the object is left untouched."""
    assert obj.tenant_id != tenant.id, "the object must belong to another tenant"
    url = reverse(url_name, kwargs={"tenant_slug": tenant.slug, "pk": obj.pk})
    before = type(obj)._base_manager.filter(pk=obj.pk).values().first()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 404, f"{url} answered {response.status_code}, not 404"
    after = type(obj)._base_manager.filter(pk=obj.pk).values().first()
    assert after == before, "the other tenant's object was changed"
    return response
