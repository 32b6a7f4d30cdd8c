"""The evaluation's messages to people, rendered when the outbox relays them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role
from core.emails import absolute_url, render_email
from core.outbox import register

from .models import Report, ReportStatus
from .reports import REPORT_READY


@register(REPORT_READY, label=_("Rapport trimestriel prêt"))
def report_ready(payload):
    """Tell a steering member that the quarter's report is in the history (nothing if they
    left the committee or the report is gone)."""
    report = (
        Report.objects.select_related("tenant")
        .filter(pk=payload["report"], is_draft=False, status=ReportStatus.READY)
        .first()
    )
    if report is None:
        return None
    member = (
        Membership.objects.select_related("user")
        .filter(
            tenant_id=report.tenant_id,
            user_id=payload["user"],
            role=Role.STEERING,
            user__is_active=True,
        )
        .first()
    )
    if member is None:
        return None
    url = reverse("evaluation:reports", kwargs={"tenant_slug": report.tenant.slug})
    return render_email(
        "evaluation/email/report_ready",
        {"tenant": report.tenant, "quarter": report.quarter.label, "url": absolute_url(url)},
        to=[member.user.email],
        reply_to=[report.tenant.contact_email],
    )
