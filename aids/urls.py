# Included by portal/urls.py under /aides/ (namespace "aids"): public, national, no tenant.
from django.urls import path

from . import views

app_name = "aids"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("departement/<str:insee_code>/", views.departement_aids, name="departement"),
    path("region/<str:insee_code>/", views.region_aids, name="region"),
    path("aide/<int:pk>/", views.aid_detail, name="detail"),
]
