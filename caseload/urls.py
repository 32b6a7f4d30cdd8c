# Included by portal/urls.py under /<tenant_slug>/suivi/ (namespace "caseload").
from django.urls import include, path

from .views import campaigns, dossiers, survey

app_name = "caseload"
urlpatterns = [
    path("", dossiers.home, name="home"),
    path("transfert/", dossiers.transfer, name="transfer"),
    # Dossiers
    path("dossiers/nouveau/", dossiers.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/modifier/", dossiers.dossier_edit, name="dossier_edit"),
    path("dossiers/<int:pk>/etape/", dossiers.dossier_stage, name="dossier_stage"),
    path("dossiers/<int:pk>/attribuer/", dossiers.dossier_assign, name="dossier_assign"),
    path("dossiers/<int:pk>/echange/", dossiers.interaction_create, name="interaction_create"),
    path("dossiers/<int:pk>/installation/", dossiers.installation, name="installation"),
    path(
        "dossiers/<int:pk>/rattachements/<int:suggestion_pk>/",
        dossiers.link_suggestion,
        name="link_suggestion",
    ),
    path("suivis/<int:pk>/", dossiers.follow_up_done, name="follow_up_done"),
    path("profils/<int:user_id>/ouvrir/", dossiers.open_for_profile, name="open_for_profile"),
    # Call campaigns
    path("campagnes/", campaigns.campaign_list, name="campaign_list"),
    path("campagnes/nouvelle/", campaigns.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campagnes/<int:pk>/ajouter/", campaigns.campaign_add_targets, name="campaign_add"),
    path("campagnes/<int:pk>/statut/", campaigns.campaign_toggle, name="campaign_toggle"),
    path("campagnes/<int:pk>/appels/", campaigns.call_queue, name="call_queue"),
    path(
        "campagnes/<int:pk>/appels/<int:target_pk>/",
        campaigns.call_outcome,
        name="call_outcome",
    ),
    path(
        "campagnes/<int:pk>/appels/<int:target_pk>/quitter/",
        campaigns.call_release,
        name="call_release",
    ),
    # The end-of-follow-up questionnaire: a signed link, no login.
    path("questionnaire/merci/", survey.follow_up_survey_thanks, name="follow_up_survey_thanks"),
    path("questionnaire/<str:token>/", survey.follow_up_survey, name="follow_up_survey"),
    # imports, exports, personal data: caseload/urls_data.py
    path("", include("caseload.urls_data")),
]
