from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import Http404
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

    # django-guardian's permission pages look their ids up as typed: "abc" answered 500.
    def obj_perms_manage_view(self, request, object_pk):
        _pk_or_404(Tenant, object_pk)
        return super().obj_perms_manage_view(request, object_pk)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        _pk_or_404(Tenant, object_pk)
        _pk_or_404(User, user_id)
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        _pk_or_404(Tenant, object_pk)
        _pk_or_404(Group, group_id)
        return super().obj_perms_manage_group_view(request, object_pk, group_id)


def _pk_or_404(model, value):
    """A 404 for a primary key the model's field cannot hold (letters for a number)."""
    try:
        model._meta.pk.to_python(unquote(value))
    except ValidationError:
        raise Http404 from None


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
