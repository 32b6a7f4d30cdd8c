from django.contrib import admin

from .models import Departement, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "insee_code"]
