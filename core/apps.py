from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground every app stands on: it imports no app of the project."""

    name = "core"
    verbose_name = _("Socle")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
