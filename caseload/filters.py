"""The dossier list's filters (django-filter): stage, source, département, tag, case manager,
overdue follow-up, and a search on name, e-mail and RPPS number."""

import json

import django_filters
from django import forms
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ClosedReason, Dossier, FollowUp, Source, Stage
from .selectors import case_managers

# The value of the case manager filter that means "dossiers nobody follows".
NOBODY = "null"


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        help_text=_("Nom, prénom, adresse e-mail ou numéro RPPS."),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Étape"), choices=Stage.choices, empty_label=_("Toutes")
    )
    source = django_filters.ChoiceFilter(
        label=_("Origine"), choices=Source.choices, empty_label=_("Toutes")
    )
    target_departement = django_filters.ModelChoiceFilter(
        label=_("Département visé"), queryset=None, empty_label=_("Tous")
    )
    tag = django_filters.CharFilter(label=_("Étiquette"), method="filter_tag")
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Chargé(e) de mission"),
        queryset=None,
        empty_label=_("Tous"),
        null_label=_("Sans chargé(e) de mission"),
        null_value=NOBODY,
    )
    closed_reason = django_filters.ChoiceFilter(
        label=_("Motif de clôture"), choices=ClosedReason.choices, empty_label=_("Tous")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Seulement les suivis en retard"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Dossier
        fields = []

    def __init__(self, data=None, queryset=None, *, tenant, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.tenant = tenant
        self.filters["target_departement"].queryset = tenant.covered_departements()
        self.filters["assigned_to"].queryset = case_managers(tenant)
        self.form.fields["assigned_to"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )
        self.form.fields["target_departement"].label_from_instance = lambda departement: (
            f"{departement.insee_code} — {departement.name}"
        )

    def search(self, queryset, name, value):
        """Every word must match: a number, the start of the RPPS number; other words, a name
        or the e-mail address, anywhere (on PostgreSQL, trigram indexes serve both: see
        migration 0003)."""
        for word in value.split():
            digits = word.replace(".", "")
            if digits.isdigit():
                queryset = queryset.filter(rpps__startswith=digits)
            else:
                queryset = queryset.filter(
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(email__icontains=word)
                )
        return queryset

    def filter_tag(self, queryset, name, value):
        tag = value.strip()
        if not tag:
            return queryset
        if connection.vendor == "postgresql":
            return queryset.filter(tags__contains=[tag])
        # Elsewhere (SQLite), JSON containment is not available: match the quoted element.
        return queryset.filter(tags__icontains=json.dumps(tag))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        overdue = FollowUp.objects.filter(tenant=self.tenant).overdue(timezone.localdate())
        return queryset.filter(pk__in=overdue.values("dossier_id"))
