"""Monthly templates → draft sessions ("2nd Tuesday of each month, 14:00–17:30").

Times are Paris wall-clock times: a template at 14:00 gives 14:00 in Paris in January and in
July alike, whatever the UTC offset that day (zoneinfo picks it per date).
"""

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .models import Session, SessionKind, SessionStatus, SessionTemplate

PARIS = ZoneInfo("Europe/Paris")
LAST_WEEK = 5


def occurrence(year, month, week_of_month, weekday):
    """The date of the n-th (1–4) or last (5) `weekday` (0 = Monday) of a month."""
    if week_of_month == LAST_WEEK:
        last_day = date(year, month, calendar.monthrange(year, month)[1])
        return last_day - timedelta(days=(last_day.weekday() - weekday) % 7)
    first_day = date(year, month, 1)
    return first_day + timedelta(days=(weekday - first_day.weekday()) % 7 + 7 * (week_of_month - 1))


def months(first, count):
    """`count` (year, month) pairs from the month of `first` on."""
    year, month = first.year, first.month
    for _ in range(count):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def paris_datetime(day, time):
    """A Paris wall-clock date and time as an aware datetime."""
    return datetime.combine(day, time, tzinfo=PARIS)


def generate_sessions(*, template, year=None, now=None):
    """Create the template's draft sessions of `year` (default: the next 12 months) that do not
    exist yet, skipping dates already passed. Returns the sessions created.

    A month already holding a session of this template (even moved, cancelled or held) gets no
    other: staff may have moved the month's session to another day. A session of the same
    département starting at the same time (created by hand) also counts as existing.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, PARIS).date()
    wanted = months(date(year, 1, 1), 12) if year else months(today, 12)
    created = []
    with transaction.atomic():
        # Two staff members generating at once take turns on the template row.
        template = SessionTemplate.objects.select_for_update().get(pk=template.pk)
        taken_months = {
            (local.year, local.month)
            for local in (
                timezone.localtime(starts_at, PARIS)
                for starts_at in Session.objects.filter(template=template).values_list(
                    "starts_at", flat=True
                )
            )
        }
        for year_, month in wanted:
            if (year_, month) in taken_months:
                continue
            day = occurrence(year_, month, template.week_of_month, template.weekday)
            starts_at = paris_datetime(day, template.start_time)
            if starts_at <= now:
                continue
            if Session.objects.filter(
                departement_id=template.departement_id, starts_at=starts_at
            ).exists():
                continue
            created.append(
                Session.objects.create(
                    tenant_id=template.tenant_id,
                    departement_id=template.departement_id,
                    kind=template.kind,
                    starts_at=starts_at,
                    ends_at=paris_datetime(day, template.end_time),
                    mode=template.mode,
                    place=template.place,
                    faculty=template.faculty,
                    capacity=template.capacity,
                    slot_minutes=template.slot_minutes
                    if template.kind == SessionKind.INTERVIEW
                    else None,
                    status=SessionStatus.DRAFT,
                    template=template,
                )
            )
    return created
