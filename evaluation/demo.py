"""The evaluation's demo: the indicators of the IDF protocol's annexes and of the CDOM
convention, four past quarters of entered figures, the published values of those quarters
(computed from the demo's permanences and caseload) and of the running one, the CDOM
convention's 9-item grid, and the last quarter's report ready in the history.

Idempotent: definitions are found by their code, entries by their quarter, and a published
quarter or a rendered report is left as it is. Call it inside `scopes_disabled()`, after the
conventions, permanences and caseload demos."""

import random
from decimal import Decimal

from conventions import demo_data as conventions_data
from conventions.models import Annex, Convention

from . import demo_data, reports, snapshots
from .models import EnteredValue, EvaluationItem, Indicator, SourceKind
from .periods import Quarter

PAST_QUARTERS = 4


def _define(tenant, convention, annex, rows):
    indicators = {}
    for position, row in enumerate(rows):
        code, label, source, unit, direction, target, per_dep, baseline, key, method = row
        computed = source != demo_data.ENTERED
        indicator, _created = Indicator.objects.update_or_create(
            convention=convention,
            code=code,
            defaults={
                "tenant": tenant, "annex": annex, "label": label, "unit": unit,
                "direction": direction or "higher", "target": target,
                "target_scope": "departement" if per_dep else "tenant", "baseline": baseline,
                "source": SourceKind.COMPUTED if computed else SourceKind.ENTERED,
                "computation": source if computed else "", "method": method,
                "position": position, "is_key": key,
            },
        )  # fmt: skip
        indicators[code] = indicator
    return indicators


def seed_definitions(tenant):
    """The indicators; returns {code: indicator}."""
    protocol = Convention.objects.get(tenant=tenant, title=conventions_data.PROTOCOL["title"])
    cdom = Convention.objects.get(tenant=tenant, title=conventions_data.CDOM_CONVENTION["title"])
    annexes = {annex.number: annex for annex in Annex.objects.filter(convention=protocol)}
    indicators = {}
    for number, rows in demo_data.PROTOCOL_INDICATORS.items():
        annex = annexes.get(number) if number else None
        indicators |= _define(tenant, protocol, annex, rows)
    indicators |= _define(tenant, cdom, None, demo_data.CDOM_INDICATORS)
    return indicators, cdom


def seed_entries(tenant, indicators, quarters):
    """A figure per entered indicator and quarter, varied around its typical value."""
    for quarter in quarters:
        if snapshots.is_published(tenant, quarter):
            continue
        for code, typical in demo_data.ENTERED_TYPICAL.items():
            rng = random.Random(f"{code}-{quarter.code}")  # noqa: S311 (demo data)
            rate = indicators[code].unit == "percentage"
            spread = rng.uniform(0.92, 1.08) if rate else rng.uniform(0.7, 1.3)
            value = (typical * Decimal(spread)).quantize(Decimal(1))
            if rate:
                value = min(value, Decimal(100))
            EnteredValue.objects.get_or_create(
                indicator=indicators[code],
                period_start=quarter.start,
                departement=None,
                defaults={
                    "tenant": tenant,
                    "value": value,
                    "comment": demo_data.ENTERED_COMMENTS.get(code, "")
                    if rng.random() < 0.5
                    else "",
                },
            )


def seed_grid(cdom, indicators):
    for position, (title, description, code, status, evidence) in enumerate(
        demo_data.GRID_ITEMS, start=1
    ):
        EvaluationItem.objects.update_or_create(
            convention=cdom,
            position=position,
            defaults={
                "tenant": cdom.tenant, "title": title, "description": description,
                "indicator": indicators.get(code) if code else None, "status": status,
                "evidence": evidence,
            },
        )  # fmt: skip


def seed_evaluation(tenant):
    """Seed the tenant's evaluation; returns the report of the last quarter over."""
    indicators, cdom = seed_definitions(tenant)
    running = Quarter.current()
    past = [running.minus(n) for n in range(PAST_QUARTERS, 0, -1)]
    seed_entries(tenant, indicators, [*past, running])
    seed_grid(cdom, indicators)
    for quarter in past:  # oldest first: a later quarter notes corrections of the one before
        snapshots.publish_quarter(tenant=tenant, quarter=quarter)
    snapshots.refresh_quarter(tenant=tenant, quarter=running)
    report, _rendered = reports.render_final(tenant=tenant, quarter=past[-1])
    return report
