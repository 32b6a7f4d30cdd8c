# Included by permanences/urls.py under /<tenant_slug>/permanences/ (namespace "permanences").
from django.urls import path

from . import calendar_feed
from .views import invitation, public

urlpatterns = [
    path("", public.session_list, name="list"),
    path("calendrier.ics", calendar_feed.session_feed, name="feed"),
    path("<int:pk>/", public.session_detail, name="detail"),
    path("<int:pk>/annuler/", public.cancel_my_booking, name="cancel"),
    path("<int:pk>/invitation.ics", invitation.booking_invitation, name="booking_ics"),
    path(
        "departement/<str:insee_code>/",
        public.departement_sessions,
        name="departement",
    ),
]
