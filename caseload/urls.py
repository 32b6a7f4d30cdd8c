# Included by portal/urls.py under /<tenant_slug>/suivi/ (namespace "caseload").
from django.urls import include, path

from . import campaign_views, survey_views, views

app_name = "caseload"
urlpatterns = [
    path("", views.home, name="home"),
    path("transfert/", views.transfer, name="transfer"),
    # Dossiers
    path("dossiers/nouveau/", views.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/modifier/", views.dossier_edit, name="dossier_edit"),
    path("dossiers/<int:pk>/etape/", views.dossier_stage, name="dossier_stage"),
    path("dossiers/<int:pk>/attribuer/", views.dossier_assign, name="dossier_assign"),
    path("dossiers/<int:pk>/echange/", views.interaction_create, name="interaction_create"),
    path("dossiers/<int:pk>/installation/", views.installation, name="installation"),
    path(
        "dossiers/<int:pk>/rattachements/<int:suggestion_pk>/",
        views.link_suggestion,
        name="link_suggestion",
    ),
    path("suivis/<int:pk>/", views.follow_up_done, name="follow_up_done"),
    path("profils/<int:user_id>/ouvrir/", views.open_for_profile, name="open_for_profile"),
    # Call campaigns
    path("campagnes/", campaign_views.campaign_list, name="campaign_list"),
    path("campagnes/nouvelle/", campaign_views.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("campagnes/<int:pk>/ajouter/", campaign_views.campaign_add_targets, name="campaign_add"),
    path("campagnes/<int:pk>/statut/", campaign_views.campaign_toggle, name="campaign_toggle"),
    path("campagnes/<int:pk>/appels/", campaign_views.call_queue, name="call_queue"),
    path(
        "campagnes/<int:pk>/appels/<int:target_pk>/",
        campaign_views.call_outcome,
        name="call_outcome",
    ),
    path(
        "campagnes/<int:pk>/appels/<int:target_pk>/quitter/",
        campaign_views.call_release,
        name="call_release",
    ),
    # The end-of-follow-up questionnaire: a signed link, no login.
    path(
        "questionnaire/merci/", survey_views.follow_up_survey_thanks, name="follow_up_survey_thanks"
    ),
    path("questionnaire/<str:token>/", survey_views.follow_up_survey, name="follow_up_survey"),
    # imports, exports, personal data: caseload/urls_data.py
    path("", include("caseload.urls_data")),
]
