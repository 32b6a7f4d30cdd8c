"""Imports, exports and the audit journal of the caseload (included by caseload/urls.py under
/<tenant_slug>/suivi/, namespace "caseload")."""

from django.urls import path

from . import data_views

urlpatterns = [
    path("imports/", data_views.import_list, name="import_list"),
    path("imports/modele-<str:kind>.csv", data_views.import_template, name="import_template"),
    path("imports/<int:pk>/", data_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/etat/", data_views.import_state, name="import_state"),
    path("imports/<int:pk>/confirmer/", data_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/relancer/", data_views.import_revalidate, name="import_revalidate"),
    path("imports/<int:pk>/erreurs.csv", data_views.import_errors, name="import_errors"),
    path("export/dossiers.<str:fmt>", data_views.export_dossiers, name="export_dossiers"),
    path("export/echanges.<str:fmt>", data_views.export_interactions, name="export_interactions"),
    path("journal/", data_views.journal, name="journal"),
]
