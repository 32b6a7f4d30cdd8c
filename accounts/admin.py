from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from .models import Invitation, Membership, Profile, SettlementStep, Tenant, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "inactivity_warning_sent_at"]}),
    ]
    readonly_fields = ["inactivity_warning_sent_at"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Tenant)
class TenantAdmin(GuardedModelAdmin):
    list_display = ["name", "slug", "region", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["departements"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "tenant", "role", "created_at", "sent_at", "accepted_at"]
    list_filter = ["tenant", "role"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "specialty", "maturity", "followed_tenant"]
    list_filter = ["status", "specialty", "maturity", "followed_tenant"]
    search_fields = ["user__email", "user__last_name", "rpps"]
    autocomplete_fields = ["user"]


@admin.register(SettlementStep)
class SettlementStepAdmin(admin.ModelAdmin):
    list_display = ["title", "tenant", "position"]
    list_filter = ["tenant"]
