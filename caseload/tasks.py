"""Daily e-mail to each case manager listing their overdue follow-up touchpoints.

The beat runs `send_overdue_follow_up_alerts` once a day; it queues one digest per (tenant,
recipient) and each digest reads the overdue touchpoints again when it sends. Nothing is
recorded: "once a day" is the beat's schedule. A digest whose mail server fails is retried on
its own (the others are not re-sent); only a worker dying between the send and the
acknowledgement could send one digest twice, which a daily reminder can live with.
Touchpoints of dossiers nobody follows go to the tenant's admins.
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from accounts.models import Membership, Role, Tenant

from .models import FollowUp

logger = logging.getLogger(__name__)

MAIL_RETRY = {
    "autoretry_for": (OSError, SMTPException),
    "retry_backoff": 60,
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 6,
}


def _overdue(tenant, today):
    return (
        FollowUp.objects.filter(tenant=tenant, dossier__anonymised_at__isnull=True)
        .overdue(today)
        .select_related("dossier")
        .order_by("due_on", "pk")
    )


def _recipients(tenant, today):
    """{user_id: None} for case managers with overdue touchpoints; admins get the unassigned."""
    assigned = set(_overdue(tenant, today).values_list("dossier__assigned_to", flat=True))
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
    """Queue today's digests (beat: once a day, in the morning); returns how many."""
    today = timezone.localdate()
    queued = []
    with scopes_disabled():
        for tenant in Tenant.objects.filter(is_active=True):
            queued += [(tenant.pk, user_id) for user_id in sorted(_recipients(tenant, today))]
    for tenant_id, user_id in queued:
        send_overdue_digest.delay(tenant_id, user_id)
    return len(queued)


@shared_task(**MAIL_RETRY)
def send_overdue_digest(tenant_id, user_id):
    """One e-mail listing the recipient's overdue touchpoints in one tenant; False if none."""
    today = timezone.localdate()
    with scopes_disabled():
        tenant = Tenant.objects.filter(pk=tenant_id, is_active=True).first()
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if tenant is None or user is None:
            return False
        follow_ups = _overdue(tenant, today)
        is_admin = Membership.objects.filter(tenant=tenant, user=user, role=Role.ADMIN).exists()
        mine = [f for f in follow_ups if f.dossier.assigned_to_id == user.pk]
        unassigned = [f for f in follow_ups if f.dossier.assigned_to_id is None] if is_admin else []
        if not (mine or unassigned):
            return False
        message = overdue_digest_message(tenant, user, mine, unassigned, today)
    message.send()
    return True


def overdue_digest_message(tenant, user, mine, unassigned, today):
    from django.conf import settings

    base = settings.PORTAL_BASE_URL.rstrip("/")

    def row(follow_up):
        path = reverse(
            "caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": follow_up.dossier_id}
        )
        return {
            "follow_up": follow_up,
            "days_late": (today - follow_up.due_on).days,
            "url": base + path,
        }

    context = {
        "tenant": tenant,
        "user": user,
        "rows": [row(f) for f in mine],
        "unassigned_rows": [row(f) for f in unassigned],
        "count": len(mine) + len(unassigned),
        "home_url": base + reverse("caseload:home", kwargs={"tenant_slug": tenant.slug}),
    }
    with translation.override("fr"):
        subject = render_to_string("caseload/email/overdue_follow_ups_subject.txt", context)
        body = render_to_string("caseload/email/overdue_follow_ups_body.txt", context)
    return EmailMessage(
        " ".join(subject.split()), body, to=[user.email], reply_to=[tenant.contact_email]
    )
