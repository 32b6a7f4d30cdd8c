from django.urls import path

from . import views

app_name = "permanences"
urlpatterns = [path("animation/", views.host_home, name="host_home")]
