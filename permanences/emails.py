"""The permanences' messages sent through the outbox (core.outbox), rendered when relayed.
(Booking notifications have their own Notification records: see notifications.py.)"""

from django.urls import reverse
from django.utils import timezone

from core.emails import absolute_url, render_email
from core.outbox import register

from .models import Session, SessionStatus
from .services import SIGNUP_INVITATION


@register(SIGNUP_INVITATION)
def signup_invitation(payload):
    """A tenant's staff invite an address to book a permanence itself: create an account, or
    sign in if it has one (the message is the same either way; staff never see it). Dropped
    if the session is no longer open."""
    session = (
        Session.objects.select_related("tenant", "departement")
        .filter(pk=payload["session"])
        .first()
    )
    if session is None or session.status != SessionStatus.PUBLISHED:
        return None
    if session.starts_at <= timezone.now():
        return None
    session_path = reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )
    context = {
        "tenant": session.tenant,
        "session": session,
        "start": timezone.localtime(session.starts_at),
        "end": timezone.localtime(session.ends_at),
        "session_url": absolute_url(session_path),
        "signup_url": absolute_url(f"{reverse('account_signup')}?next={session_path}"),
        "login_url": absolute_url(f"{reverse('account_login')}?next={session_path}"),
    }
    return render_email(
        "permanences/email/signup_invitation",
        context,
        to=[payload["email"]],
        reply_to=[session.tenant.contact_email],
    )
