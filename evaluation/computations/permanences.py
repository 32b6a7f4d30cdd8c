"""Annex 2: the monthly installation-help permanences (interview sessions only: faculty
information sessions have their own indicators), their registrants, attendance, satisfaction
and what became of the people received."""

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caseload.models import InstallationOutcome
from permanences.models import (
    Attendance,
    Booking,
    BookingStatus,
    SatisfactionResponse,
    Session,
    SessionKind,
    SessionStatus,
)
from permanences.models.sessions import INTERVIEW_MAX_CAPACITY
from permanences.models.survey import InstallationHorizon

from ..periods import month_starts
from .registry import Aggregation, Result, Scope, count, mean, rate, register, rows

SATISFIED_FROM = 4  # "satisfied" = 4 or 5 out of 5, as the protocol's 96 % counts it


def held_permanences(scope):
    sessions = Session.objects.filter(
        tenant=scope.tenant,
        kind=SessionKind.INTERVIEW,
        status=SessionStatus.HELD,
        starts_at__gte=scope.start_at,
        starts_at__lt=scope.end_at,
    )
    if scope.departement is not None:
        sessions = sessions.filter(departement=scope.departement)
    return sessions


def _registrations(scope):
    return Booking.objects.filter(
        session__in=held_permanences(scope), status=BookingStatus.CONFIRMED
    )


def _answers(scope):
    return SatisfactionResponse.objects.filter(booking__in=_registrations(scope))


def by_departement(queryset, path="departement"):
    """Breakdown rows [code, name, count] per département, by INSEE code."""
    counts = (
        queryset.order_by()
        .values_list(f"{path}__insee_code", f"{path}__name")
        .annotate(n=Count("id"))
        .order_by(f"{path}__insee_code")
    )
    return [[code, f"{code} {name}", n] for code, name, n in counts]


@register(
    "permanences.held", label=_("Permanences tenues"), unit="count", aggregation=Aggregation.SUM
)
def permanences_held(scope):
    sessions = held_permanences(scope)
    return count(
        sessions.count(), people=False, breakdown={"departement": by_departement(sessions)}
    )


def elapsed_months(scope):
    """The first days of the period's months that are over by the computation's moment."""
    today = timezone.localtime(scope.as_of or timezone.now()).date()
    return [m for m in month_starts(scope.start, scope.end) if m + relativedelta(months=1) <= today]


def local_day(moment):
    """TruncMonth gives an aware datetime (PostgreSQL, SQLite): the local day it starts."""
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def covered_departements(scope):
    """The départements a permanence is expected in: the one asked for, or the tenant's."""
    if scope.departement is not None:
        return [scope.departement]
    return list(scope.tenant.departements.order_by("insee_code"))


