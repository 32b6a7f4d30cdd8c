from django.urls import path

from .views import definitions, grid, home, reports, semester

app_name = "evaluation"
urlpatterns = [
    path("", home.home, name="home"),
    path("export.<str:fmt>", home.export, name="export"),
    path("indicateurs/", definitions.definitions, name="definitions"),
    path("indicateurs/nouveau/", definitions.definition_create, name="definition_create"),
    path("indicateurs/<int:pk>/", definitions.definition_edit, name="definition_edit"),
    path("indicateurs/<int:pk>/valeurs/", definitions.entered_values, name="entered_values"),
    path("reglages/", definitions.settings, name="settings"),
    path("rapports/", reports.report_list, name="reports"),
    path("rapports/brouillon/", reports.report_draft, name="report_draft"),
    path("rapports/<int:pk>/etat/", reports.report_state, name="report_state"),
    path("rapports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("rapports/<int:pk>/xlsx/", reports.report_xlsx, name="report_xlsx"),
    path("departements/<str:code>/<str:semester>/", semester.semester_page, name="semester"),
    path("departements/<str:code>/<str:semester>.pdf", semester.semester_pdf, name="semester_pdf"),
    path("conventions/<int:pk>/evaluation/", grid.grid_page, name="grid"),
    path("conventions/<int:pk>/evaluation.pdf", grid.grid_pdf, name="grid_pdf"),
    path("conventions/<int:pk>/evaluation/modifier/", grid.grid_edit, name="grid_edit"),
]
