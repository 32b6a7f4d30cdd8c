"""The ground layer's middleware: a NUL byte anywhere in a request is a French 400 before any
view reads it; no response to a logged-in person, and no download, may be kept by a cache."""

import io

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from accounts.models import Tenant
from core.middleware import NoStoreForPersonalResponsesMiddleware
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.conventions.factories import PartnerFactory
from tests.permanences.factories import SessionFactory

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


# NUL bytes


@pytest.mark.parametrize(
    "url",
    [
        "/idf/permanences/calendrier.ics?departement=%00",  # answered 500 (PostgreSQL refuses NUL)
        "/aides/departement/9%001/",  # in the address: answered 500 too
        "/aides/?q=logement%00",
    ],
)
def test_a_nul_byte_in_the_address_or_the_query_is_a_french_400(client, tenant, url):
    SessionFactory(tenant=tenant)

    response = client.get(url)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Demande invalide" in page
    assert "caractères qui ne sont pas permis" in page


def test_a_request_without_nul_goes_through(client, tenant):
    SessionFactory(tenant=tenant)
    url = reverse("permanences:feed", kwargs={"tenant_slug": tenant.slug})

    assert client.get(url, {"departement": "91"}).status_code == 200


# Cache-Control: no-store


def test_a_page_for_a_logged_in_person_is_not_stored(client, intern):
    client.force_login(intern)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control(response)


@pytest.mark.parametrize("status", [302, 403, 404])
def test_every_answer_to_a_logged_in_person_is_not_stored(client, tenant, intern, status):
    client.force_login(intern)
    url = {
        302: reverse("after_login"),
        403: reverse("caseload:home", kwargs={"tenant_slug": tenant.slug}),
        404: "/page-qui-n-existe-pas/",
    }[status]

    response = client.get(url)

    assert response.status_code == status
    assert "no-store" in cache_control(response)


def test_a_public_page_for_an_anonymous_visitor_may_be_stored(client):
    response = client.get(reverse("aids:catalogue"))

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_logging_in_answers_with_no_store(client, intern):
    response = client.post(
        reverse("account_login"), {"login": intern.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert "no-store" in cache_control(response)


def test_the_personal_data_export_is_not_stored(client, intern):
    client.force_login(intern)

    response = client.get(reverse("privacy:my_data_json"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in cache_control(response)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_partner_export_with_its_contacts_is_not_stored(
    client, tenant, tenant_admin, extension
):
    PartnerFactory(tenant=tenant)
    client.force_login(tenant_admin)

    response = client.get(
        reverse(f"conventions:partner_export_{extension}", kwargs={"tenant_slug": tenant.slug})
    )

    assert response.status_code == 200
    assert "no-store" in cache_control(response)


def test_a_download_is_not_stored_even_for_an_anonymous_visitor():
    def export(request):
        response = HttpResponse("nom;courriel\n")
        response["Content-Disposition"] = 'attachment; filename="liste.csv"'
        response["Cache-Control"] = "public, max-age=600"
        return response

    request = RequestFactory().get("/liste.csv")
    response = NoStoreForPersonalResponsesMiddleware(export)(request)

    assert cache_control(response) == {"private", "no-store"}


def test_the_tenant_logo_keeps_its_public_cache_for_a_logged_in_person(
    client, settings, tmp_path, tenant, intern
):
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    tenant.logo.save("logo.png", ContentFile(buffer.getvalue()))
    tenant = Tenant.objects.get(pk=tenant.pk)
    client.force_login(intern)

    response = client.get(tenant.logo_url)

    assert response.status_code == 200
    assert {"public", "immutable"} <= cache_control(response)
    assert "no-store" not in cache_control(response)
