# Included by permanences/urls.py under /<tenant_slug>/permanences/ (namespace "permanences").
from django.urls import path

from . import booking_calendar, calendar_feed, public_views

urlpatterns = [
    path("", public_views.session_list, name="list"),
    path("calendrier.ics", calendar_feed.session_feed, name="feed"),
    path("<int:pk>/", public_views.session_detail, name="detail"),
    path("<int:pk>/annuler/", public_views.cancel_my_booking, name="cancel"),
    path("<int:pk>/invitation.ics", booking_calendar.booking_invitation, name="booking_ics"),
    path(
        "departement/<str:insee_code>/",
        public_views.departement_sessions,
        name="departement",
    ),
]
