from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConventionsConfig(AppConfig):
    verbose_name = _("Conventions et partenaires")
    name = "conventions"
