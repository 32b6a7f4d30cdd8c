"""The privacy app's message, rendered when the outbox relays it (core.outbox): the warning
before an unused account is erased (privacy.retention)."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import outbox
from core.emails import absolute_url, render_email

from . import retention

# The kind keeps its first name: messages already in the outbox carry it.
INACTIVITY_WARNING = "accounts.inactivity_warning"


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
        "my_data_url": absolute_url(reverse("privacy:my_data")),
    }
    return render_email("privacy/email/inactivity_warning", context, to=[user.email])
