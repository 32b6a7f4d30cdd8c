from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    verbose_name = _("Permanences")
    name = "permanences"

    def ready(self):
        from . import emails  # noqa: F401  (registers the outbox handlers)
