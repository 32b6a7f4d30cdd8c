from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidsConfig(AppConfig):
    verbose_name = _("Catalogue des aides")
    name = "aids"

    def ready(self):
        # Its section of the person's profile page (accounts.profile_sections).
        from . import profile_section  # noqa: F401
