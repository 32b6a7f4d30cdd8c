# Included by portal/urls.py under /<tenant_slug>/conventions/ (namespace "conventions").
from django.urls import path

from .views import annexes, conventions, documents, meetings, partners

app_name = "conventions"
urlpatterns = [
    # Conventions
    path("", conventions.convention_list, name="list"),
    path("nouvelle/", conventions.convention_create, name="create"),
    path("<int:pk>/", conventions.convention_detail, name="detail"),
    path("<int:pk>/modifier/", conventions.convention_edit, name="edit"),
    path("<int:pk>/parties/", conventions.convention_parties, name="parties"),
    path("<int:pk>/jalons/", conventions.convention_schedule, name="schedule"),
    # Signed documents
    path("<int:pk>/documents/ajouter/", documents.document_upload, name="document_upload"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/supprimer/", documents.document_delete, name="document_delete"),
    # Annexes (fiches action)
    path("<int:pk>/annexes/ajouter/", annexes.annex_create, name="annex_create"),
    path("annexes/<int:pk>/", annexes.annex_detail, name="annex_detail"),
    path("annexes/<int:pk>/modifier/", annexes.annex_edit, name="annex_edit"),
    path("annexes/<int:pk>/budget/", annexes.annex_budget, name="annex_budget"),
    # Meetings
    path("<int:pk>/reunions/ajouter/", meetings.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/supprimer/", meetings.meeting_delete, name="meeting_delete"),
    # Partners
    path("partenaires/", partners.partner_list, name="partners"),
    path("partenaires/ajouter/", partners.partner_create, name="partner_create"),
    path("partenaires/importer/", partners.partner_import, name="partner_import"),
    path(
        "partenaires/partenaires.csv",
        partners.partner_export,
        {"extension": "csv"},
        name="partner_export_csv",
    ),
    path(
        "partenaires/partenaires.xlsx",
        partners.partner_export,
        {"extension": "xlsx"},
        name="partner_export_xlsx",
    ),
    path("partenaires/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path("partenaires/<int:pk>/modifier/", partners.partner_edit, name="partner_edit"),
]
