import logging

from celery import shared_task
from django.utils import timezone
from django_scopes import scopes_disabled

from . import retention
from .models import Invitation

logger = logging.getLogger(__name__)


@shared_task
def purge_expired_invitations():
    """Expired, unaccepted invitations carry an e-mail address and nothing else worth keeping."""
    with scopes_disabled():
        deleted, _ = Invitation.objects.filter(
            accepted_at__isnull=True, expires_at__lt=timezone.now()
        ).delete()
    return deleted


@shared_task
def sweep_inactive_accounts():
    """Daily (beat): erase the accounts whose warning has run out, then warn the accounts to
    warn (each warning recorded in the outbox). Returns the counts."""
    erased = retention.erase_due_accounts()
    to_warn = list(retention.accounts_to_warn().values_list("pk", flat=True))
    warned = sum(retention.warn_inactive_account(user_id=pk) for pk in to_warn)
    if erased or warned:
        logger.info("Inactive accounts: %s erased, %s warned", erased, warned)
    return {"erased": erased, "warned": warned}
