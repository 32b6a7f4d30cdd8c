"""A convention's evaluation grid: its page and PDF (steering, admins), its editing (admins)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from conventions.models import Convention
from core.pages import form_page

from .. import services
from ..forms import EvaluationItemFormSet
from ..grid import EVALUATION_MONTHS, grid
from ..pdf import render_pdf
from ..permissions import can_edit_evaluation, can_read_evaluation, require_evaluation
from .common import crumbs, tenant_url, to


def _context(request, convention):
    rows, summary, due_on = grid(convention)
    return {
        "convention": convention,
        "rows": rows,
        "summary": summary,
        "due_on": due_on,
        "months": EVALUATION_MONTHS,
    }


@require_evaluation(can_read_evaluation)
def grid_page(request, tenant_slug, pk):
    convention = get_object_or_404(Convention, pk=pk)
    context = _context(request, convention)
    context.update(
        crumbs=crumbs(request),
        can_edit=can_edit_evaluation(request.user, request.tenant),
    )
    return render(request, "evaluation/grid.html", context)


@require_evaluation(can_read_evaluation)
def grid_pdf(request, tenant_slug, pk):
    convention = get_object_or_404(Convention, pk=pk)
    context = {**_context(request, convention), "tenant": request.tenant}
    response = HttpResponse(
        render_pdf("evaluation/pdf/grid.html", context), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-{EVALUATION_MONTHS}-mois-convention-{convention.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_evaluation(can_edit_evaluation)
def grid_edit(request, tenant_slug, pk):
    convention = get_object_or_404(Convention, pk=pk)
    formset = EvaluationItemFormSet(
        request.POST or None,
        instance=convention,
        prefix="items",
        form_kwargs={"convention": convention},
    )
    if request.method == "POST" and formset.is_valid():
        services.save_grid(formset=formset, acting_user=request.user)
        messages.success(request, _("Grille d'évaluation enregistrée."))
        return to(request, "grid", pk=convention.pk)
    return form_page(
        request,
        title=_("Grille d'évaluation de la convention"),
        intro=_(
            "Un item par ligne : ce qui est évalué, son statut et les éléments de preuve. "
            "Associez un indicateur pour reprendre sa dernière valeur."
        ),
        crumbs=crumbs(request, (str(convention), tenant_url(request, "grid", pk=convention.pk))),
        cancel_url=tenant_url(request, "grid", pk=convention.pk),
        formsets=[(_("Items"), formset, _("Item"))],
    )
