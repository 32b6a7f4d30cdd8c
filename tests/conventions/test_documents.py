"""Signed documents: PDF only, size-limited, stored privately, served only by the view to the
tenant's staff."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conventions.models import ConventionDocument
from tests.conventions.factories import PDF_BYTES, ConventionFactory, make_document, pdf_upload

pytestmark = pytest.mark.django_db


def _upload_url(convention):
    return reverse(
        "conventions:document_upload",
        kwargs={"tenant_slug": convention.tenant.slug, "pk": convention.pk},
    )


def _download_url(document, tenant=None):
    slug = (tenant or document.tenant).slug
    return reverse("conventions:document_download", kwargs={"tenant_slug": slug, "pk": document.pk})


def test_an_admin_uploads_a_signed_pdf_that_staff_download(client, tenant, tenant_admin, steering):
    convention = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    response = client.post(
        _upload_url(convention), {"title": "Protocole signé", "file": pdf_upload("Signé.pdf")}
    )
    assert response.status_code == 302
    document = ConventionDocument.objects.get(convention=convention)
    assert document.tenant == tenant
    assert document.original_name == "Signé.pdf"
    # Stored under MEDIA_ROOT/private/, under a random name, never the one uploaded.
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    assert "Signé" not in path.name

    client.force_login(steering)
    response = client.get(_download_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_no_public_url_exists_for_a_document(tenant):
    document = make_document(ConventionFactory(tenant=tenant))
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018


def test_another_tenants_document_is_a_404(client, tenant, other_tenant, tenant_admin, other_admin):
    theirs = make_document(ConventionFactory(tenant=other_tenant))
    client.force_login(tenant_admin)
    assert client.get(_download_url(theirs, tenant=tenant)).status_code == 404
    # Through the other tenant's own URL, our admin holds no role there.
    assert client.get(_download_url(theirs)).status_code == 403
    client.force_login(other_admin)
    assert client.get(_download_url(theirs)).status_code == 200


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("convention.docx", b"PK\x03\x04 not a pdf"),
        ("convention.pdf", b"PK\x03\x04 a zip named .pdf"),
        ("convention.exe", PDF_BYTES),
    ],
)
def test_a_non_pdf_is_refused_with_a_french_message(client, tenant, tenant_admin, name, content):
    convention = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    response = client.post(
        _upload_url(convention),
        {"title": "Pas un PDF", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("PDF" in error for error in errors)
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not ConventionDocument.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "private").exists()


def test_an_oversized_pdf_is_refused(client, settings, tenant, tenant_admin):
    settings.CONVENTION_DOCUMENT_MAX_BYTES = 1024
    convention = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    big = PDF_BYTES + b"0" * 2048
    response = client.post(
        _upload_url(convention), {"title": "Trop lourd", "file": pdf_upload(content=big)}
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert "taille maximale" in error
    assert not ConventionDocument.objects.exists()


def test_the_default_limit_is_10_mb(client, tenant, tenant_admin):
    convention = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    big = PDF_BYTES + b"0" * (10 * 1024 * 1024)
    response = client.post(
        _upload_url(convention), {"title": "Trop lourd", "file": pdf_upload(content=big)}
    )
    assert "taille maximale" in response.context["form"].errors["file"][0]


def test_deleting_a_document_removes_its_file(
    client, tenant, tenant_admin, django_capture_on_commit_callbacks
):
    document = make_document(ConventionFactory(tenant=tenant))
    path = Path(document.file.path)
    assert path.exists()
    client.force_login(tenant_admin)
    url = reverse(
        "conventions:document_delete", kwargs={"tenant_slug": tenant.slug, "pk": document.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not ConventionDocument.objects.exists()
    assert not path.exists()
