"""Daily e-mail to each case manager listing their overdue follow-up touchpoints.

The beat runs `send_overdue_follow_up_alerts` once a day; it records one digest per (tenant,
recipient, day) in the outbox, and the relay reads the overdue touchpoints again when it
sends (caseload.emails). The key names the day, so a second run the same day records nothing
more. Touchpoints of dossiers nobody follows go to the tenant's admins.
"""

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import Membership, Role, Tenant
from core import outbox

from .models import FollowUp

OVERDUE_DIGEST = "caseload.overdue_digest"


def overdue(tenant, today):
    return (
        FollowUp.objects.filter(tenant=tenant, dossier__anonymised_at__isnull=True)
        .overdue(today)
        .select_related("dossier")
        .order_by("due_on", "pk")
    )


def _recipients(tenant, today):
    """Case managers with overdue touchpoints; admins also get the unassigned ones."""
    assigned = set(overdue(tenant, today).values_list("dossier__assigned_to", flat=True))
    recipients = {pk for pk in assigned if pk is not None}
    if None in assigned:
        recipients |= set(
            Membership.objects.filter(tenant=tenant, role=Role.ADMIN).values_list(
                "user_id", flat=True
            )
        )
    return recipients


@shared_task
def send_overdue_follow_up_alerts():
    """Record today's digests (beat: once a day, in the morning); returns how many."""
    today = timezone.localdate()
    with scopes_disabled(), transaction.atomic():
        return outbox.enqueue_many(
            {
                "key": f"{OVERDUE_DIGEST}:{tenant.pk}:{user_id}:{today.isoformat()}",
                "kind": OVERDUE_DIGEST,
                "payload": {"tenant": tenant.pk, "user": user_id, "day": today.isoformat()},
                "tenant_id": tenant.pk,
            }
            for tenant in Tenant.objects.filter(is_active=True)
            for user_id in sorted(_recipients(tenant, today))
        )
