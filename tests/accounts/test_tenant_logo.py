"""A tenant's logo shows in production, where nothing serves MEDIA_URL: pages link the portal's
own logo view, which reads the file from the storage, serves only the accepted image formats
(never SVG) with their real type, and lets browsers cache it until a new upload."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Tenant

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throw-away MEDIA_ROOT; production settings (DEBUG off)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = False


def image_bytes(pillow_format, colour="blue"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format=pillow_format)
    return buffer.getvalue()


def set_logo(tenant, name, content):
    tenant.logo.save(name, ContentFile(content))
    return Tenant.objects.get(pk=tenant.pk)


def served_bytes(response):
    return b"".join(response.streaming_content)


def edit_url(tenant):
    return reverse("tenant_admin:edit_tenant", kwargs={"tenant_slug": tenant.slug})


def post_logo(client, tenant, upload):
    data = {
        "name": tenant.name,
        "contact_email": tenant.contact_email,
        "colour": tenant.colour,
        "logo": upload,
    }
    return client.post(edit_url(tenant), data)


def test_production_serves_no_media_url_but_the_page_links_the_logo_view(client, tenant):
    tenant = set_logo(tenant, "logo.png", image_bytes("PNG"))
    assert client.get(tenant.logo.url).status_code == 404  # why the view exists

    page = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))

    content = page.content.decode()
    assert f'src="{tenant.logo_url}"' in content
    assert tenant.logo.url not in content
    assert tenant.logo_url.startswith(f"/{tenant.slug}/logo/?v=")


def test_the_logo_view_serves_the_bytes_with_their_type_and_a_year_of_cache(client, tenant):
    png = image_bytes("PNG")
    tenant = set_logo(tenant, "logo.png", png)

    response = client.get(tenant.logo_url)

    assert response.status_code == 200
    assert served_bytes(response) == png
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=31536000", "immutable"} <= cache_control
    assert response["ETag"] == f'"{tenant.logo_version}"'


def test_a_browser_holding_the_logo_gets_a_304(client, tenant):
    tenant = set_logo(tenant, "logo.png", image_bytes("PNG"))
    etag = client.get(tenant.logo_url)["ETag"]

    response = client.get(tenant.logo_url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert "max-age=31536000" in response["Cache-Control"]


def test_an_unversioned_link_serves_the_logo_but_is_revalidated(client, tenant):
    tenant = set_logo(tenant, "logo.png", image_bytes("PNG"))

    response = client.get(reverse("tenant_logo", kwargs={"tenant_slug": tenant.slug}))

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "immutable" not in response["Cache-Control"]


def test_no_logo_unknown_or_inactive_tenant_or_missing_file_is_a_404(client, tenant, other_tenant):
    assert (
        client.get(reverse("tenant_logo", kwargs={"tenant_slug": tenant.slug})).status_code == 404
    )
    assert client.get("/nulle-part/logo/").status_code == 404

    other_tenant = set_logo(other_tenant, "logo.png", image_bytes("PNG"))
    Tenant.objects.filter(pk=other_tenant.pk).update(is_active=False)
    assert client.get(other_tenant.logo_url).status_code == 404

    other_tenant.logo.storage.delete(other_tenant.logo.name)
    Tenant.objects.filter(pk=other_tenant.pk).update(is_active=True)
    assert client.get(other_tenant.logo_url).status_code == 404


def test_each_tenant_serves_its_own_logo(client, tenant, other_tenant):
    tenant = set_logo(tenant, "logo.png", image_bytes("PNG", "blue"))
    other_tenant = set_logo(other_tenant, "logo.png", image_bytes("PNG", "red"))

    assert served_bytes(client.get(tenant.logo_url)) == image_bytes("PNG", "blue")
    assert served_bytes(client.get(other_tenant.logo_url)) == image_bytes("PNG", "red")


@pytest.mark.parametrize(
    ("pillow_format", "name", "content_type"),
    [
        ("PNG", "logo.png", "image/png"),
        ("JPEG", "logo.jpg", "image/jpeg"),
        ("GIF", "logo.gif", "image/gif"),
        ("WEBP", "logo.webp", "image/webp"),
    ],
)
def test_an_uploaded_logo_is_served_with_its_type(
    client, tenant, tenant_admin, pillow_format, name, content_type
):
    content = image_bytes(pillow_format)
    client.force_login(tenant_admin)

    response = post_logo(client, tenant, SimpleUploadedFile(name, content))

    assert response.status_code == 302, response.context["form"].errors
    tenant.refresh_from_db()
    served = client.get(tenant.logo_url)
    assert served["Content-Type"] == content_type
    assert served_bytes(served) == content


def test_a_new_upload_changes_the_url_so_it_shows_at_once(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    post_logo(client, tenant, SimpleUploadedFile("logo.png", image_bytes("PNG", "blue")))
    tenant.refresh_from_db()
    first_url = tenant.logo_url

    new = image_bytes("PNG", "red")
    post_logo(client, tenant, SimpleUploadedFile("logo.png", new))
    tenant.refresh_from_db()

    assert tenant.logo_url != first_url
    assert served_bytes(client.get(tenant.logo_url)) == new
    # A page still holding the old URL gets the new logo, not one to keep for a year.
    stale = client.get(first_url)
    assert served_bytes(stale) == new
    assert "immutable" not in stale["Cache-Control"]


def test_the_edit_page_links_the_current_logo_through_the_view(client, tenant, tenant_admin):
    tenant = set_logo(tenant, "logo.png", image_bytes("PNG"))
    client.force_login(tenant_admin)

    content = client.get(edit_url(tenant)).content.decode()

    assert f'href="{tenant.logo_url}"' in content
    assert f'src="{tenant.logo_url}"' in content
    assert tenant.logo.url not in content
    assert 'accept="image/gif,image/jpeg,image/png,image/webp"' in content


def test_an_svg_upload_is_refused(client, tenant, tenant_admin):
    client.force_login(tenant_admin)

    response = post_logo(client, tenant, SimpleUploadedFile("logo.svg", SVG))

    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    tenant.refresh_from_db()
    assert not tenant.logo


@pytest.mark.parametrize(("name", "pillow_format"), [("logo.bmp", "BMP"), ("logo.tiff", "TIFF")])
def test_images_browsers_may_not_show_are_refused(
    client, tenant, tenant_admin, name, pillow_format
):
    client.force_login(tenant_admin)

    response = post_logo(client, tenant, SimpleUploadedFile(name, image_bytes(pillow_format)))

    assert response.context["form"].errors["logo"] == [
        "Le logo doit être une image PNG, JPEG, GIF ou WebP."
    ]
    tenant.refresh_from_db()
    assert not tenant.logo


def test_an_svg_that_reached_the_storage_another_way_is_never_served(client, tenant):
    tenant = set_logo(tenant, "logo.png", SVG)  # a misleading name does not help either

    response = client.get(tenant.logo_url)

    assert response.status_code == 404
    assert b"<script>" not in response.content


def test_the_logo_view_only_reads(client, tenant):
    tenant = set_logo(tenant, "logo.png", image_bytes("PNG"))

    assert client.post(tenant.logo_url).status_code == 405
    assert client.head(tenant.logo_url).status_code == 200
