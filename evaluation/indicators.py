"""Indicators computed from the permanences' facts (annex 2: attendance, satisfaction,
installation intentions). Each returns plain numbers from a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q

from permanences.models import (
    Attendance,
    Booking,
    BookingStatus,
    SatisfactionResponse,
    Session,
    SessionKind,
    SessionStatus,
)
from permanences.models.survey import InstallationHorizon

SATISFIED_FROM = 4  # "satisfied" = 4 or 5 out of 5, as the protocol's 96 % counts it


@dataclass(frozen=True)
class PermanenceIndicators:
    held_sessions: int
    registrants: int  # confirmed bookings of held sessions
    present: int
    absent: int
    excused: int
    answers: int
    satisfied: int
    would_recommend: int
    intend_to_settle: int
    horizons: list  # (label, count)

    @staticmethod
    def _rate(part, whole):
        return round(100 * part / whole) if whole else None

    @property
    def attendance_rate(self):
        return self._rate(self.present, self.present + self.absent + self.excused)

    @property
    def satisfaction_rate(self):
        return self._rate(self.satisfied, self.answers)

    @property
    def recommend_rate(self):
        return self._rate(self.would_recommend, self.answers)

    @property
    def intention_rate(self):
        return self._rate(self.intend_to_settle, self.answers)


def _held_sessions(prefix, tenant, since, until):
    """Lookups selecting rows of the tenant's held permanences in [since, until): faculty
    information sessions are not permanences (they have an indicator of their own)."""
    lookups = {
        f"{prefix}tenant": tenant,
        f"{prefix}status": SessionStatus.HELD,
        f"{prefix}kind": SessionKind.INTERVIEW,
    }
    if since:
        lookups[f"{prefix}starts_at__gte"] = since
    if until:
        lookups[f"{prefix}starts_at__lt"] = until
    return lookups


def permanence_indicators(tenant, *, since=None, until=None):
    """Attendance, satisfaction and intentions for the tenant's held sessions in a period."""
    # Counted from the sessions themselves: a held permanence nobody booked still counts.
    held = Session.objects.filter(**_held_sessions("", tenant, since, until)).count()
    bookings = Booking.objects.filter(
        **_held_sessions("session__", tenant, since, until), status=BookingStatus.CONFIRMED
    ).aggregate(
        registrants=Count("id"),
        present=Count("id", filter=Q(attendance=Attendance.PRESENT)),
        absent=Count("id", filter=Q(attendance=Attendance.ABSENT)),
        excused=Count("id", filter=Q(attendance=Attendance.EXCUSED)),
    )
    answers = SatisfactionResponse.objects.filter(
        **_held_sessions("booking__session__", tenant, since, until)
    )
    totals = answers.aggregate(
        answers=Count("id"),
        satisfied=Count("id", filter=Q(overall__gte=SATISFIED_FROM)),
        recommend=Count("id", filter=Q(would_recommend=True)),
        intend=Count("id", filter=Q(intends_to_settle=True)),
    )
    by_horizon = dict(answers.values_list("horizon").annotate(n=Count("id")))
    return PermanenceIndicators(
        held_sessions=held,
        registrants=bookings["registrants"],
        present=bookings["present"],
        absent=bookings["absent"],
        excused=bookings["excused"],
        answers=totals["answers"],
        satisfied=totals["satisfied"],
        would_recommend=totals["recommend"],
        intend_to_settle=totals["intend"],
        horizons=[
            (label, by_horizon.get(value, 0)) for value, label in InstallationHorizon.choices
        ],
    )
