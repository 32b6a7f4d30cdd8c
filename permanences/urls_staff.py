# Included by permanences/urls.py under /<tenant_slug>/permanences/ (namespace "permanences").
# "animation/…": the hosts' pages; "gestion/…": the team's management pages.
from django.urls import path

from . import desk_views, staff_views, views

urlpatterns = [
    # A session's hosts (and managers)
    path("animation/<int:pk>/", views.host_session, name="host_session"),
    path("animation/<int:pk>/tenue/", views.session_held, name="host_session_held"),
    path("animation/<int:pk>/inscrits.csv", views.export_csv, name="host_export_csv"),
    path("animation/<int:pk>/inscrits.xlsx", views.export_xlsx, name="host_export_xlsx"),
    path("animation/<int:pk>/inscrits.pdf", views.export_pdf, name="host_export_pdf"),
    # Managers: sessions
    path("gestion/", staff_views.session_list, name="staff_session_list"),
    path("gestion/nouvelle/", staff_views.session_create, name="staff_session_create"),
    path("gestion/<int:pk>/modifier/", staff_views.session_edit, name="staff_session_edit"),
    path("gestion/<int:pk>/publier/", staff_views.session_publish, name="staff_session_publish"),
    path("gestion/<int:pk>/annuler/", staff_views.session_cancel, name="staff_session_cancel"),
    path("gestion/<int:pk>/inscrire/", desk_views.book_on_behalf, name="staff_book"),
    path("gestion/<int:pk>/inviter/", desk_views.invite_to_sign_up, name="staff_invite"),
    # Managers: bookings
    path(
        "gestion/inscriptions/<int:pk>/annuler/",
        desk_views.booking_cancel,
        name="staff_booking_cancel",
    ),
    path(
        "gestion/inscriptions/<int:pk>/deplacer/",
        desk_views.booking_move,
        name="staff_booking_move",
    ),
    # Managers: monthly templates
    path("gestion/rythmes/", staff_views.template_list, name="staff_template_list"),
    path("gestion/rythmes/nouveau/", staff_views.template_create, name="staff_template_create"),
    path(
        "gestion/rythmes/<int:pk>/modifier/", staff_views.template_edit, name="staff_template_edit"
    ),
    path(
        "gestion/rythmes/<int:pk>/supprimer/",
        staff_views.template_delete,
        name="staff_template_delete",
    ),
    path(
        "gestion/rythmes/<int:pk>/generer/",
        staff_views.template_generate,
        name="staff_template_generate",
    ),
]
