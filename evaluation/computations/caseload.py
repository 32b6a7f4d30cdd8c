"""The caseload in aggregate, for the steering committee (which never sees a dossier):
dossiers by stage, opened by origin, closed by reason. Filtered by the target département."""

from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caseload.models import ClosedReason, Dossier, Source, Stage, StageChange

from .registry import Aggregation, count, register, rows


def _dossiers(scope):
    dossiers = Dossier.objects.filter(tenant=scope.tenant)
    if scope.departement is not None:
        dossiers = dossiers.filter(target_departement=scope.departement)
    return dossiers


@register(
    "caseload.dossiers_by_stage",
    label=_("Dossiers ouverts (par étape à la fin de la période)"),
    unit="count",
    aggregation=Aggregation.LAST,
)
def dossiers_by_stage(scope):
    """Dossiers that exist at the period's end, by their stage then; the value counts those
    not closed. A period already over reads the stage history, the running one the stage."""
    dossiers = _dossiers(scope).filter(created_at__lt=scope.end_at)
    if scope.end_at <= (scope.as_of or timezone.now()):
        changes = StageChange.objects.filter(dossier=OuterRef("pk"))
        last_before = changes.filter(changed_at__lt=scope.end_at).order_by("-changed_at", "-id")
        first_after = changes.filter(changed_at__gte=scope.end_at).order_by("changed_at", "id")
        stage_then = Coalesce(
            Subquery(last_before.values("to_stage")[:1]),
            NullIf(Subquery(first_after.values("from_stage")[:1]), Value("")),
            F("stage"),
        )
    else:
        stage_then = F("stage")
    dossiers = dossiers.annotate(stage_then=stage_then)
    counts = dict(dossiers.order_by().values_list("stage_then").annotate(n=Count("id")))
    open_dossiers = sum(n for stage, n in counts.items() if stage != Stage.CLOSED)
    return count(open_dossiers, breakdown={"stage": rows(counts, Stage.choices)})


@register(
    "caseload.dossiers_opened",
    label=_("Dossiers ouverts dans la période (par origine)"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def dossiers_opened(scope):
    opened = _dossiers(scope).filter(created_at__gte=scope.start_at, created_at__lt=scope.end_at)
    counts = dict(opened.order_by().values_list("source").annotate(n=Count("id")))
    return count(sum(counts.values()), breakdown={"source": rows(counts, Source.choices)})


@register(
    "caseload.dossiers_closed",
    label=_("Dossiers clos dans la période (par motif)"),
    unit="count",
    aggregation=Aggregation.SUM,
)
def dossiers_closed(scope):
    closed = _dossiers(scope).filter(closed_at__gte=scope.start_at, closed_at__lt=scope.end_at)
    counts = dict(closed.order_by().values_list("closed_reason").annotate(n=Count("id")))
    return count(
        sum(counts.values()), breakdown={"closed_reason": rows(counts, ClosedReason.choices)}
    )
