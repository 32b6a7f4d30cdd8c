"""The steering committee's dashboard: conventions → annexes → indicators for a period and a
département given in the URL, and its CSV / XLSX exports."""

from urllib.parse import urlencode

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.choices import Maturity
from accounts.models import Profile
from conventions.models import Convention

from .. import exports
from ..display import is_small, small_text
from ..permissions import can_edit_evaluation, can_read_evaluation, require_evaluation
from ..selectors import dashboard, period_choices, read_filters

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _board(request):
    departements = list(request.tenant.departements.order_by("insee_code"))
    filters = read_filters(request.GET, departements)
    return departements, dashboard(
        tenant=request.tenant, filters=filters, departements=departements
    )


def maturity_rows(tenant, threshold):
    """People who follow the tenant, by project maturity (small counts hidden)."""
    counts = dict(
        Profile.objects.filter(followed_tenant=tenant)
        .order_by()
        .values_list("maturity")
        .annotate(n=Count("id"))
    )
    rows = [(label, counts.get(value, 0)) for value, label in Maturity.choices]
    rows.append((_("Non renseigné"), counts.get("", 0)))
    shown = [(label, small_text(threshold) if is_small(n, threshold) else n) for label, n in rows]
    total = sum(counts.values())
    return shown, (small_text(threshold) if is_small(total, threshold) else total)


@require_evaluation(can_read_evaluation)
def home(request, tenant_slug):
    departements, board = _board(request)
    people, total = maturity_rows(request.tenant, board.threshold)
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "board": board,
            "departements": departements,
            "period_choices": period_choices(),
            "query": urlencode(board.filters.query()),
            "semester": board.filters.period.quarters[-1].semester,
            "can_edit": can_edit_evaluation(request.user, request.tenant),
            "conventions": Convention.objects.filter(tenant=request.tenant).order_by("title"),
            "people": people,
            "people_total": total,
        },
    )


@require_evaluation(can_read_evaluation)
def export(request, tenant_slug, fmt):
    """What the dashboard shows for the same filters, as a spreadsheet."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    _departements, board = _board(request)
    content = exports.as_csv(board) if fmt == "csv" else exports.as_xlsx(board)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = exports.filename(request.tenant, board, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
