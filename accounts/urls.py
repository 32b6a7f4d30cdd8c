from django.urls import path

from . import views, views_onboarding

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("qui/", views.whoami, name="whoami"),
    path("profil/modifier/", views.profile_edit, name="profile_edit"),
    path("projet/", views_onboarding.project, name="project"),
    path("etapes/<int:step_id>/", views.toggle_step, name="toggle_step"),
]
