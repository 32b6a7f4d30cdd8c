# Included by portal/urls.py under /moi/inscriptions/ (namespace "my_bookings").
from django.urls import path

from .views import public

app_name = "my_bookings"
urlpatterns = [
    path("", public.my_bookings, name="list"),
    path("<int:pk>/annuler/", public.cancel_from_my_bookings, name="cancel"),
]
