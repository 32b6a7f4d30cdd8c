"""The convention's faculty information sessions: at least one a month in each faculty."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from permanences.models import Session, SessionKind, SessionStatus

from .permanences import elapsed_months, local_day
from .registry import Aggregation, count, register

NO_FACULTY = _("Faculté non renseignée")


def _information_sessions(scope):
    sessions = Session.objects.filter(tenant=scope.tenant, kind=SessionKind.INFORMATION)
    if scope.departement is not None:
        sessions = sessions.filter(departement=scope.departement)
    return sessions


def _held(scope):
    return _information_sessions(scope).filter(
        status=SessionStatus.HELD, starts_at__gte=scope.start_at, starts_at__lt=scope.end_at
    )


@register(
    "faculty.sessions_held",
    label=_("Séances d'information tenues en faculté"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def sessions_held(scope):
    """Held information sessions, per faculty and per faculty and month."""
    held = (
        _held(scope)
        .annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values_list("faculty", "month")
        .annotate(n=Count("id"))
        .order_by("faculty", "month")
    )
    per_faculty, per_month = {}, []
    for faculty, month, n in held:
        name = faculty or str(NO_FACULTY)
        per_faculty[name] = per_faculty.get(name, 0) + n
        day = local_day(month)
        per_month.append(
            [f"{name}|{day:%Y-%m}", f"{name} — {date_format(day, 'YEAR_MONTH_FORMAT')}", n]
        )
    return count(
        sum(per_faculty.values()),
        people=False,
        breakdown={
            "faculty": [[name, name, n] for name, n in per_faculty.items()],
            "faculty_month": per_month,
        },
    )


@register(
    "faculty.months_without",
    label=_("Mois sans séance d'information (facultés × mois)"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def months_without_session(scope):
    """Every faculty that has hosted a session by the period's end should have one a month:
    the months over by now without a held one, summed over the faculties."""
    faculties = sorted(
        set(
            _information_sessions(scope)
            .filter(starts_at__lt=scope.end_at)
            .exclude(faculty="")
            .values_list("faculty", flat=True)
        )
    )
    held = {
        (faculty, local_day(month))
        for faculty, month in _held(scope)
        .annotate(month=TruncMonth("starts_at"))
        .values_list("faculty", "month")
        .distinct()
    }
    months = elapsed_months(scope)
    breakdown = [
        [faculty, faculty, sum(1 for month in months if (faculty, month) not in held)]
        for faculty in faculties
    ]
    return count(sum(row[2] for row in breakdown), people=False, breakdown={"faculty": breakdown})
