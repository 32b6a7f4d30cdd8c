from django.urls import path

from .views import onboarding as views_onboarding
from .views import profile as views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("qui/", views.whoami, name="whoami"),
    path("profil/modifier/", views.profile_edit, name="profile_edit"),
    path("projet/", views_onboarding.project, name="project"),
    path("etapes/<int:step_id>/", views.toggle_step, name="toggle_step"),
]
