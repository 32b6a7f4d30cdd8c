"""The semestrial report of a département, for the ARS departmental delegation (protocol,
article 4): the same indicators restricted to the département over six months, as a page and
a PDF."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..pdf import render_pdf
from ..periods import Period
from ..permissions import can_read_reports, require_evaluation
from ..selectors import Filters, dashboard
from .common import crumbs, tenant_url


def _board(request, code, semester):
    departements = list(request.tenant.departements.order_by("insee_code"))
    departement = next((d for d in departements if d.insee_code == code), None)
    try:
        period = Period.parse(semester)
    except ValueError:
        period = None
    if departement is None or period is None or period.kind != "semester":
        raise Http404(_("Pas de rapport semestriel pour ce département ou cette période."))
    board = dashboard(
        tenant=request.tenant, filters=Filters(period, departement), departements=departements
    )
    # The semester's two quarters are the last two of each trend.
    for _convention, annexes in board.conventions:
        for _annex, views in annexes:
            for view in views:
                view.semester_quarters = view.trend[-2:]
    return board


@require_evaluation(can_read_reports)
def semester_page(request, tenant_slug, code, semester):
    board = _board(request, code, semester)
    return render(
        request,
        "evaluation/semester.html",
        {
            "board": board,
            "crumbs": crumbs(request, (_("Rapports"), tenant_url(request, "reports"))),
        },
    )


@require_evaluation(can_read_reports)
def semester_pdf(request, tenant_slug, code, semester):
    board = _board(request, code, semester)
    pdf = render_pdf("evaluation/pdf/semester.html", {"board": board, "tenant": request.tenant})
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"rapport-semestriel-{request.tenant.slug}-{code}-{board.filters.period.code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
