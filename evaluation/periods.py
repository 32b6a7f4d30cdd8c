"""Quarters, semesters and years: what values are kept by (quarters) and shown for (any).

Codes are stable and language-neutral ("2026-Q3", "2026-S1", "2026"): they appear in URLs, in
the `quarterly_reports` command and in file names; labels are translated ("T3 2026")."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

CODE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QTS])(?P<number>\d))?$")


def local_midnight(day):
    """The aware datetime at which `day` starts in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def containing(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls):
        return cls.containing(timezone.localdate())

    @classmethod
    def from_start(cls, day):
        return cls.containing(day)

    @property
    def start(self):
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        """The first day after the quarter."""
        return self.next().start

    def next(self):
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self):
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def minus(self, count):
        quarter = self
        for _step in range(count):
            quarter = quarter.previous()
        return quarter

    @property
    def code(self):
        return f"{self.year}-Q{self.number}"

    @property
    def label(self):
        return _("T%(number)s %(year)s") % {"number": self.number, "year": self.year}

    @property
    def semester(self):
        return Period("semester", self.year, 1 if self.number <= 2 else 2)

    def __str__(self):
        return self.code


@dataclass(frozen=True)
class Period:
    """A span of whole quarters: one quarter, a semester or a year."""

    kind: str  # "quarter", "semester" or "year"
    year: int
    number: int = 1

    @classmethod
    def parse(cls, text):
        """The period a code names ("2026-Q3", "2026-T3", "2026-S1", "2026"); ValueError."""
        match = CODE.match((text or "").strip().upper())
        if not match:
            raise ValueError(text)
        year, kind = int(match["year"]), match["kind"]
        if kind is None:
            return cls("year", year)
        number = int(match["number"])
        if kind in "QT" and 1 <= number <= 4:
            return cls("quarter", year, number)
        if kind == "S" and number in (1, 2):
            return cls("semester", year, number)
        raise ValueError(text)

    @classmethod
    def of_quarter(cls, quarter):
        return cls("quarter", quarter.year, quarter.number)

    @property
    def quarters(self):
        if self.kind == "quarter":
            return [Quarter(self.year, self.number)]
        if self.kind == "semester":
            first = 2 * self.number - 1
            return [Quarter(self.year, first), Quarter(self.year, first + 1)]
        return [Quarter(self.year, n) for n in range(1, 5)]

    @property
    def start(self):
        return self.quarters[0].start

    @property
    def end(self):
        return self.quarters[-1].end

    @property
    def months(self):
        return 3 * len(self.quarters)

    @property
    def code(self):
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "semester":
            return f"{self.year}-S{self.number}"
        return str(self.year)

    @property
    def label(self):
        if self.kind == "quarter":
            return self.quarters[0].label
        if self.kind == "semester":
            return _("S%(number)s %(year)s") % {"number": self.number, "year": self.year}
        return _("Année %(year)s") % {"year": self.year}

    def __str__(self):
        return self.code


def month_starts(start, end):
    """The first day of each month in [start, end)."""
    day = date(start.year, start.month, 1)
    while day < end:
        yield day
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
