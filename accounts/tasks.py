import logging

from celery import shared_task
from django.utils import timezone
from django_scopes import scopes_disabled

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
