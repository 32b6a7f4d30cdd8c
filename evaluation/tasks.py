"""The evaluation's periodic work: the running quarter recomputed every night, and on each
quarter's first day the quarter just over published (frozen) and its report rendered, stored
and announced for every tenant; plus the drafts asked for on a report page. Each step is
idempotent: a run twice, or a run the night after a missed one, writes and sends nothing twice."""

import logging

from celery import shared_task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import Tenant

from . import reports, snapshots
from .periods import Quarter

logger = logging.getLogger(__name__)


def active_tenants(slug=None):
    with scopes_disabled():
        tenants = Tenant.objects.filter(is_active=True).order_by("pk")
        if slug:
            tenants = tenants.filter(slug=slug)
        return list(tenants)


def parse_quarter(code):
    """A quarter from "2026-Q3" (None: the quarter just over); ValueError."""
    if not code:
        return Quarter.containing(timezone.localdate()).previous()
    year, _sep, number = code.upper().replace("-T", "-Q").partition("-Q")
    quarter = Quarter(int(year), int(number))
    if not 1 <= quarter.number <= 4:
        raise ValueError(code)
    return quarter


@shared_task(ignore_result=True)
def refresh_running_quarter():
    """Every night: close the previous quarter if that was missed, recompute the running one."""
    quarter = Quarter.containing(timezone.localdate())
    for tenant in active_tenants():
        with scope(tenant=tenant):
            snapshots.publish_quarter(tenant=tenant, quarter=quarter.previous())
            snapshots.refresh_quarter(tenant=tenant, quarter=quarter)


def render_quarterly_reports(*, quarter, slug=None, force=False):
    """Publish the quarter and render its missing reports; [(tenant, rendered?)]."""
    done = []
    for tenant in active_tenants(slug):
        with scope(tenant=tenant):
            _report, rendered = reports.render_final(tenant=tenant, quarter=quarter, force=force)
        logger.info("Quarterly report %s for %s: %s", quarter.code, tenant.slug, rendered)
        done.append((tenant, rendered))
    return done


@shared_task(ignore_result=True)
def close_quarter(quarter_code=None):
    """The first day of a quarter: publish the quarter just over for every tenant, render the
    reports missing, store them and tell the steering members."""
    render_quarterly_reports(quarter=parse_quarter(quarter_code))


@shared_task(ignore_result=True)
def render_draft(report_id):
    with scopes_disabled():
        tenant_id = reports.Report.objects.values_list("tenant_id", flat=True).get(pk=report_id)
        tenant = Tenant.objects.get(pk=tenant_id)
    with scope(tenant=tenant):
        reports.render_draft_now(report_id)
