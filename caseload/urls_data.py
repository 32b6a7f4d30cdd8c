"""Imports, exports and the audit journal of the caseload (included by caseload/urls.py under
/<tenant_slug>/suivi/, namespace "caseload")."""

from django.urls import path

from .views import data

urlpatterns = [
    path("imports/", data.import_list, name="import_list"),
    path("imports/modele-<str:kind>.csv", data.import_template, name="import_template"),
    path("imports/<int:pk>/", data.import_detail, name="import_detail"),
    path("imports/<int:pk>/etat/", data.import_state, name="import_state"),
    path("imports/<int:pk>/confirmer/", data.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/relancer/", data.import_revalidate, name="import_revalidate"),
    path("imports/<int:pk>/erreurs.csv", data.import_errors, name="import_errors"),
    path("export/dossiers.<str:fmt>", data.export_dossiers, name="export_dossiers"),
    path("export/echanges.<str:fmt>", data.export_interactions, name="export_interactions"),
    path("journal/", data.journal, name="journal"),
]