@register(
    "permanences.months_without",
    label=_("Mois sans permanence (départements × mois)"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def months_without_permanence(scope):
    """Each département of the tenant should hold one permanence a month: the months over by
    now that had none, summed over the départements."""
    months = elapsed_months(scope)
    held = set(
        held_permanences(scope)
        .annotate(month=TruncMonth("starts_at"))
        .values_list("departement_id", "month")
        .distinct()
    )
    held = {(departement, local_day(month)) for departement, month in held}
    breakdown = []
    for departement in covered_departements(scope):
        missing = sum(1 for month in months if (departement.pk, month) not in held)
        breakdown.append(
            [departement.insee_code, f"{departement.insee_code} {departement.name}", missing]
        )
    total = sum(row[2] for row in breakdown)
    return count(total, people=False, breakdown={"departement": breakdown})


def _attendance(scope):
    return _registrations(scope).aggregate(
        registrants=Count("id"),
        present=Count("id", filter=Q(attendance=Attendance.PRESENT)),
        recorded=Count("id", filter=~Q(attendance="")),
    )


@register(
    "permanences.registrants",
    label=_("Inscrits aux permanences tenues"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def registrants(scope):
    return count(_attendance(scope)["registrants"])


@register(
    "permanences.attendees",
    label=_("Médecins reçus (présents)"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def attendees(scope):
    registrations = _registrations(scope).filter(attendance=Attendance.PRESENT)
    return count(
        registrations.count(),
        breakdown={"departement": by_departement(registrations, "session__departement")},
    )


@register(
    "permanences.attendance_rate",
    label=_("Taux de présence"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
    description=_("Présents parmi les inscrits dont la présence a été relevée."),
)
def attendance_rate(scope):
    figures = _attendance(scope)
    return rate(figures["present"], figures["recorded"])


@register(
    "permanences.fill_rate",
    label=_("Taux de remplissage (sur 7 places)"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
)
def fill_rate(scope):
    registered = _attendance(scope)["registrants"]
    seats = held_permanences(scope).count() * INTERVIEW_MAX_CAPACITY
    result = rate(registered, seats)
    # The denominator counts seats, not people: the figure is about the registrants.
    return Result(result.value, result.numerator, result.denominator, people=registered)


@register(
    "permanences.satisfaction_rate",
    label=_("Médecins satisfaits (4 ou 5 sur 5)"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
)
def satisfaction_rate(scope):
    figures = _answers(scope).aggregate(
        answers=Count("id"), satisfied=Count("id", filter=Q(overall__gte=SATISFIED_FROM))
    )
    return rate(figures["satisfied"], figures["answers"])


@register(
    "permanences.satisfaction_average",
    label=_("Satisfaction moyenne des médecins reçus"),
    unit="score",
    aggregation=Aggregation.MEAN,
)
def satisfaction_average(scope):
    figures = _answers(scope).aggregate(answers=Count("id"), total=Sum("overall", default=0))
    return mean(figures["total"], figures["answers"])


@register(
    "permanences.intentions",
    label=_("Intentions d'installation déclarées"),
    unit="count",
    aggregation=Aggregation.SUM,
    description=_(
        "Répondants au questionnaire qui envisagent de s'installer : une intention, pas un résultat."
    ),
)
def installation_intentions(scope):
    answers = _answers(scope)
    intending = answers.filter(intends_to_settle=True)
    horizons = dict(intending.order_by().values_list("horizon").annotate(n=Count("id")))
    total = answers.count()
    return Result(
        value=intending.count(),
        numerator=intending.count(),
        denominator=total,
        people=total,
        breakdown={"horizon": rows(horizons, InstallationHorizon.choices)},
    )


@register(
    "permanences.installed_within_12_months",
    label=_("Médecins reçus installés dans les 12 mois"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
    description=_(
        "Personnes reçues en permanence un an plus tôt (même trimestre de l'année précédente) dont l'installation est enregistrée dans les 12 mois qui ont suivi."
    ),
)
def installed_within_12_months(scope):
    """The protocol's "81 % installed": the people received a year before the period, so that
    each has had twelve months by the period's end, and of them those whose installation was
    recorded within twelve months of their first permanence."""
    cohort = Scope(
        scope.tenant,
        scope.start - relativedelta(years=1),
        scope.end - relativedelta(years=1),
        scope.departement,
        scope.as_of,
    )
    first_seen = {}
    received = _registrations(cohort).filter(attendance=Attendance.PRESENT)
    for person_id, starts_at in received.values_list("person_id", "session__starts_at"):
        day = timezone.localtime(starts_at).date()
        first_seen[person_id] = min(day, first_seen.get(person_id, day))
    installed = set()
    outcomes = InstallationOutcome.objects.filter(
        tenant=scope.tenant, dossier__person_id__in=list(first_seen)
    ).values_list("dossier__person_id", "installed_on")
    for person_id, installed_on in outcomes:
        first = first_seen[person_id]
        if first <= installed_on <= first + relativedelta(years=1):
            installed.add(person_id)
    return rate(len(installed), len(first_seen))
