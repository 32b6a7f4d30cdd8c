# Included by permanences/urls.py under /<tenant_slug>/permanences/ (namespace "permanences").
from django.urls import path

from .views import survey

urlpatterns = [
    path("questionnaire/<str:token>/", survey.survey, name="survey"),
    path("questionnaire/<str:token>/merci/", survey.survey_thanks, name="survey_thanks"),
]
