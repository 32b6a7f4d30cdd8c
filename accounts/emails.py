"""The accounts' messages, rendered when the outbox relays them (core.outbox): invitations to
join a tenant's team and the warning before an unused account is erased. allauth's own
e-mails (address confirmation, password reset) go through the outbox too
(accounts.adapter.AccountAdapter.send_mail)."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.emails import absolute_url, render_email

from . import retention
from .models import Invitation, User

INVITATION = "accounts.invitation"
INACTIVITY_WARNING = "accounts.inactivity_warning"


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


def queue_inactivity_warning(user, *, warned_at):
    """One warning per period of inactivity: the key names the last time the account was
    seen, so that a login, and a new period, warns again."""
    seen = (user.last_login or user.date_joined).isoformat()
    outbox.enqueue(
        key=f"{INACTIVITY_WARNING}:{user.pk}:{seen}",
        kind=INACTIVITY_WARNING,
        payload={"user": user.pk, "warned_at": warned_at.isoformat()},
    )


@outbox.register(INACTIVITY_WARNING, label=_("Avertissement avant suppression du compte"))
def inactivity_warning_message(payload):
    warned_at = datetime.fromisoformat(payload["warned_at"])
    # A login since the warning was decided clears it (accounts.signals): nothing to say.
    user = User.objects.filter(
        pk=payload["user"], is_active=True, inactivity_warning_sent_at__isnull=False
    ).first()
    if user is None:
        return None
    context = {
        "person": user,
        "deletes_on": retention.deletion_date(warned_at),
        "last_login": user.last_login,
        "date_joined": user.date_joined,
        "login_url": absolute_url(reverse("account_login")),
        "my_data_url": absolute_url(reverse("accounts:my_data")),
    }
    return render_email("accounts/email/inactivity_warning", context, to=[user.email])
