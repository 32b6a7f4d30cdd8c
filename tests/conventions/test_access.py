"""Who may open each page of the conventions app: anonymous → login, wrong role → 403, another
tenant's object → 404, readers (case managers, steering committee, admins) → 200 on reading
pages, only admins on the forms."""

import pytest
from django.urls import reverse

from tests.conventions.factories import (
    AnnexFactory,
    ConventionFactory,
    MeetingFactory,
    PartnerFactory,
    make_document,
)
from tests.tenancy import assert_other_tenant_object_is_404

pytestmark = pytest.mark.django_db

READERS = {"tenant_admin", "case_manager", "steering"}
EDITORS = {"tenant_admin"}
CAST = ["tenant_admin", "case_manager", "host", "steering", "intern", "other_admin"]

# url name → (object the pk names, or None; who gets through)
PAGES = {
    "conventions:list": (None, READERS),
    "conventions:create": (None, EDITORS),
    "conventions:detail": ("convention", READERS),
    "conventions:edit": ("convention", EDITORS),
    "conventions:parties": ("convention", EDITORS),
    "conventions:schedule": ("convention", EDITORS),
    "conventions:document_upload": ("convention", EDITORS),
    "conventions:document_download": ("document", READERS),
    "conventions:document_delete": ("document", EDITORS),
    "conventions:annex_create": ("convention", EDITORS),
    "conventions:annex_detail": ("annex", READERS),
    "conventions:annex_edit": ("annex", EDITORS),
    "conventions:annex_budget": ("annex", EDITORS),
    "conventions:meeting_create": ("convention", EDITORS),
    "conventions:meeting_detail": ("meeting", READERS),
    "conventions:meeting_edit": ("meeting", EDITORS),
    "conventions:meeting_delete": ("meeting", EDITORS),
    "conventions:partners": (None, READERS),
    "conventions:partner_create": (None, EDITORS),
    "conventions:partner_import": (None, EDITORS),
    "conventions:partner_export_csv": (None, READERS),
    "conventions:partner_export_xlsx": (None, READERS),
    "conventions:partner_detail": ("partner", READERS),
    "conventions:partner_edit": ("partner", EDITORS),
}


def _objects(tenant):
    convention = ConventionFactory(tenant=tenant)
    return {
        "convention": convention,
        "document": make_document(convention),
        "annex": AnnexFactory(convention=convention),
        "meeting": MeetingFactory(convention=convention),
        "partner": PartnerFactory(tenant=tenant),
    }


@pytest.fixture
def objects(tenant):
    return _objects(tenant)


@pytest.fixture
def other_objects(other_tenant):
    return _objects(other_tenant)


def _url(url_name, tenant, objects):
    target, _allowed = PAGES[url_name]
    kwargs = {"tenant_slug": tenant.slug}
    if target:
        kwargs["pk"] = objects[target].pk
    return reverse(url_name, kwargs=kwargs)


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_is_sent_to_login(client, tenant, objects, url_name):
    response = client.get(_url(url_name, tenant, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("who", CAST)
def test_role_matrix(client, request, tenant, objects, url_name, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(url_name, tenant, objects))
    _target, allowed = PAGES[url_name]
    assert response.status_code == (200 if who in allowed else 403)


@pytest.mark.parametrize("url_name", [name for name, (target, _a) in PAGES.items() if target])
def test_another_tenants_object_is_404(client, tenant, tenant_admin, other_objects, url_name):
    target, _allowed = PAGES[url_name]
    client.force_login(tenant_admin)
    assert_other_tenant_object_is_404(
        client, url_name=url_name, tenant=tenant, obj=other_objects[target]
    )


@pytest.mark.parametrize(
    "url_name", ["conventions:edit", "conventions:document_delete", "conventions:meeting_delete"]
)
@pytest.mark.parametrize("who", ["case_manager", "steering"])
def test_readers_cannot_write(client, request, tenant, objects, url_name, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(_url(url_name, tenant, objects), {"title": "Changé"})
    assert response.status_code == 403
    objects["convention"].refresh_from_db()
    assert objects["convention"].title != "Changé"
    assert objects["convention"].documents.count() == 1
    assert objects["convention"].meetings.count() == 1


def test_the_menu_offers_the_section_to_the_steering_committee(client, tenant, steering):
    client.force_login(steering)
    page = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert reverse("conventions:list", kwargs={"tenant_slug": tenant.slug}) in page.content.decode()


def test_reading_pages_hide_the_edit_links_from_readers(client, tenant, objects, steering):
    client.force_login(steering)
    page = client.get(_url("conventions:detail", tenant, objects)).content.decode()
    assert _url("conventions:edit", tenant, objects) not in page
    assert _url("conventions:document_download", tenant, objects) in page
