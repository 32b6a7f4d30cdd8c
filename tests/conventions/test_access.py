"""Conventions access beyond status codes: readers (case managers, the steering committee)
cannot write, and the pages hide the edit links from them. Who gets which status on every
conventions URL, and another tenant's objects (404): tests/access/."""

import pytest
from django.urls import reverse

from tests.conventions.factories import ConventionFactory, MeetingFactory, make_document

pytestmark = pytest.mark.django_db

# url name → the object its pk names
PAGES = {
    "conventions:detail": "convention",
    "conventions:edit": "convention",
    "conventions:document_download": "document",
    "conventions:document_delete": "document",
    "conventions:meeting_delete": "meeting",
}


@pytest.fixture
def objects(tenant):
    convention = ConventionFactory(tenant=tenant)
    return {
        "convention": convention,
        "document": make_document(convention),
        "meeting": MeetingFactory(convention=convention),
    }


def _url(url_name, tenant, objects):
    return reverse(url_name, kwargs={"tenant_slug": tenant.slug, "pk": objects[PAGES[url_name]].pk})


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
