"""The person's personal-data rights (RGPD), under /moi/ (namespace "privacy"): see and
download what the portal holds, ask for erasure."""

from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees.json", views.my_data_json, name="my_data_json"),
    path("mes-donnees/effacer/", views.erase_me, name="erase_me"),
]
