"""Annexes (fiches action): the page with objectives, budget and indicators together, and the
forms for the fiche and its budget lines (indicators are edited in the evaluation app)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.permissions import require

from .. import services
from ..forms import AnnexForm, BudgetLineFormSet
from ..models import Annex, BudgetLine, BudgetNature, Convention
from ..permissions import can_edit_conventions, can_read_conventions
from .common import can_edit, crumbs_for, form_page, tenant_url, to


def grouped_lines(lines):
    """Lines repeated year after year (same nature, object, amount, funder and note) in one row
    with their years, funding first: a five-year fiche reads as five rows, not twenty-five."""
    groups = {}
    for line in lines:
        key = (
            line.nature != BudgetNature.FUNDING,
            line.year is None,
            line.pays_for,
            line.amount,
            line.funder_id,
            line.note,
        )
        groups.setdefault(key, []).append(line)
    rows = []
    for key in sorted(groups, key=lambda k: (k[0], k[1], groups[k][0].year or 0, k[2])):
        same = groups[key]
        rows.append({"line": same[0], "years": sorted(line.year for line in same if line.year)})
    return rows


def years_label(years):
    """[2023, …, 2027] → "2023 à 2027, chaque année"; otherwise the years: "2023, 2025"."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return _("%(first)s à %(last)s, chaque année") % {"first": years[0], "last": years[-1]}
    return ", ".join(str(year) for year in years)


@require(can_read_conventions)
def annex_detail(request, tenant_slug, pk):
    annex = get_object_or_404(Annex.objects.select_related("convention"), pk=pk)
    lines = grouped_lines(BudgetLine.objects.filter(annex=annex).select_related("funder"))
    for row in lines:
        row["years_label"] = years_label(row["years"])
    return render(
        request,
        "conventions/annex_detail.html",
        {
            "annex": annex,
            "convention": annex.convention,
            "lines": lines,
            "totals": annex.totals_by_year(),
            # Objectives and budget have their own sections at the top of the page.
            "sections": annex.sections(exclude=("objectives", "budget_text")),
            # Defined in the evaluation app; read here through the reverse relation.
            "indicators": annex.indicators.filter(is_active=True),
            "meetings": annex.meetings.order_by("-starts_at"),
            "crumbs": crumbs_for(request, annex.convention),
            "can_edit": can_edit(request),
        },
    )


def _annex_form_page(request, convention, annex=None):
    form = AnnexForm(request.POST or None, instance=annex, convention=convention)
    if request.method == "POST" and form.is_valid():
        annex = services.save_annex(form=form)
        messages.success(request, _("Fiche action enregistrée."))
        return to(request, "annex_detail", pk=annex.pk)
    crumbs = crumbs_for(request, convention, annex) if annex else crumbs_for(request, convention)
    return form_page(
        request,
        title=_("Modifier la fiche action") if annex else _("Ajouter une fiche action"),
        intro=_("Reprenez les rubriques de la fiche ; laissez vides celles qu'elle n'a pas."),
        crumbs=crumbs,
        cancel_url=tenant_url(request, "annex_detail", pk=annex.pk)
        if annex
        else tenant_url(request, "detail", pk=convention.pk),
        form=form,
    )


@require(can_edit_conventions)
def annex_create(request, tenant_slug, pk):
    return _annex_form_page(request, get_object_or_404(Convention, pk=pk))


@require(can_edit_conventions)
def annex_edit(request, tenant_slug, pk):
    annex = get_object_or_404(Annex.objects.select_related("convention"), pk=pk)
    return _annex_form_page(request, annex.convention, annex)


@require(can_edit_conventions)
def annex_budget(request, tenant_slug, pk):
    annex = get_object_or_404(Annex.objects.select_related("convention"), pk=pk)
    lines = BudgetLineFormSet(
        request.POST or None,
        instance=annex,
        prefix="lignes",
        form_kwargs={"tenant": request.tenant},
    )
    if request.method == "POST" and lines.is_valid():
        services.save_budget(formset=lines)
        messages.success(request, _("Budget enregistré."))
        return to(request, "annex_detail", pk=annex.pk)
    return form_page(
        request,
        title=_("Budget de la fiche action"),
        intro=_(
            "Saisissez une ligne par année et par montant. Un « financement » est ce qu'un "
            "financeur accorde ; un « coût prévu » est ce que ce financement couvre (en partie) : "
            "les deux sont totalisés séparément. Laissez l'année vide pour une enveloppe sur "
            "toute la durée."
        ),
        crumbs=crumbs_for(request, annex.convention, annex),
        cancel_url=tenant_url(request, "annex_detail", pk=annex.pk),
        formsets=[(_("Lignes budgétaires"), lines, _("Ligne"))],
    )
