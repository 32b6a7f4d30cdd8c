from django.contrib import admin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tenant", "departement"]
    list_filter = ["tenant", "kind"]
    search_fields = ["name"]
