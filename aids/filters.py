"""The catalogue's filters (django-filter): search, region, département, category, year."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.models import Departement, Region

from .models import AidCategory, AidMeasure
from .selectors import OTHER, category_choices, search_aids

YEAR_CHOICES = [("2022", "2022"), ("2019", "2019")]


class SelectWidget(forms.Select):
    """A <select> written in Python rather than through a template per option: the
    catalogue's filters have about 140 options, which took a quarter of the page's time.
    Same markup as Django's Select (no option groups here). Its name makes BoundField's
    widget_type "select", so components/form_field.html styles it as a DSFR select."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, choices, _index in context["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(context["attrs"]), options
        )


class DepartementAidFilter(django_filters.FilterSet):
    """The filters of a département's page: category and year (parameters categorie, annee)."""

    categorie = django_filters.ChoiceFilter(
        widget=SelectWidget,
        label=_("Catégorie d'aide"),
        choices=category_choices,
        empty_label=_("Toutes les catégories"),
        method="filter_category",
    )
    annee = django_filters.ChoiceFilter(
        widget=SelectWidget,
        label=_("Année de l'atlas"),
        field_name="year",
        choices=YEAR_CHOICES,
        empty_label=_("2019 et 2022"),
    )

    class Meta:
        model = AidMeasure
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.filter(category="" if value == OTHER else value)

    def cleaned(self, name):
        """A filter's valid value (None when absent or invalid)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.form.cleaned_data.get(name) or None

    @property
    def selected_category(self):
        """The category chosen ("" for the uncategorised actions), None when there is none."""
        value = self.cleaned("categorie")
        if value == OTHER:
            return ""
        return value if value in AidCategory.values else None


class AidFilter(DepartementAidFilter):
    """The filters of the catalogue: q, region, departement, categorie, annee."""

    q = django_filters.CharFilter(
        label=_("Rechercher une aide"),
        method="filter_search",
        help_text=_("Par exemple : logement, bourse, 400 €, Ardèche."),
    )
    region = django_filters.ModelChoiceFilter(
        widget=SelectWidget,
        label=_("Région"),
        queryset=Region.objects.all(),
        to_field_name="insee_code",
        empty_label=_("Toutes les régions"),
        method="filter_region",
    )
    departement = django_filters.ModelChoiceFilter(
        widget=SelectWidget,
        label=_("Département"),
        queryset=Departement.objects.order_by("insee_code"),
        to_field_name="insee_code",
        empty_label=_("Tous les départements"),
    )

    ORDER = ("q", "region", "departement", "categorie", "annee")
    # The filters that narrow the aids themselves (the region only narrows the territories).
    AID_FILTERS = ("q", "departement", "categorie", "annee")

    class Meta:
        model = AidMeasure
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters = {name: self.filters[name] for name in self.ORDER}

    def filter_search(self, queryset, name, value):
        return search_aids(queryset, value)

    def filter_region(self, queryset, name, value):
        return queryset.for_region(value)

    @property
    def narrows_aids(self):
        return any(self.cleaned(name) for name in self.AID_FILTERS)
