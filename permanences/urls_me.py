# Included by portal/urls.py under /moi/inscriptions/ (namespace "my_bookings").
from django.urls import path

from .views import me

app_name = "my_bookings"
urlpatterns = [
    path("", me.my_bookings, name="list"),
    path("<int:pk>/annuler/", me.cancel_from_my_bookings, name="cancel"),
]
