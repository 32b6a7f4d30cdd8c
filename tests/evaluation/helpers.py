"""Scopes and dated rows for the hand-counted fixtures of the computations."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from core.models import Departement
from evaluation.computations import Scope
from evaluation.computations.registry import compute
from evaluation.periods import Period

# Every fixture sits in the first quarter of 2026, computed long after it (as_of), so that the
# figures do not depend on the day the tests run.
Q1_2026 = Period.parse("2026-Q1")


def at(year, month, day, hour=14):
    return timezone.make_aware(datetime.combine(date(year, month, day), time(hour)))


LATER = at(2026, 7, 1, 9)


def dep(code):
    return Departement.objects.get(insee_code=code)


def scope(tenant, period=Q1_2026, departement=None, as_of=LATER):
    code = departement
    departement = dep(code) if code else None
    return Scope(tenant, period.start, period.end, departement, as_of)


def run(code, tenant, **kwargs):
    return compute(code, scope(tenant, **kwargs))


def figures(result):
    """(value, numerator, denominator) as plain numbers for comparison."""

    def plain(number):
        if number is None:
            return None
        number = Decimal(number)
        return int(number) if number == number.to_integral() else float(number)

    return plain(result.value), plain(result.numerator), plain(result.denominator)
