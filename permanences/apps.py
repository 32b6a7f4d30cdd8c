from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    verbose_name = _("Permanences")
    name = "permanences"

    def ready(self):
        # What the app records in the tenants' audit trail, its outbox handlers, and what it
        # holds about a person (privacy.registry).
        from . import audit, emails, personal_data  # noqa: F401
