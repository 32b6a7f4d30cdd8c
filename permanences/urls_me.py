# Included by portal/urls.py under /moi/inscriptions/ (namespace "my_bookings").
from django.urls import path

from . import public_views

app_name = "my_bookings"
urlpatterns = [
    path("", public_views.my_bookings, name="list"),
    path("<int:pk>/annuler/", public_views.cancel_from_my_bookings, name="cancel"),
]
