"""Reads of the aids catalogue, shared by the public pages and the intern's profile. Every
function runs a fixed number of queries, whatever the number of aids."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.safestring import mark_safe

from core.models import Departement
from core.text import fold

from .models import CATEGORY_ORDER, OTHER_CATEGORY_LABEL, AidCategory, AidMeasure

# The "category" URL value of the actions that fit none of the atlas's 12 categories.
OTHER = "autres"


def category_choices():
    return [*AidCategory.choices, (OTHER, OTHER_CATEGORY_LABEL)]


@dataclass(frozen=True)
class Column:
    """A category column: its stored value ("" for the others), URL value and label."""

    key: str
    param: str
    label: str


def columns(category=None):
    """The count columns: every category and the others, or only the chosen one."""
    every = [Column(value, value, label) for value, label in AidCategory.choices]
    every.append(Column("", OTHER, OTHER_CATEGORY_LABEL))
    if category is None:
        return every
    return [column for column in every if column.key == category]


def search_words(text):
    """The folded words of a search, a French plural's final s or x dropped ("internes" finds
    "interne"): the same on every database."""
    words = []
    for word in fold(text).replace("'", " ").split():
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        words.append(word)
    return words


def search_aids(queryset, text):
    """Aids whose title, details, amount or territory contain every word of ``text``, case
    and accents aside (the folded ``search_text`` column): "ardeche" finds "Ardèche" on
    PostgreSQL and on the demo's SQLite alike."""
    for word in search_words(text):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def count_by_departement(aids):
    """{département id: Counter(category → number of aids)} for these aids, in one query."""
    rows = (
        aids.filter(departement__isnull=False)
        .order_by()
        .values("departement_id", "category")
        .annotate(number=Count("pk"))
        .values_list("departement_id", "category", "number")
    )
    counts = defaultdict(Counter)
    for departement_id, category, number in rows:
        counts[departement_id][category] = number
    return counts


@dataclass
class TableRow:
    departement: Departement
    counts: list  # [(Column, number)]
    total: int

    @property
    def cells_html(self):
        """The row's count cells. Built here rather than in a template loop: the catalogue
        prints about 1,400 of them, and the loop (with the localisation of each number) was
        most of the page's time. The values are integers: nothing to escape."""
        return mark_safe(  # noqa: S308
            "".join(f'<td class="fr-cell--right">{int(n)}</td>' for _c, n in self.counts)
        )


def departement_table(aids, departements, category=None, show_empty=True):
    """The départements with their number of aids per category column, grouped by region:
    [(region, [TableRow])]. ``departements`` should select their region. Two queries."""
    counts = count_by_departement(aids)
    shown = columns(category)
    groups = {}
    for departement in departements:
        found = counts.get(departement.pk, Counter())
        cells = [(column, found[column.key]) for column in shown]
        total = sum(number for _column, number in cells)
        if total or show_empty:
            groups.setdefault(departement.region, []).append(TableRow(departement, cells, total))
    return list(groups.items())


def by_category(aids):
    """[(Column, [aids])] in the atlas's category order, the others last."""
    groups = defaultdict(list)
    for aid in aids:
        groups[aid.category].append(aid)
    every = {column.key: column for column in columns()}
    order = sorted(groups, key=lambda key: CATEGORY_ORDER.get(key, len(CATEGORY_ORDER)))
    return [(every[key], groups[key]) for key in order]


def considered_departements_aids(profile):
    """For the intern's profile: each département they consider, with its number of aids and
    the categories it offers. Two queries."""
    departements = list(profile.departements_considered.order_by("insee_code"))
    if not departements:
        return []
    counts = count_by_departement(AidMeasure.objects.filter(departement__in=departements))
    every = columns()
    summary = []
    for departement in departements:
        found = counts.get(departement.pk, Counter())
        summary.append(
            {
                "departement": departement,
                "total": sum(found.values()),
                "categories": [
                    (column, found[column.key]) for column in every if found[column.key]
                ],
            }
        )
    return summary
