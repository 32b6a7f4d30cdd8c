"""E-mails the mail server kept refusing are shown to their tenant's admins, who resend them."""

import pytest
from django.urls import reverse

from core.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


def failed(tenant, key, recipient="lea@example.org"):
    return OutboxMessage.objects.create(
        key=key,
        kind="accounts.invitation",
        tenant_id=tenant.pk,
        status=OutboxStatus.FAILED,
        attempts=8,
        recipients=recipient,
        subject="Invitation",
        last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
    )


def test_admins_see_and_resend_their_tenants_failed_messages(
    client, tenant, other_tenant, tenant_admin, django_capture_on_commit_callbacks
):
    ours = failed(tenant, "a", "lea@example.org")
    theirs = failed(other_tenant, "b", "autre-espace@example.org")
    client.force_login(tenant_admin)
    home = client.get(reverse("tenant_admin:home", kwargs={"tenant_slug": tenant.slug}))
    assert "1 e-mail n'a pas pu être envoyé" in home.content.decode()
    url = reverse("tenant_admin:failed_messages", kwargs={"tenant_slug": tenant.slug})
    page = client.get(url).content.decode()
    assert "lea@example.org" in page and "550 mailbox unavailable" in page
    assert "Invitation dans l&#x27;équipe" in page
    assert "autre-espace@example.org" not in page

    # Posting another tenant's id resends nothing of theirs.
    client.post(url, {"message": [str(ours.pk), str(theirs.pk)]})
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.status, ours.attempts) == (OutboxStatus.PENDING, 0)
    assert theirs.status == OutboxStatus.FAILED


@pytest.mark.parametrize("who", ["case_manager", "host", "steering", "intern"])
def test_only_admins_see_them(client, request, tenant, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("tenant_admin:failed_messages", kwargs={"tenant_slug": tenant.slug})
    assert client.get(url).status_code == 403
