"""What the dashboards read: the filters from the URL, and the conventions → annexes →
indicators with their figure for the period, target, trend and breakdowns, all from the
quarterly values (a fixed number of queries, whatever the size of the data)."""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .charts import trend_chart
from .display import breakdown_tables, cell, correction_note, format_value
from .figures import aggregate, aggregation_of, meets, target_for
from .models import Indicator, IndicatorValue, PublishedQuarter, small_cell_threshold
from .periods import Period, Quarter

TREND_QUARTERS = 8


@dataclass
class Filters:
    period: Period
    departement: object = None  # a Departement, or None for the whole tenant
    errors: list = field(default_factory=list)

    def query(self, **extra):
        """The filters as URL parameters (département codes, period codes)."""
        params = {"periode": self.period.code}
        if self.departement is not None:
            params["departement"] = self.departement.insee_code
        return {**params, **extra}


def period_choices(today=None):
    """(group label, [(code, label)]): recent quarters, semesters and years."""
    quarter = Quarter.containing(today or timezone.localdate())
    quarters = [Period.of_quarter(quarter.minus(n)) for n in range(TREND_QUARTERS)]
    semester = 1 if quarter.number <= 2 else 2
    semesters, year, number = [], quarter.year, semester
    for _step in range(4):
        semesters.append(Period("semester", year, number))
        year, number = (year, 1) if number == 2 else (year - 1, 2)
    years = [Period("year", quarter.year - n) for n in range(3)]
    return [
        (_("Trimestres"), [(p.code, p.label) for p in quarters]),
        (_("Semestres"), [(p.code, p.label) for p in semesters]),
        (_("Années"), [(p.code, p.label) for p in years]),
    ]


def read_filters(params, departements, today=None):
    """The period and département asked for in the URL; what is not understood is named in
    `errors` and replaced by the default (the running quarter, the whole tenant)."""
    filters = Filters(Period.of_quarter(Quarter.containing(today or timezone.localdate())))
    code = (params.get("periode") or "").strip()
    if code:
        try:
            filters.period = Period.parse(code)
        except ValueError:
            filters.errors.append(
                _("La période « %(code)s » n'existe pas : le trimestre en cours est affiché.")
                % {"code": code[:20]}
            )
    wanted = (params.get("departement") or "").strip()
    if wanted:
        filters.departement = next((d for d in departements if d.insee_code == wanted), None)
        if filters.departement is None:
            filters.errors.append(
                _("Le département « %(code)s » n'est pas suivi par cet espace : tout l'espace "
                  "est affiché.") % {"code": wanted[:10]}
            )  # fmt: skip
    return filters


@dataclass
class IndicatorView:
    indicator: Indicator
    cell: object
    target: str
    meets: bool | None
    chart: object
    trend: list  # [(quarter label, Cell)]
    breakdowns: list
    comments: list
    notes: list


@dataclass
class Dashboard:
    filters: Filters
    conventions: list  # [(convention, [(annex or None, [IndicatorView])])]
    quarters: list
    provisional: bool
    threshold: int
    published: set


def _trend_quarters(period):
    last = period.quarters[-1]
    return [last.minus(n) for n in reversed(range(TREND_QUARTERS))]


def _indicator_view(indicator, rows_by_quarter, filters, quarters, departements, threshold):
    aggregation = aggregation_of(indicator)
    unit = indicator.unit
    figure = aggregate([rows_by_quarter.get(q.start) for q in filters.period.quarters], aggregation)
    departement_count = 1 if filters.departement else len(departements)
    target = target_for(indicator, filters.period, departement_count)
    shown = cell(figure, unit, threshold)
    trend = [
        (q.label, cell(aggregate([rows_by_quarter.get(q.start)], aggregation), unit, threshold))
        for q in quarters
    ]
    return IndicatorView(
        indicator=indicator,
        cell=shown,
        target=format_value(target, unit) if target is not None else "",
        meets=meets(indicator, shown.number, target),
        chart=trend_chart(
            [
                (f"T{q.number} {q.year % 100:02d}", c)
                for q, (_l, c) in zip(quarters, trend, strict=True)
            ],
            target,
        ),
        trend=trend,
        breakdowns=breakdown_tables(figure, threshold),
        comments=figure.comments,
        notes=[correction_note(c, unit, threshold) for c in figure.corrections],
    )


def dashboard(*, tenant, filters, departements):
    """Everything the dashboard, its exports and the reports show for the filters."""
    quarters = _trend_quarters(filters.period)
    starts = sorted({q.start for q in quarters} | {q.start for q in filters.period.quarters})
    indicators = list(
        Indicator.objects.filter(tenant=tenant, is_active=True)
        .select_related("convention", "annex")
        .order_by(
            "convention__title",
            "convention_id",
            F("annex__number").asc(nulls_first=True),
            "position",
            "pk",
        )
    )
    rows = IndicatorValue.objects.filter(
        tenant=tenant, departement=filters.departement, period_start__in=starts
    )
    by_indicator = {}
    for row in rows:
        by_indicator.setdefault(row.indicator_id, {})[row.period_start] = row
    published = set(
        PublishedQuarter.objects.filter(tenant=tenant, period_start__in=starts).values_list(
            "period_start", flat=True
        )
    )
    threshold = small_cell_threshold(tenant)
    conventions = []
    for indicator in indicators:
        view = _indicator_view(
            indicator, by_indicator.get(indicator.pk, {}), filters, quarters, departements,
            threshold,
        )  # fmt: skip
        if not conventions or conventions[-1][0] != indicator.convention:
            conventions.append((indicator.convention, []))
        annexes = conventions[-1][1]
        if not annexes or annexes[-1][0] != indicator.annex:
            annexes.append((indicator.annex, []))
        annexes[-1][1].append(view)
    provisional = any(q.start not in published for q in filters.period.quarters)
    return Dashboard(filters, conventions, quarters, provisional, threshold, published)
