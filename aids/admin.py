from django.contrib import admin

from .models import AidMeasure, SurveyResponse, TrainingCapacity


@admin.register(AidMeasure)
class AidMeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "departement", "region", "category", "year", "amount", "origin"]
    list_filter = ["category", "year", "origin", "departement__region"]
    search_fields = ["title", "details", "amount", "departement__name", "departement__insee_code"]
    list_select_related = ["departement", "region"]
    # An aid added here is "manual": the atlas import never touches it. Editing an imported
    # aid is possible, but the next import puts the atlas's text back.
    readonly_fields = ["origin", "import_key", "created_at", "updated_at"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["departement", "year", "status"]
    list_filter = ["year", "status"]
    list_select_related = ["departement"]


@admin.register(TrainingCapacity)
class TrainingCapacityAdmin(admin.ModelAdmin):
    list_display = [
        "faculty",
        "region",
        "year",
        "surgery",
        "medical_specialties",
        "general_medicine",
        "medical_biology",
        "emergency",
        "anaesthesia",
    ]
    list_filter = ["year", "region"]
    list_select_related = ["region"]
