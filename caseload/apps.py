from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseloadConfig(AppConfig):
    verbose_name = _("Suivi des dossiers")
    name = "caseload"
