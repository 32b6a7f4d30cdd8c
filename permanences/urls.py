from django.urls import path

from . import urls_public, urls_staff, urls_survey, views

app_name = "permanences"
urlpatterns = [
    path("animation/", views.host_home, name="host_home"),
    *urls_public.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_survey.urlpatterns,
]
