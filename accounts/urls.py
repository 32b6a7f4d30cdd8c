from django.urls import path

from caseload import data_views

from . import views, views_onboarding

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("qui/", views.whoami, name="whoami"),
    path("profil/modifier/", views.profile_edit, name="profile_edit"),
    path("projet/", views_onboarding.project, name="project"),
    path("etapes/<int:step_id>/", views.toggle_step, name="toggle_step"),
    # Personal-data rights (RGPD): see and download what the portal holds, ask for erasure.
    path("mes-donnees/", data_views.my_data, name="my_data"),
    path("mes-donnees.json", data_views.my_data_json, name="my_data_json"),
    path("mes-donnees/effacer/", data_views.erase_me, name="erase_me"),
]
