"""The Django admin (platform superusers, scopes disabled): indicator definitions with their
entered values, and the tenants' evaluation settings. Tenant admins use /<slug>/pilotage/."""

from django import forms
from django.contrib import admin
from django_scopes.forms import SafeModelChoiceField

from .computations import registry
from .forms import DEFINITION_FIELDS
from .models import EnteredValue, EvaluationSettings, Indicator


class IndicatorAdminForm(forms.ModelForm):
    computation = forms.ChoiceField(required=False)

    class Meta:
        model = Indicator
        fields = DEFINITION_FIELDS
        field_classes = {"convention": SafeModelChoiceField, "annex": SafeModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computation"].choices = [("", "—")] + registry.choices()


class EnteredValueInline(admin.TabularInline):
    model = EnteredValue
    extra = 0
    fields = ["period_start", "departement", "value", "comment", "entered_by", "entered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # entries are typed on the tenant's page, which keeps their history


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm
    list_display = ["label", "code", "convention", "annex", "source", "unit", "tenant"]
    list_filter = ["tenant", "source", "unit"]
    search_fields = ["label", "code"]
    raw_id_fields = ["convention", "annex"]
    inlines = [EnteredValueInline]


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(admin.ModelAdmin):
    list_display = ["tenant", "small_cell_threshold"]
