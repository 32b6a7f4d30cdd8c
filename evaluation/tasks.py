"""The evaluation's periodic work: the running quarter recomputed every night, and the
previous quarter published (frozen) once it is over, for every tenant. Each step is idempotent:
a run twice, or a run the night after a missed one, writes nothing twice."""

import logging

from celery import shared_task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import Tenant

from . import snapshots
from .periods import Quarter

logger = logging.getLogger(__name__)


def active_tenants():
    with scopes_disabled():
        return list(Tenant.objects.filter(is_active=True).order_by("pk"))


@shared_task(ignore_result=True)
def refresh_running_quarter():
    """Every night: close the previous quarter if that was missed, recompute the running one."""
    quarter = Quarter.containing(timezone.localdate())
    for tenant in active_tenants():
        with scope(tenant=tenant):
            snapshots.publish_quarter(tenant=tenant, quarter=quarter.previous())
            snapshots.refresh_quarter(tenant=tenant, quarter=quarter)


@shared_task(ignore_result=True)
def close_quarter(quarter_code=None):
    """The first day of a quarter: publish the quarter just over for every tenant."""
    quarter = (
        Quarter(*map(int, quarter_code.split("-Q")))
        if quarter_code
        else Quarter.containing(timezone.localdate()).previous()
    )
    for tenant in active_tenants():
        with scope(tenant=tenant):
            outcome = snapshots.publish_quarter(tenant=tenant, quarter=quarter)
        logger.info("Quarter %s for %s: %s", quarter.code, tenant.slug, outcome)
