"""An indicator's figure for a period, put together from its quarterly values (one query's
rows, whatever the data's size), with the target that applies to that period and scope."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .computations import Aggregation, registry
from .models import SourceKind, TargetScope, Unit


@dataclass
class Figure:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    people: int | None = None
    breakdown: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    quarters: int = 0  # how many quarters had a value

    @property
    def empty(self):
        return self.quarters == 0


def aggregation_of(indicator):
    """How quarterly values combine: the computation says; an entered number or amount adds
    up, an entered rate, score or delay is the latest quarter's."""
    if indicator.source == SourceKind.COMPUTED:
        computation = registry.get(indicator.computation)
        return computation.aggregation if computation else Aggregation.LAST
    if indicator.unit in (Unit.COUNT, Unit.EUROS):
        return Aggregation.SUM
    return Aggregation.LAST


def _sum(values):
    present = [Decimal(v) for v in values if v is not None]
    return sum(present) if present else None


def _merge_breakdowns(breakdowns):
    merged = {}
    for breakdown in breakdowns:
        for dimension, rows in breakdown.items():
            target = merged.setdefault(dimension, {})
            for row in rows:
                key = row[0]
                if key in target:
                    target[key] = [
                        *target[key][:2],
                        *(a + b for a, b in zip(target[key][2:], row[2:], strict=False)),
                    ]
                else:
                    target[key] = list(row)
    return {dimension: list(rows.values()) for dimension, rows in merged.items()}


def aggregate(rows, aggregation):
    """The figure of a period from its quarters' rows (in quarter order)."""
    rows = [row for row in rows if row is not None]
    if not rows:
        return Figure()
    figure = Figure(
        comments=[row.comment for row in rows if row.comment],
        corrections=[row.correction for row in rows if row.correction],
        quarters=len(rows),
    )
    if aggregation == Aggregation.LAST or len(rows) == 1:
        last = rows[-1]
        figure.value, figure.numerator, figure.denominator = (
            last.value,
            last.numerator,
            last.denominator,
        )
        figure.people, figure.breakdown = last.people, last.breakdown
        return figure
    figure.numerator = _sum(row.numerator for row in rows)
    figure.denominator = _sum(row.denominator for row in rows)
    people = [row.people for row in rows if row.people is not None]
    figure.people = sum(people) if people else None
    figure.breakdown = _merge_breakdowns(row.breakdown for row in rows)
    if aggregation == Aggregation.SUM:
        figure.value = _sum(row.value for row in rows)
    elif figure.denominator:
        scale = Decimal(100) if aggregation == Aggregation.RATIO else Decimal(1)
        places = Decimal("0.1") if aggregation == Aggregation.RATIO else Decimal("0.01")
        figure.value = (scale * figure.numerator / figure.denominator).quantize(
            places, rounding=ROUND_HALF_UP
        )
    return figure


def target_for(indicator, period, departement_count):
    """The yearly target brought to the period and scope: a number or an amount that adds up
    over the year is prorated to the period's months; a target set per département is
    multiplied by the départements shown (None when no target is set)."""
    if indicator.target is None:
        return None
    target = Decimal(indicator.target)
    if aggregation_of(indicator) == Aggregation.SUM:
        target = target * period.months / 12
    if indicator.target_scope == TargetScope.DEPARTEMENT:
        target = target * max(departement_count, 1)
    return target.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def meets(indicator, value, target):
    """True/False against the target in the indicator's direction; None without either."""
    if value is None or target is None:
        return None
    return value >= target if indicator.direction == "higher" else value <= target
