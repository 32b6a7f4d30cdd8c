import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from . import retention
from .models import Invitation

logger = logging.getLogger(__name__)


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


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_inactivity_warning(self, user_id):
    """Warn an inactive account of its deletion, once (see accounts.retention)."""
    return retention.warn_inactive_account(user_id=user_id)


@shared_task
def sweep_inactive_accounts():
    """Daily (beat): erase the accounts whose warning has run out, then queue one warning per
    account to warn. Returns the counts."""
    erased = retention.erase_due_accounts()
    to_warn = list(retention.accounts_to_warn().values_list("pk", flat=True))
    for pk in to_warn:
        send_inactivity_warning.delay(pk)
    if erased or to_warn:
        logger.info("Inactive accounts: %s erased, %s warnings queued", erased, len(to_warn))
    return {"erased": erased, "warnings_queued": len(to_warn)}
