"""The accounts' messages, rendered when the outbox relays them (core.outbox): invitations to
join a tenant's team (the warning before an unused account is erased is privacy.emails).
allauth's own
e-mails (address confirmation, password reset) go through the outbox too
(accounts.adapter.AccountAdapter.send_mail)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.emails import absolute_url, render_email

from .models import Invitation

INVITATION = "accounts.invitation"


def queue_invitation(invitation, *, resent_at=None):
    """The invitation's e-mail; `resent_at` for each time it is sent again (a cause of its own)."""
    key = f"{INVITATION}:{invitation.pk}"
    if resent_at is not None:
        key = f"{key}:resent:{resent_at.isoformat()}"
    outbox.enqueue(
        key=key,
        kind=INVITATION,
        payload={"invitation": invitation.pk},
        tenant_id=invitation.tenant_id,
    )


@outbox.register(INVITATION, label=_("Invitation dans l'équipe"))
def invitation_message(payload):
    invitation = (
        Invitation.objects.select_related("tenant", "invited_by")
        .filter(pk=payload["invitation"], accepted_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        return None
    url = absolute_url(reverse("accept_invitation", args=[invitation.token]))
    message = render_email(
        "accounts/email/invitation", {"invitation": invitation, "url": url}, to=[invitation.email]
    )
    # Rolled back with the message's savepoint if the mail server refuses it.
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return message
