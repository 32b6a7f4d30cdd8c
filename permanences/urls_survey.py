# Included by permanences/urls.py under /<tenant_slug>/permanences/ (namespace "permanences").
from django.urls import path

from . import survey_views

urlpatterns = [
    path("questionnaire/<str:token>/", survey_views.survey, name="survey"),
    path("questionnaire/<str:token>/merci/", survey_views.survey_thanks, name="survey_thanks"),
]
