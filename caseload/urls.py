from django.urls import path

from . import views

app_name = "caseload"
urlpatterns = [path("", views.home, name="home")]
