"""The public pages of the aids catalogue, under /aides/: national, no login, no tenant.

They show reference data only (the atlas's aids and training capacities): no tenant's rows, no
person. Every page runs a fixed number of queries, whatever the number of aids.
"""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from core.models import Departement, Region
from core.pages import query_string

from .filters import AidFilter, DepartementAidFilter
from .models import AidMeasure
from .selectors import by_category, columns, departement_table

PER_PAGE = 30


def _departements():
    return Departement.objects.select_related("region").order_by("region__name", "insee_code")


def catalogue(request):
    """Every département with its number of aids per category, grouped by region; with a
    search or a filter on the aids, the matching aids too."""
    filterset = AidFilter(request.GET or None, queryset=AidMeasure.objects.all())
    aids = filterset.qs
    departements = _departements()
    if region := filterset.cleaned("region"):
        departements = departements.filter(region=region)
    if departement := filterset.cleaned("departement"):
        departements = departements.filter(pk=departement.pk)
    category = filterset.selected_category
    context = {
        "filter": filterset,
        "columns": columns(category),
        "table": departement_table(
            aids, departements, category=category, show_empty=not filterset.narrows_aids
        ),
        "category_param": filterset.cleaned("categorie") or "",
        "narrows_aids": filterset.narrows_aids,
    }
    if filterset.narrows_aids:
        matching = aids.select_related("departement", "region").order_by(
            "departement__insee_code", "category", "-year", "title", "pk"
        )
        page = Paginator(matching, PER_PAGE).get_page(request.GET.get("page"))
        context.update(page=page, page_query=query_string(request))
    return render(request, "aids/catalogue.html", context)


def departement_aids(request, insee_code):
    """A département's aids grouped by category, with the category and year filters."""
    departement = get_object_or_404(
        Departement.objects.select_related("region"), insee_code=insee_code
    )
    all_aids = AidMeasure.objects.for_departement(departement)
    filterset = DepartementAidFilter(request.GET or None, queryset=all_aids)
    aids = filterset.qs.select_related("departement", "region").order_by(
        "category", "-year", "title", "pk"
    )
    numbers = dict(
        all_aids.order_by()
        .values("category")
        .annotate(number=Count("pk"))
        .values_list("category", "number")
    )
    context = {
        "departement": departement,
        "filter": filterset,
        "groups": by_category(aids),
        "summary": [(column, numbers[column.key]) for column in columns() if column.key in numbers],
        "total": sum(numbers.values()),
        "survey_responses": list(departement.survey_responses.order_by("year")),
    }
    return render(request, "aids/departement.html", context)


def region_aids(request, insee_code):
    """A region: its départements' aids by category, its own aids, its faculties' capacity."""
    region = get_object_or_404(Region, insee_code=insee_code)
    departements = _departements().filter(region=region)
    context = {
        "region": region,
        "columns": columns(),
        "table": departement_table(AidMeasure.objects.for_region(region), departements),
        "category_param": "",
        "region_aids": list(
            AidMeasure.objects.filter(region=region, departement__isnull=True).order_by(
                "category", "-year", "title", "pk"
            )
        ),
        "capacities": list(region.training_capacities.order_by("faculty", "year")),
    }
    return render(request, "aids/region.html", context)


def aid_detail(request, pk):
    aid = get_object_or_404(
        AidMeasure.objects.select_related("departement__region", "region"), pk=pk
    )
    return render(request, "aids/detail.html", {"aid": aid})
