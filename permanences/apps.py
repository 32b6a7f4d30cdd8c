from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    verbose_name = _("Permanences")
    name = "permanences"

    def ready(self):
        # What the app records in the tenants' audit trail, and its outbox handlers.
        from . import audit, emails  # noqa: F401
