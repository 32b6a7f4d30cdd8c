"""The registry of computations: one small function per computed indicator, each answering
for a scope (the tenant, a period, optionally one département).

A computation is registered with the unit it produces and how its quarterly values combine
over a longer period (`Aggregation`), which is what lets the dashboards show a semester or a
year from the quarterly snapshots alone."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from ..periods import local_midnight


class Aggregation:
    SUM = "sum"  # a flow: quarters add up (sessions held, installations recorded)
    RATIO = "ratio"  # numerators and denominators add up, the rate is recomputed
    MEAN = "mean"  # a mean: sums (numerator) and counts (denominator) add up
    LAST = "last"  # a stock at the period's end: the last quarter's value


@dataclass(frozen=True)
class Scope:
    """What a computation counts: the tenant's rows of [start, end), in one département or all;
    `as_of` is the moment of the computation (a month or a due date not reached yet is not
    counted as missed)."""

    tenant: object
    start: date
    end: date  # exclusive
    departement: object = None
    as_of: datetime | None = None

    @property
    def start_at(self):
        return local_midnight(self.start)

    @property
    def end_at(self):
        return local_midnight(self.end)


@dataclass(frozen=True)
class Result:
    """A value with what it is made of. `people` is how many people it is computed from (None
    when it counts no people, e.g. sessions held): the small-cell rule reads it.
    `breakdown` maps a dimension to rows [key, label, count]."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    people: int | None = None
    breakdown: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Computation:
    code: str
    label: str
    unit: str
    aggregation: str
    function: object
    description: str = ""

    def __call__(self, scope):
        return self.function(scope)


_registry = {}


def register(code, *, label, unit, aggregation, description=""):
    """Decorator: `function(scope) -> Result` computes the indicator `code`."""

    def decorator(function):
        if code in _registry:
            raise ValueError(f"two computations named {code!r}")
        _registry[code] = Computation(code, label, unit, aggregation, function, description)
        return function

    return decorator


def get(code):
    return _registry.get(code)


def all_computations():
    return list(_registry.values())


def choices():
    return [(c.code, c.label) for c in sorted(_registry.values(), key=lambda c: c.code)]


def compute(code, scope):
    return _registry[code](scope)


# Results


def quantize(value, places="0.1"):
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def count(value, *, people=True, breakdown=None):
    """A count (of people unless `people=False`)."""
    return Result(value=Decimal(value), people=value if people else None, breakdown=breakdown or {})


def rate(numerator, denominator, *, breakdown=None):
    """A percentage of people, None (not 0) when nobody is in the denominator."""
    value = quantize(Decimal(100) * numerator / denominator) if denominator else None
    return Result(
        value=value,
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
        people=denominator,
        breakdown=breakdown or {},
    )


def mean(total, answers):
    """An average score from its sum and number of answers, None without answers."""
    value = quantize(Decimal(total) / answers, "0.01") if answers else None
    return Result(
        value=value, numerator=Decimal(total), denominator=Decimal(answers), people=answers
    )


def rows(counts, labels):
    """Breakdown rows [key, label, count] in the order of `labels` (a choices list), then any
    key it does not know."""
    known = [[key, str(label), counts.get(key, 0)] for key, label in labels]
    extra = [[key, str(key), n] for key, n in counts.items() if key not in dict(labels)]
    return known + extra
