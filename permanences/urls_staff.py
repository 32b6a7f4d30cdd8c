# Included by permanences/urls.py under /<tenant_slug>/permanences/ (namespace "permanences").
# "animation/…": the hosts' pages; "gestion/…": the team's management pages.
from django.urls import path

from .views import desk, host, staff

urlpatterns = [
    # A session's hosts (and managers)
    path("animation/<int:pk>/", host.host_session, name="host_session"),
    path("animation/<int:pk>/tenue/", host.session_held, name="host_session_held"),
    path("animation/<int:pk>/inscrits.csv", host.export_csv, name="host_export_csv"),
    path("animation/<int:pk>/inscrits.xlsx", host.export_xlsx, name="host_export_xlsx"),
    path("animation/<int:pk>/inscrits.pdf", host.export_pdf, name="host_export_pdf"),
    # Managers: sessions
    path("gestion/", staff.session_list, name="staff_session_list"),
    path("gestion/nouvelle/", staff.session_create, name="staff_session_create"),
    path("gestion/<int:pk>/modifier/", staff.session_edit, name="staff_session_edit"),
    path("gestion/<int:pk>/publier/", staff.session_publish, name="staff_session_publish"),
    path("gestion/<int:pk>/annuler/", staff.session_cancel, name="staff_session_cancel"),
    path("gestion/<int:pk>/inscrire/", desk.book_on_behalf, name="staff_book"),
    path("gestion/<int:pk>/inviter/", desk.invite_to_sign_up, name="staff_invite"),
    # Managers: bookings
    path(
        "gestion/inscriptions/<int:pk>/annuler/",
        desk.booking_cancel,
        name="staff_booking_cancel",
    ),
    path(
        "gestion/inscriptions/<int:pk>/deplacer/",
        desk.booking_move,
        name="staff_booking_move",
    ),
    # Managers: monthly templates
    path("gestion/rythmes/", staff.template_list, name="staff_template_list"),
    path("gestion/rythmes/nouveau/", staff.template_create, name="staff_template_create"),
    path("gestion/rythmes/<int:pk>/modifier/", staff.template_edit, name="staff_template_edit"),
    path(
        "gestion/rythmes/<int:pk>/supprimer/",
        staff.template_delete,
        name="staff_template_delete",
    ),
    path(
        "gestion/rythmes/<int:pk>/generer/",
        staff.template_generate,
        name="staff_template_generate",
    ),
]
