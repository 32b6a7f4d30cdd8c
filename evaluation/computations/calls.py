"""Annex 1: the "aller vers" call service (calls made, people reached and qualified, call-backs,
and the installations of people a campaign reached). Filtered by the dossier's target
département."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from caseload.models import InstallationOutcome, Interaction, InteractionKind, Outcome

from .registry import Aggregation, Result, count, register

# The person answered the phone, whatever they said.
REACHED = [
    Outcome.REACHED,
    Outcome.QUALIFIED,
    Outcome.NOT_INTERESTED,
    Outcome.CALL_BACK,
    Outcome.DO_NOT_CALL,
]


def _calls(scope, date_field="occurred_at"):
    calls = Interaction.objects.filter(
        tenant=scope.tenant,
        kind=InteractionKind.CALL,
        **{f"{date_field}__gte": scope.start_at, f"{date_field}__lt": scope.end_at},
    )
    if scope.departement is not None:
        calls = calls.filter(dossier__target_departement=scope.departement)
    return calls


def _people(calls):
    return calls.order_by().values("dossier_id").distinct().count()


@register("calls.made", label=_("Appels passés"), unit="count", aggregation=Aggregation.SUM)
def calls_made(scope):
    calls = _calls(scope)
    return Result(value=calls.count(), people=_people(calls))


@register(
    "calls.people_reached", label=_("Médecins joints"), unit="count", aggregation=Aggregation.SUM
)
def people_reached(scope):
    return count(_people(_calls(scope).filter(outcome__in=REACHED)))


@register(
    "calls.people_qualified",
    label=_("Projets d'installation qualifiés"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def people_qualified(scope):
    return count(_people(_calls(scope).filter(outcome=Outcome.QUALIFIED)))


@register(
    "calls.call_backs_due",
    label=_("Rappels prévus dans la période"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def call_backs_due(scope):
    calls = _calls(scope, "call_back_at")
    return Result(value=calls.count(), people=_people(calls))


@register(
    "calls.installations_after_reach",
    label=_("Installations de médecins joints par une campagne"),
    unit="count",
    aggregation=Aggregation.SUM,
    description=_(
        "Installations enregistrées dans la période de personnes jointes par un appel de "
        "campagne avant leur installation."
    ),
)
def installations_after_reach(scope):
    reached_before = Interaction.objects.filter(
        dossier=OuterRef("dossier"),
        kind=InteractionKind.CALL,
        campaign__isnull=False,
        outcome__in=REACHED,
        occurred_at__date__lte=OuterRef("installed_on"),
    )
    installations = InstallationOutcome.objects.filter(
        tenant=scope.tenant, installed_on__gte=scope.start, installed_on__lt=scope.end
    ).filter(Exists(reached_before))
    if scope.departement is not None:
        installations = installations.filter(departement=scope.departement)
    return count(installations.count())
