from django.urls import path

from .views import tenant_admin as tenant_views

app_name = "tenant_admin"
urlpatterns = [
    path("", tenant_views.home, name="home"),
    path("invitations/nouvelle/", tenant_views.invite, name="invite"),
    path("invitations/<int:pk>/annuler/", tenant_views.revoke_invitation, name="revoke_invitation"),
    path("membres/<int:pk>/retirer/", tenant_views.remove_member, name="remove_member"),
    path("espace/", tenant_views.edit_tenant, name="edit_tenant"),
    path("etapes/", tenant_views.edit_steps, name="edit_steps"),
    path("messages-non-envoyes/", tenant_views.failed_messages, name="failed_messages"),
    path("journal/", tenant_views.journal, name="journal"),
]
