from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Membership, Role
from accounts.permissions import can_host_permanences
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, tenant, email="nouvel.hote@example.org", role=Role.HOST):
    return client.post(
        reverse("tenant_admin:invite", kwargs={"tenant_slug": tenant.slug}),
        {"email": email, "role": role, "organisation": "CPAM 91"},
    )


def test_admin_invites_by_email_and_the_invitee_joins(
    client, tenant, tenant_admin, django_capture_on_commit_callbacks
):
    client.force_login(tenant_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, tenant)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nouvel.hote@example.org")
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    url = reverse("accept_invitation", args=[invitation.token])
    assert url in mail.outbox[0].body
    assert tenant.name in mail.outbox[0].subject

    invitee = UserFactory(email="nouvel.hote@example.org")
    client.force_login(invitee)
    assert client.get(url).status_code == 200
    client.post(url)
    membership = Membership.objects.get(user=invitee)
    assert (membership.tenant, membership.role, membership.organisation) == (
        tenant,
        "host",
        "CPAM 91",
    )
    assert can_host_permanences(invitee, tenant)
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee


def test_an_invitation_is_only_for_its_address(client, tenant, tenant_admin):
    invitation = Invitation.objects.create(tenant=tenant, email="a@example.org", role=Role.ADMIN)
    intruder = UserFactory(email="b@example.org")
    client.force_login(intruder)
    response = client.post(reverse("accept_invitation", args=[invitation.token]), follow=True)
    assert "une autre adresse e-mail" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()


def test_an_expired_or_used_invitation_is_refused(client, tenant):
    user = UserFactory(email="late@example.org")
    invitation = Invitation.objects.create(
        tenant=tenant, email=user.email, role=Role.HOST, expires_at=timezone.now()
    )
    client.force_login(user)
    response = client.post(reverse("accept_invitation", args=[invitation.token]), follow=True)
    assert "a expiré" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_sending_twice_mails_once(tenant):
    from accounts.emails import queue_invitation
    from core import outbox

    invitation = Invitation.objects.create(tenant=tenant, email="x@example.org", role=Role.HOST)
    queue_invitation(invitation)
    queue_invitation(invitation)  # the same cause twice
    assert outbox.relay()["sent"] == 1
    assert outbox.relay()["sent"] == 0
    assert len(mail.outbox) == 1


def test_smtp_failure_leaves_the_invitation_unsent_for_a_retry(tenant, monkeypatch):
    from django.core.mail.backends import locmem

    from accounts.emails import queue_invitation
    from core import outbox

    invitation = Invitation.objects.create(tenant=tenant, email="x@example.org", role=Role.HOST)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    queue_invitation(invitation)
    assert outbox.relay()["retried"] == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is None  # rolled back with the failed attempt
    monkeypatch.undo()
    assert outbox.relay(now=timezone.now() + timedelta(minutes=2))["sent"] == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1


def test_inviting_someone_who_already_has_the_role_is_refused(client, tenant, tenant_admin, host):
    client.force_login(tenant_admin)
    response = _invite(client, tenant, email=host.email, role=Role.HOST)
    assert response.status_code == 200
    assert "déjà ce rôle" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_an_address_already_invited_sends_the_same_invitation_again(
    client, tenant, tenant_admin, django_capture_on_commit_callbacks
):
    from auditlog.models import LogEntry

    client.force_login(tenant_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, tenant)
    first = Invitation.objects.get()
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, tenant, email="Nouvel.Hote@example.org")
    assert response.status_code == 302
    invitation = Invitation.objects.get()  # still one
    assert invitation.token == first.token
    assert invitation.expires_at > timezone.now() + timedelta(days=13)  # valid again
    # A second e-mail, with the same link, through the outbox.
    url = reverse("accept_invitation", args=[invitation.token])
    assert len(mail.outbox) == 2
    assert all(url in message.body for message in mail.outbox)
    entry = LogEntry.objects.get(additional_data__event="invitation_resent")
    assert (entry.actor, entry.object_pk) == (tenant_admin, str(invitation.pk))
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "déjà une invitation en attente pour ce rôle" in messages[-1]


def test_another_role_or_an_expired_invitation_makes_a_new_invitation(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    _invite(client, tenant, role=Role.HOST)
    _invite(client, tenant, role=Role.CASE_MANAGER)
    assert Invitation.objects.count() == 2
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    _invite(client, tenant, role=Role.HOST)
    assert Invitation.objects.count() == 3
