"""Writing the values by quarter (the dashboards and reports read nothing else).

`refresh_quarter` recomputes a quarter that is not published yet (the running one, every night);
`publish_quarter` does the same and freezes the result: from then on no code path writes that
quarter's values again. A figure of the previous, published quarter that the data no longer
supports is noted on the new quarter's value (`correction`), never changed."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Tenant

from .computations import Scope, registry
from .models import EnteredValue, Indicator, IndicatorValue, PublishedQuarter, SourceKind

PUBLISHED, REFRESHED, ALREADY_PUBLISHED = "published", "refreshed", "already published"
CENT = Decimal("0.01")


def is_published(tenant, quarter):
    return PublishedQuarter.objects.filter(tenant=tenant, period_start=quarter.start).exists()


def departements_of(tenant):
    """The scopes values are kept for: the whole tenant (None), then each of its départements."""
    return [None, *tenant.departements.order_by("insee_code")]


def _plain(number):
    return None if number is None else Decimal(number).quantize(CENT)


def _same(result, frozen):
    return (_plain(result.value), _plain(result.numerator), _plain(result.denominator)) == (
        frozen.value,
        frozen.numerator,
        frozen.denominator,
    )


def _computed_rows(tenant, indicator, quarter, scopes, previous, now):
    computation = registry.get(indicator.computation)
    rows = []
    for departement in scopes:
        departement_id = departement.pk if departement else None
        result = computation(Scope(tenant, quarter.start, quarter.end, departement, now))
        correction = {}
        frozen = previous.get((indicator.pk, departement_id))
        if frozen is not None:
            before = quarter.previous()
            again = computation(Scope(tenant, before.start, before.end, departement, now))
            if not _same(again, frozen):
                correction = {
                    "quarter": before.code,
                    "published": str(frozen.value) if frozen.value is not None else "",
                    "now": str(_plain(again.value)) if again.value is not None else "",
                    "people_published": frozen.people,
                    "people_now": again.people,
                }
        rows.append(
            IndicatorValue(
                tenant=tenant, indicator=indicator, period_start=quarter.start,
                departement_id=departement_id, value=_plain(result.value),
                numerator=_plain(result.numerator), denominator=_plain(result.denominator),
                people=result.people, breakdown=result.breakdown, correction=correction,
                computed_at=now,
            )
        )  # fmt: skip
    return rows


def _entered_rows(tenant, quarter, now):
    """The latest entry per (indicator, département) of the quarter."""
    latest = {}
    entries = EnteredValue.objects.filter(
        tenant=tenant, period_start=quarter.start, indicator__is_active=True
    ).order_by("-entered_at", "-pk")
    for entry in entries:
        latest.setdefault((entry.indicator_id, entry.departement_id), entry)
    return [_entered_row(entry, now) for entry in latest.values()]


def _entered_row(entry, now):
    return IndicatorValue(
        tenant_id=entry.tenant_id,
        indicator_id=entry.indicator_id,
        period_start=entry.period_start,
        departement_id=entry.departement_id,
        value=entry.value,
        comment=entry.comment,
        computed_at=now,
    )


def compute_quarter(*, tenant, quarter, now=None):
    """Every active indicator's rows for the quarter (unsaved)."""
    now = now or timezone.now()
    scopes = departements_of(tenant)
    previous = {}
    if is_published(tenant, quarter.previous()):
        frozen = IndicatorValue.objects.filter(
            tenant=tenant, period_start=quarter.previous().start, frozen_at__isnull=False
        )
        previous = {(row.indicator_id, row.departement_id): row for row in frozen}
    computed = Indicator.objects.filter(
        tenant=tenant, is_active=True, source=SourceKind.COMPUTED
    ).order_by("pk")
    rows = []
    for indicator in computed:
        if registry.get(indicator.computation) is not None:
            rows += _computed_rows(tenant, indicator, quarter, scopes, previous, now)
    return rows + _entered_rows(tenant, quarter, now)


def refresh_quarter(*, tenant, quarter, now=None, freeze=False):
    """Recompute the quarter's values unless it is published; with `freeze`, publish them.
    Runs under the tenant's row lock, so two runs for a tenant take turns."""
    now = now or timezone.now()
    with transaction.atomic():
        Tenant.objects.select_for_update().filter(pk=tenant.pk).first()
        if is_published(tenant, quarter):
            return ALREADY_PUBLISHED
        rows = compute_quarter(tenant=tenant, quarter=quarter, now=now)
        IndicatorValue.objects.filter(
            tenant=tenant, period_start=quarter.start, frozen_at__isnull=True
        ).delete()
        for row in rows:
            row.frozen_at = now if freeze else None
        IndicatorValue.objects.bulk_create(rows)
        if not freeze:
            return REFRESHED
        PublishedQuarter.objects.create(tenant=tenant, period_start=quarter.start, published_at=now)
        return PUBLISHED


def publish_quarter(*, tenant, quarter, now=None):
    """Close the quarter for the tenant: compute and freeze its values (once)."""
    return refresh_quarter(tenant=tenant, quarter=quarter, now=now, freeze=True)


def write_entered_value(entry):
    """Show a new entry at once (the quarter is not published: services.enter_value checks)."""
    IndicatorValue.objects.filter(
        indicator_id=entry.indicator_id,
        period_start=entry.period_start,
        departement_id=entry.departement_id,
        frozen_at__isnull=True,
    ).delete()
    IndicatorValue.objects.bulk_create([_entered_row(entry, timezone.now())])
