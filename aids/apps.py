from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidsConfig(AppConfig):
    verbose_name = _("Catalogue des aides")
    name = "aids"
