"""The Django admin (platform superusers, scopes disabled): partners and conventions with their
parts inline. Tenant staff use the pages under /<slug>/conventions/."""

from django.contrib import admin
from django.db.models import URLField

from . import models


class PartnerContactInline(admin.TabularInline):
    model = models.PartnerContact
    extra = 0
    exclude = ["tenant"]


@admin.register(models.Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tenant", "departement"]
    list_filter = ["tenant", "kind"]
    search_fields = ["name"]
    inlines = [PartnerContactInline]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


class PartyInline(admin.StackedInline):
    model = models.ConventionParty
    extra = 0
    exclude = ["tenant"]
    raw_id_fields = ["partner"]


class CadenceInline(admin.TabularInline):
    model = models.GovernanceCadence
    extra = 0
    exclude = ["tenant"]


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0
    exclude = ["tenant"]


class DocumentInline(admin.TabularInline):
    model = models.ConventionDocument
    extra = 0
    fields = ["title", "original_name", "size", "uploaded_at", "uploaded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the staff page, which checks the file


@admin.register(models.Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "tenant", "signature_date", "start_date", "end_date"]
    list_filter = ["tenant", "kind"]
    search_fields = ["title"]
    raw_id_fields = ["amends"]
    inlines = [PartyInline, CadenceInline, MilestoneInline, DocumentInline]


class BudgetLineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0
    exclude = ["tenant"]
    raw_id_fields = ["funder"]


@admin.register(models.Annex)
class AnnexAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "axis", "convention", "tenant"]
    list_filter = ["tenant", "axis"]
    exclude = ["tenant"]
    inlines = [BudgetLineInline]


class DecisionInline(admin.TabularInline):
    model = models.Decision
    extra = 0
    exclude = ["tenant"]
    raw_id_fields = ["owner_partner"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["kind", "starts_at", "convention", "tenant"]
    list_filter = ["tenant", "kind"]
    exclude = ["tenant"]
    raw_id_fields = ["annex"]
    filter_horizontal = ["attendees"]
    inlines = [DecisionInline]
