"""The caseload in the Django admin: for platform superusers (scopes disabled there), mostly to
look. Dossiers are changed through the case managers' pages, which keep their history."""

from django.contrib import admin

from .models import (
    AssignmentChange,
    Campaign,
    CampaignTarget,
    Dossier,
    FollowUp,
    ImportJob,
    InstallationOutcome,
    Interaction,
    StageChange,
)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "reason", "changed_by", "changed_at"]


class AssignmentChangeInline(admin.TabularInline):
    model = AssignmentChange
    fk_name = "dossier"
    extra = 0
    can_delete = False
    readonly_fields = ["from_user", "to_user", "changed_by", "changed_at"]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tenant", "stage", "assigned_to", "source", "person", "updated_at"]
    list_filter = ["tenant", "stage", "source", "do_not_call"]
    search_fields = ["first_name", "last_name", "email", "rpps"]
    list_select_related = ["tenant", "assigned_to", "person"]
    raw_id_fields = ["person", "assigned_to"]
    readonly_fields = ["version", "created_at", "updated_at", "anonymised_at"]
    inlines = [StageChangeInline, AssignmentChangeInline]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["dossier", "kind", "outcome", "occurred_at", "author", "shareable"]
    list_filter = ["tenant", "kind", "outcome", "shareable"]
    list_select_related = ["dossier", "author"]
    raw_id_fields = ["dossier", "author", "campaign"]


class CampaignTargetInline(admin.TabularInline):
    model = CampaignTarget
    extra = 0
    raw_id_fields = ["dossier", "claimed_by"]
    readonly_fields = ["attempts", "last_attempt_at", "claimed_at"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "tenant", "is_active", "created_at"]
    list_filter = ["tenant", "is_active"]
    filter_horizontal = ["case_managers"]


@admin.register(CampaignTarget)
class CampaignTargetAdmin(admin.ModelAdmin):
    list_display = ["dossier", "campaign", "status", "attempts", "call_back_at", "claimed_by"]
    list_filter = ["campaign", "status"]
    list_select_related = ["dossier", "campaign", "claimed_by"]
    raw_id_fields = ["dossier", "claimed_by"]


@admin.register(InstallationOutcome)
class InstallationOutcomeAdmin(admin.ModelAdmin):
    list_display = ["dossier", "installed_on", "commune", "departement", "structure"]
    list_filter = ["tenant", "departement"]
    raw_id_fields = ["dossier"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["dossier", "months_after", "due_on", "done_at"]
    list_filter = ["tenant", "months_after"]
    raw_id_fields = ["dossier"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "tenant", "kind", "status", "uploaded_by", "created_at"]
    list_filter = ["tenant", "kind", "status"]
    readonly_fields = ["report"]
