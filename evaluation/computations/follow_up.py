"""Annex 3: the 12-month follow-up after installation (installations by place, mode,
structure and zone, touchpoints on time, satisfaction from the end-of-follow-up
questionnaire). Filtered by the département of the installation."""

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import PracticeMode, Structure
from caseload.models import (
    Aid,
    FollowUp,
    FollowUpSatisfaction,
    InstallationOutcome,
    ZoneType,
)

from .permanences import SATISFIED_FROM, by_departement
from .registry import Aggregation, count, mean, rate, register, rows


def _installations(scope):
    installations = InstallationOutcome.objects.filter(
        tenant=scope.tenant, installed_on__gte=scope.start, installed_on__lt=scope.end
    )
    if scope.departement is not None:
        installations = installations.filter(departement=scope.departement)
    return installations


def _counts(queryset, field):
    return dict(queryset.order_by().values_list(field).annotate(n=Count("id")))


@register(
    "follow_up.people_accompanied",
    label=_("Médecins accompagnés (dans leurs 12 premiers mois)"),
    unit="count",
    aggregation=Aggregation.LAST,
)
def people_accompanied(scope):
    """Installed doctors whose twelve months of follow-up overlap the period."""
    accompanied = InstallationOutcome.objects.filter(
        tenant=scope.tenant,
        installed_on__lt=scope.end,
        installed_on__gt=scope.start - relativedelta(years=1),
    )
    if scope.departement is not None:
        accompanied = accompanied.filter(departement=scope.departement)
    return count(accompanied.count())


@register(
    "follow_up.installations",
    label=_("Installations enregistrées"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def installations(scope):
    recorded = _installations(scope)
    return count(
        recorded.count(),
        breakdown={
            "departement": by_departement(recorded),
            "practice_mode": rows(_counts(recorded, "practice_mode"), PracticeMode.choices),
            "structure": rows(_counts(recorded, "structure"), Structure.choices),
            "zone": rows(_counts(recorded, "zone_type"), ZoneType.choices),
        },
    )


def _zone_share(scope, zone):
    figures = _installations(scope).aggregate(
        total=Count("id"), in_zone=Count("id", filter=Q(zone_type=zone))
    )
    return rate(figures["in_zone"], figures["total"])


@register(
    "follow_up.zip_share",
    label=_("Part des installations en zone d'intervention prioritaire (ZIP)"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
)
def zip_share(scope):
    return _zone_share(scope, ZoneType.ZIP)


@register(
    "follow_up.zac_share",
    label=_("Part des installations en zone d'action complémentaire (ZAC)"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
)
def zac_share(scope):
    return _zone_share(scope, ZoneType.ZAC)


@register(
    "follow_up.cde_share",
    label=_("Part des installations avec un contrat de début d'exercice (CDE)"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
)
def cde_share(scope):
    # Read in Python: SQLite has no JSON containment lookup, and a quarter is a few rows.
    aids = list(_installations(scope).values_list("aids_obtained", flat=True))
    return rate(sum(1 for obtained in aids if Aid.CDE in (obtained or [])), len(aids))


@register(
    "follow_up.touchpoints_on_time",
    label=_("Points de suivi faits à temps (M+1, M+3, M+6, M+12)"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
    description=_(
        "Points de suivi dont l'échéance tombe dans la période et est passée : part de ceux "
        "faits au plus tard le jour de l'échéance."
    ),
)
def touchpoints_on_time(scope):
    today = timezone.localtime(scope.as_of or timezone.now()).date()
    due = FollowUp.objects.filter(
        tenant=scope.tenant, due_on__gte=scope.start, due_on__lt=min(scope.end, today)
    )
    if scope.departement is not None:
        due = due.filter(dossier__installation__departement=scope.departement)
    per_month = {}
    for months, due_on, done_at in due.values_list("months_after", "due_on", "done_at"):
        on_time = done_at is not None and timezone.localtime(done_at).date() <= due_on
        done, total = per_month.get(months, (0, 0))
        per_month[months] = (done + on_time, total + 1)
    breakdown = [
        [str(months), f"M+{months}", done, total]
        for months, (done, total) in sorted(per_month.items())
    ]
    return rate(
        sum(row[2] for row in breakdown),
        sum(row[3] for row in breakdown),
        breakdown={"touchpoint": breakdown},
    )


def _satisfaction(scope):
    answers = FollowUpSatisfaction.objects.filter(
        tenant=scope.tenant, answered_at__gte=scope.start_at, answered_at__lt=scope.end_at
    )
    if scope.departement is not None:
        answers = answers.filter(dossier__installation__departement=scope.departement)
    return answers.aggregate(
        answers=Count("id"),
        satisfied=Count("id", filter=Q(overall__gte=SATISFIED_FROM)),
        total=Sum("overall", default=0),
    )


@register(
    "follow_up.satisfaction_rate",
    label=_("Médecins accompagnés satisfaits (4 ou 5 sur 5)"),
    unit="percentage",
    aggregation=Aggregation.RATIO,
)
def follow_up_satisfaction_rate(scope):
    figures = _satisfaction(scope)
    return rate(figures["satisfied"], figures["answers"])


@register(
    "follow_up.satisfaction_average",
    label=_("Satisfaction moyenne des médecins accompagnés"),
    unit="score",
    aggregation=Aggregation.MEAN,
)
def follow_up_satisfaction_average(scope):
    figures = _satisfaction(scope)
    return mean(figures["total"], figures["answers"])
