from django.urls import path

from . import urls_public, urls_staff, urls_survey
from .views import host

app_name = "permanences"
urlpatterns = [
    path("animation/", host.host_home, name="host_home"),
    *urls_public.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_survey.urlpatterns,
]
