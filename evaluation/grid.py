"""The evaluation grid as read on its page and in its PDF: the items with their status, evidence
and the latest value of their indicator (over the whole tenant, small cells hidden)."""

from collections import Counter
from dataclasses import dataclass

from .display import cell
from .figures import aggregate, aggregation_of
from .models import EvaluationItem, IndicatorValue, ItemStatus, small_cell_threshold
from .periods import Quarter

EVALUATION_MONTHS = 15  # the CDOM convention is evaluated 15 months after it starts


@dataclass
class GridRow:
    item: EvaluationItem
    latest: object = None  # a Cell
    quarter: Quarter | None = None


def grid(convention):
    """(rows, counts per status, the 15-month evaluation date or None)."""
    items = list(EvaluationItem.objects.filter(convention=convention).select_related("indicator"))
    indicator_ids = [item.indicator_id for item in items if item.indicator_id]
    latest = {}
    values = IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, departement__isnull=True, value__isnull=False
    ).order_by("-period_start")
    for value in values:
        latest.setdefault(value.indicator_id, value)
    threshold = small_cell_threshold(convention.tenant)
    rows = []
    for item in items:
        row = GridRow(item)
        value = latest.get(item.indicator_id)
        if value is not None:
            figure = aggregate([value], aggregation_of(item.indicator))
            row.latest = cell(figure, item.indicator.unit, threshold)
            row.quarter = Quarter.containing(value.period_start)
        rows.append(row)
    counts = Counter(item.status for item in items)
    summary = [(label, counts.get(value, 0)) for value, label in ItemStatus.choices]
    return rows, summary, convention.months_after_start(EVALUATION_MONTHS)
