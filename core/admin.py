from django.contrib import admin

from .models import Departement, OutboxMessage, Region


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["key", "recipients"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "insee_code"]
