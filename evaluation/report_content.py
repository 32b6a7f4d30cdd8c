"""What a quarterly report says, for its PDF and its workbook: the dashboard of the quarter
over the whole tenant (frozen values once published), the key figures against their targets,
and the budget planned and consumed per annex."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from conventions.models import Annex, BudgetNature

from .display import format_value
from .models import PublishedQuarter, Unit
from .periods import Period
from .selectors import Filters, dashboard

KEY_FIGURES_WITHOUT_CHOICE = 6


@dataclass
class ReportContent:
    tenant: object
    quarter: object
    board: object
    key_figures: list
    budget: list  # (annex, planned, consumed, share) as texts
    published_at: object


def _views(board):
    return [view for _c, annexes in board.conventions for _a, views in annexes for view in views]


def _year_to_date(view, board, quarter):
    total, found = Decimal(0), False
    for q, (_label, cell) in zip(board.quarters, view.trend, strict=True):
        if q.year == quarter.year and q <= quarter and cell.number is not None:
            total, found = total + cell.number, True
    return total if found else None


def budget_rows(tenant, quarter, board):
    """Per annex with a budget: the funding planned for the year, the amounts reported as
    consumed (its indicators in euros) from January to the quarter, and the share."""
    planned = dict(
        Annex.objects.filter(tenant=tenant)
        .filter(budget_lines__nature=BudgetNature.FUNDING, budget_lines__year=quarter.year)
        .values_list("pk")
        .annotate(total=Sum("budget_lines__amount"))
    )
    consumed = {}
    for view in _views(board):
        if view.indicator.unit == Unit.EUROS and view.indicator.annex_id:
            amount = _year_to_date(view, board, quarter)
            if amount is not None:
                consumed[view.indicator.annex_id] = (
                    consumed.get(view.indicator.annex_id, 0) + amount
                )
    annexes = Annex.objects.filter(pk__in=set(planned) | set(consumed)).select_related("convention")
    rows = []
    for annex in annexes.order_by("convention__title", "number"):
        funded, spent = planned.get(annex.pk), consumed.get(annex.pk)
        share = f"{round(100 * spent / funded)}\u00a0%" if funded and spent is not None else "—"
        rows.append(
            (
                _("%(convention)s — annexe %(number)s")
                % {"convention": annex.convention, "number": annex.number},
                format_value(funded, Unit.EUROS),
                format_value(spent, Unit.EUROS),
                share,
            )
        )
    return rows


def report_content(tenant, quarter):
    departements = list(tenant.departements.order_by("insee_code"))
    board = dashboard(
        tenant=tenant, filters=Filters(Period.of_quarter(quarter)), departements=departements
    )
    views = _views(board)
    key = [view for view in views if view.indicator.is_key]
    if not key:
        key = [view for view in views if view.target][:KEY_FIGURES_WITHOUT_CHOICE]
    published = PublishedQuarter.objects.filter(tenant=tenant, period_start=quarter.start).first()
    return ReportContent(
        tenant=tenant,
        quarter=quarter,
        board=board,
        key_figures=key,
        budget=budget_rows(tenant, quarter, board),
        published_at=published.published_at if published else None,
    )


def breakdown_lines(content):
    """(indicator, heading, label, text) of every breakdown, for the workbook."""
    for view in _views(content.board):
        for heading, lines in view.breakdowns:
            for label, text in lines:
                yield [view.indicator.label, heading, label, text]
