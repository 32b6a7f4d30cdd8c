from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from .models import Invitation


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_invitation(self, invitation_id):
    """Mail an invitation once: `sent_at` is set in the same transaction that decides to send."""
    with transaction.atomic(), scopes_disabled():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("tenant", "invited_by")
            .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        context = {
            "invitation": invitation,
            "url": settings.PORTAL_BASE_URL + reverse("accept_invitation", args=[invitation.token]),
        }
        with translation.override("fr"):
            subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
            body = render_to_string("accounts/email/invitation_body.txt", context)
        # If the SMTP server fails, the exception rolls back sent_at and Celery retries.
        send_mail(subject, body, None, [invitation.email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


@shared_task
def purge_expired_invitations():
    """Expired, unaccepted invitations carry an e-mail address and nothing else worth keeping."""
    with scopes_disabled():
        deleted, _ = Invitation.objects.filter(
            accepted_at__isnull=True, expires_at__lt=timezone.now()
        ).delete()
    return deleted
