"""Each tenant's indicator definitions (every computation of the registry, and entered ones
with their values), and their values by quarter: the past quarters published (frozen) and the
running one, the rows the dashboards read.

By default the values are drawn at random and copied in bulk: the registry's computations run
once per indicator, département and quarter (two when a quarter before is published), about
ten seconds a tenant on this machine even when it is nearly empty, so 18 tenants would take
minutes. `compute=True` runs the real nightly and quarterly work instead
(snapshots.publish_quarter, refresh_quarter), to measure it."""

from decimal import Decimal

from django_scopes import scope

from conventions.models import Annex, Convention
from evaluation import snapshots
from evaluation.computations import registry
from evaluation.models import EnteredValue, Indicator, IndicatorValue, PublishedQuarter
from evaluation.periods import Quarter

from .bulk import copy_rows

ANNEX_OF = {"calls": 1, "permanences": 2, "follow_up": 3}


def definitions(tenant, quarters):
    convention = Convention.objects.create(tenant=tenant, title="Protocole", kind="protocol")
    annexes = {n: Annex.objects.create(tenant=tenant, convention=convention, number=n,
                                       title=f"Annexe {n}", axis="installation")
               for n in range(1, 9)}  # fmt: skip
    for position, computation in enumerate(registry.all_computations()):
        Indicator.objects.create(
            tenant=tenant, convention=convention, position=position,
            annex=annexes.get(ANNEX_OF.get(computation.code.split(".")[0])),
            code=computation.code.replace(".", "-").replace("_", "-"), label=str(computation.label),
            unit=computation.unit, source="computed", computation=computation.code, target=50,
        )  # fmt: skip
    running = Quarter.current()
    for number in range(4, 9):
        indicator = Indicator.objects.create(
            tenant=tenant, convention=convention, annex=annexes[number], code=f"saisi-{number}",
            label=f"Indicateur saisi {number}", source="entered",
        )  # fmt: skip
        EnteredValue.objects.bulk_create(
            EnteredValue(tenant=tenant, indicator=indicator, period_start=running.minus(n).start,
                         value=number)
            for n in range(quarters + 1)
        )  # fmt: skip


def publish(tenant, quarters):
    running = Quarter.current()
    with scope(tenant=tenant):
        for n in range(quarters, 0, -1):
            snapshots.publish_quarter(tenant=tenant, quarter=running.minus(n))
        snapshots.refresh_quarter(tenant=tenant, quarter=running)


def drawn_values(tenant, quarters, rng, anchor):
    """Values for every indicator, scope (the tenant, then each département) and quarter, the
    past ones frozen and published; returns how many rows."""
    running = Quarter.current()
    scopes = snapshots.departements_of(tenant)
    rows = []
    for indicator in Indicator.objects.filter(tenant=tenant).order_by("pk"):
        for back in range(quarters, -1, -1):
            for departement in scopes:
                denominator = rng.randint(20, 400)
                numerator = rng.randint(0, denominator)
                rows.append({
                    "tenant_id": tenant.pk, "indicator_id": indicator.pk,
                    "period_start": running.minus(back).start,
                    "departement_id": departement.pk if departement else None,
                    "value": Decimal(numerator), "numerator": Decimal(numerator),
                    "denominator": Decimal(denominator), "people": denominator,
                    "computed_at": anchor, "frozen_at": anchor if back else None,
                })  # fmt: skip
    copy_rows(IndicatorValue, rows, now=anchor)
    PublishedQuarter.objects.bulk_create(
        PublishedQuarter(tenant=tenant, period_start=running.minus(back).start, published_at=anchor)
        for back in range(quarters, 0, -1)
    )
    return len(rows)


def indicator_values(scale, tenants_made, rng, anchor, *, compute=False):
    """Returns the number of value rows written."""
    written = 0
    for tenant, _departements, _staff in tenants_made:
        definitions(tenant, scale.quarters)
        if compute:
            publish(tenant, scale.quarters)
        else:
            written += drawn_values(tenant, scale.quarters, rng, anchor)
    return written or IndicatorValue.objects.count()
